import { ConfigSchema } from "./schema.ts";

// Reading the schema's own structure is what lets new sections work without loader changes: env names, string
// coercion and unknown-key suggestions all come from here.

/** The parts of a valibot schema object this module reads. */
interface Node {
  type: string;
  wrapped?: Node;
  entries?: Record<string, Node>;
  item?: Node;
  options?: unknown[];
  key?: string;
  literal?: unknown;
  message?: unknown;
}

/** The root of the config schema, as a walkable node. */
export const ROOT: Node = ConfigSchema as unknown as Node;

const WRAPPERS = new Set(["optional", "nullable", "nullish", "exact_optional", "undefinedable", "non_optional"]);
const OBJECTS = new Set(["object", "strict_object", "loose_object"]);

/** The schema without optional/nullable wrappers. */
export function unwrap(node: Node): Node {
  let n = node;
  while (WRAPPERS.has(n.type) && n.wrapped) n = n.wrapped;
  return n;
}

/** Entries of an object schema (after unwrapping), or undefined for anything else. */
export function entriesOf(node: Node): Record<string, Node> | undefined {
  const n = unwrap(node);
  return OBJECTS.has(n.type) ? n.entries : undefined;
}

/** The schema at a key path (through objects, list items and variant options), or undefined when it names no key. */
export function schemaAt(path: ReadonlyArray<string | number>, root: Node = ROOT): Node | undefined {
  let node: Node | undefined = root;
  for (const key of path) {
    const n: Node | undefined = node && unwrap(node);
    if (n?.type === "array" && typeof key === "number") node = n.item;
    else if (n?.type === "variant") node = (n.options as Node[]).map((o) => schemaAt([key], o)).find((x) => x);
    else {
      const entries = n && entriesOf(n);
      node = entries && typeof key === "string" && Object.hasOwn(entries, key) ? entries[key] : undefined;
    }
    if (!node) return undefined;
  }
  return node;
}

/** Every settable dotted key: paths through objects down to each non-object value (lists count as values). */
export function leafKeys(root: Node = ROOT, prefix = ""): string[] {
  const entries = entriesOf(root);
  if (!entries) return prefix ? [prefix] : [];
  return Object.entries(entries).flatMap(([k, n]) => leafKeys(n, prefix ? `${prefix}.${k}` : k));
}

/** The expectation phrase of a schema (its message), for "missing (expected …)". */
export function expectation(node: Node): string | undefined {
  const n = unwrap(node);
  return typeof n.message === "string" ? n.message : undefined;
}

/** The base types a schema accepts ("number", "string", "array", …), looking through unions and variants. */
function accepts(node: Node): Set<string> {
  const n = unwrap(node);
  if (n.type === "union" || n.type === "variant") {
    return new Set((n.options as Node[]).flatMap((o) => [...accepts(o)]));
  }
  if (n.type === "picklist" || n.type === "literal") return new Set(["string"]);
  return new Set([OBJECTS.has(n.type) ? "object" : n.type]);
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  "1": true,
  false: false,
  no: false,
  off: false,
  "0": false,
};

/** Turns a string from the environment or a flag into the type the schema wants; leaves it alone when it can't. */
export function coerce(node: Node, raw: string): unknown {
  const kinds = accepts(node);
  const s = raw.trim();
  if (kinds.has("array")) {
    if (s.startsWith("[")) return parseJson(s);
    const item = unwrap(node).item;
    const parts = s === "" ? [] : s.split(",").map((p) => p.trim());
    return item ? parts.map((p) => coerce(item, p)) : parts;
  }
  if (kinds.has("object") && s.startsWith("{")) return parseJson(s);
  if (kinds.has("number") && NUMERIC.test(s)) return Number(s);
  if (kinds.has("boolean") && s.toLowerCase() in BOOLEANS) return BOOLEANS[s.toLowerCase()];
  return raw;
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** A key present in the data that the schema does not know, with its path. */
export interface UnknownKey {
  path: Array<string | number>;
  known: string[];
}

/** Finds every unknown key in the data, walking objects, lists and tagged variants (valibot reports only the first). */
export function unknownKeys(data: unknown, node: Node = ROOT, path: Array<string | number> = []): UnknownKey[] {
  const n = unwrap(node);
  if (Array.isArray(data)) {
    return n.type === "array" && n.item ? data.flatMap((d, i) => unknownKeys(d, n.item!, [...path, i])) : [];
  }
  if (data === null || typeof data !== "object") return [];
  const record = data as Record<string, unknown>;
  if (n.type === "variant" && n.key) {
    const option = (n.options as Node[]).find(
      (o) => schemaAt([n.key!], o) && unwrap(schemaAt([n.key!], o)!).literal === record[n.key!],
    );
    return option ? unknownKeys(data, option, path) : [];
  }
  const entries = entriesOf(n);
  if (!entries) return [];
  return Object.entries(record).flatMap(([k, v]) =>
    Object.hasOwn(entries, k)
      ? unknownKeys(v, entries[k]!, [...path, k])
      : [{ path: [...path, k], known: Object.keys(entries) }],
  );
}

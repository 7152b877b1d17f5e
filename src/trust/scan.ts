// Where a call's arguments name fields: domains, field lists, value dicts, order clauses. Strings given as plain
// arguments (a name to search for, a message body) are not field names and are left alone.

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[a-z_]+)?$/;
const OPERATORS = new Set(["&", "|", "!"]);
const SKIPPED_KWARGS = new Set(["context", "name", "body", "subject", "operator", "limit", "offset", "lazy"]);

const isLeaf = (x: readonly unknown[]) => x.length === 3 && typeof x[0] === "string" && typeof x[1] === "string";

/** Field paths an `order` clause names ("date desc, partner_id.name"). */
const orderPaths = (order: string) =>
  order
    .split(",")
    .map((part) => part.trim().split(/\s+/)[0] ?? "")
    .filter((p) => p !== "");

/** Calls `visit` with every field path the arguments name; stops at the first path `visit` returns true for. */
export function findFieldPath(
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  visit: (path: string) => boolean,
): string | undefined {
  let found: string | undefined;
  const check = (path: string) => {
    if (found === undefined && PATH.test(path) && visit(path.split(":")[0] ?? path)) found = path.split(":")[0];
  };
  // A sub-domain of `any` / `not any` names fields of the related model: its paths continue the leaf's.
  const walk = (value: unknown, prefix = ""): void => {
    if (found !== undefined || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      if (isLeaf(value)) {
        check(prefix + (value[0] as string));
        if (/any$/.test(value[1] as string)) walk(value[2], `${prefix}${value[0] as string}.`);
        return;
      }
      for (const item of value) {
        if (typeof item === "string") {
          if (!OPERATORS.has(item)) check(prefix + item);
        } else walk(item, prefix);
      }
      return;
    }
    for (const [key, inner] of Object.entries(value)) {
      check(prefix + key);
      walk(inner, prefix);
    }
  };
  // Top-level positional strings are values (name_search's name), not field names.
  for (const arg of args) walk(arg);
  for (const [key, value] of Object.entries(kwargs)) {
    if (SKIPPED_KWARGS.has(key)) continue;
    if (typeof value === "string") {
      if (key === "order" || key === "orderby") for (const p of orderPaths(value)) check(p);
    } else walk(value);
  }
  return found;
}

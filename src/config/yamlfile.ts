import type { Node } from "yaml";
import { ConfigError } from "./errors.ts";

/** A parsed config file and a way to find the line of any key in it. */
export interface YamlFile {
  data: Record<string, unknown>;
  /** 1-based line of the key (or list item) at exactly this path, if the file has it. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/** Reads and parses a YAML config file; missing, unreadable or invalid files are ConfigErrors. */
export async function readYamlFile(path: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await Bun.file(path).text();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ConfigError(`${path}: config file not found`);
    if (code === "EISDIR") throw new ConfigError(`${path}: is a directory, expected a YAML config file`);
    throw new ConfigError(`${path}: cannot read config file (${code ?? (e as Error).message})`);
  }
  // Loaded here, not at start-up: a configuration from the environment alone never needs the YAML parser.
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = await import("yaml");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    // Only the first line of yaml's message: the rest quotes the source, which may hold a password.
    throw new ConfigError(
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]).line;
        return `${path}:${at}: invalid YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`;
      }),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data) || data === null) {
    throw new ConfigError(`${path}:1: expected a mapping of keys (like "odoo_url: …") at the top level`);
  }
  const lineOf = (keys: ReadonlyArray<string | number>) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const key of keys) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) return undefined;
        offset = (pair.key as Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        node = node.items[key];
        offset = (node as Node | undefined)?.range?.[0];
      } else return undefined;
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  return { data: data as Record<string, unknown>, lineOf };
}

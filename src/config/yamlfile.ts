import type * as Yaml from "yaml";
import { ConfigError } from "./errors.ts";
import { bunReadsAlike } from "./yamlcheck.ts";

/** A parsed config file and a way to find the line of any key in it. */
export interface YamlFile {
  data: Record<string, unknown>;
  /** 1-based line of the key (or list item) at exactly this path, if the file has it. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

type LineOf = YamlFile["lineOf"];

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
  const fast = bunReadsAlike(text) ? bunParse(text) : undefined;
  if (fast) {
    // The yaml library (~20 ms of the interpreted start-up) is loaded only when a problem needs a line number.
    let full: LineOf | undefined;
    const lineOf: LineOf = (keys) => {
      full ??= parseWith(require("yaml"), path, text).lineOf;
      return full(keys);
    };
    return { data: mapping(path, fast.data), lineOf };
  }
  // Loaded here, not at start-up: a configuration from the environment alone never needs the YAML parser.
  const parsed = parseWith(await import("yaml"), path, text);
  return { data: mapping(path, parsed.data), lineOf: parsed.lineOf };
}

/** Bun's parse, or undefined where it fails (the library then reports the error, with its line). */
function bunParse(text: string): { data: unknown } | undefined {
  try {
    return { data: Bun.YAML.parse(text) };
  } catch {
    return undefined;
  }
}

/** The top level of a config must be a mapping; an empty file is an empty one. */
function mapping(path: string, data: unknown): Record<string, unknown> {
  data ??= {};
  if (typeof data !== "object" || Array.isArray(data) || data === null) {
    throw new ConfigError(`${path}:1: expected a mapping of keys (like "odoo_url: …") at the top level`);
  }
  return data as Record<string, unknown>;
}

/** Parses with the yaml library: its errors become ConfigErrors, and every key's line can be found. */
function parseWith(yaml: typeof Yaml, path: string, text: string): { data: unknown; lineOf: LineOf } {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml;
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
  const lineOf: LineOf = (keys) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const key of keys) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) return undefined;
        offset = (pair.key as Yaml.Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        node = node.items[key];
        offset = (node as Yaml.Node | undefined)?.range?.[0];
      } else return undefined;
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  return { data: doc.toJS(), lineOf };
}

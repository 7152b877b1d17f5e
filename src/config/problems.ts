import type { BaseIssue } from "valibot";
import { envNamesFor } from "./env.ts";
import { expectation, schemaAt, type UnknownKey } from "./introspect.ts";
import { SECRET_NAME } from "./redact.ts";
import { didYouMean } from "./suggest.ts";
import type { YamlFile } from "./yamlfile.ts";

type Path = ReadonlyArray<string | number>;

/** Remembers where each key's value came from: `config.yaml:12`, `env ODOO_URL`, `--port`. */
export class Sources {
  private readonly set = new Map<string, string>();

  constructor(
    private readonly path?: string,
    private readonly file?: YamlFile,
  ) {}

  /** Records that a layer above the file set this key (shadowing whatever the file had below it). */
  record(key: string, source: string): void {
    for (const k of this.set.keys()) if (k.startsWith(`${key}.`)) this.set.delete(k);
    this.set.set(key, source);
  }

  /** Where the value at this path came from: the deepest override, else the deepest line of the file, else the file. */
  of(path: Path): string | undefined {
    for (let i = path.length; i > 0; i--) {
      const source = this.set.get(path.slice(0, i).join("."));
      if (source) return source;
    }
    for (let i = path.length; i > 0 && this.file; i--) {
      const line = this.file.lineOf(path.slice(0, i));
      if (line !== undefined) return `${this.path}:${line}`;
    }
    return this.path;
  }

  /** `source: dotted.key: ` — the start of every problem line. */
  prefix(path: Path): string {
    const source = this.of(path);
    return `${source ? `${source}: ` : ""}${path.length ? `${path.join(".")}: ` : ""}`;
  }
}

/** Whether the value at this path is a credential (its value must never appear in a message). */
const isSecretPath = (path: Path) => {
  const last = String(path[path.length - 1] ?? "");
  return SECRET_NAME.test(last) && !last.endsWith("_file");
};

/** How a found value is shown in a message: quoted strings, kinds for lists and maps, never a secret. */
export function shown(value: unknown, path: Path): string {
  const kind = Array.isArray(value) ? "a list" : value === null ? "an empty value" : `a ${typeof value}`;
  if (value === undefined) return "nothing";
  if (isSecretPath(path) || value === null) return kind;
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? kind : "a mapping";
}

/** One problem line for a valibot issue, or undefined for unknown keys (reported with suggestions instead). */
export function issueProblem(issue: BaseIssue<unknown>, sources: Sources): string | undefined {
  const path: Path = (issue.path ?? []).map((p) => p.key as string | number);
  const objectIssue = issue.type === "strict_object" || issue.type === "object";
  if (objectIssue && issue.expected === "never") return undefined;
  const prefix = sources.prefix(path);
  if (issue.type === "partial_check") return prefix + issue.message;
  if (objectIssue && issue.input === undefined && path.length > 0) {
    const node = schemaAt(path);
    const what = node && expectation(node);
    const names = envNamesFor(path.join("."));
    const hint = names.length ? ` — set it in the config file or with ${names.join(" or ")}` : "";
    return `${prefix}missing${what ? ` (expected ${what})` : ""}${hint}`;
  }
  const quote = (typeof issue.input === "number" || typeof issue.input === "boolean") && issue.expected === "string";
  return `${prefix}expected ${issue.message}, got ${shown(issue.input, path)}${quote ? " (put it in quotes)" : ""}`;
}

/** One problem line for an unknown key, with the closest known key as a suggestion. */
export function unknownKeyProblem(u: UnknownKey, sources: Sources): string {
  const key = String(u.path[u.path.length - 1]);
  return `${sources.prefix(u.path)}unknown key${didYouMean(key, u.known)}`;
}

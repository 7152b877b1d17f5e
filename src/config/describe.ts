import { stringify } from "yaml";
import { SECRET_NAME } from "./redact.ts";
import type { Config } from "./schema.ts";

/** A deep copy of the config with every secret value replaced by "***" (`*_file` paths are kept: they are not secret). */
export function redactConfig(config: Config): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_NAME.test(k) && !k.endsWith("_file") && v !== undefined ? "***" : walk(v),
      ]),
    );
  };
  return walk(config) as Record<string, unknown>;
}

/** The effective configuration as YAML, secrets redacted — for `doctor` and the startup log. */
export function describeConfig(config: Config): string {
  return stringify(redactConfig(config), { lineWidth: 0 }).trimEnd();
}

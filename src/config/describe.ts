import { SECRET_NAME } from "./redact.ts";
import type { Config } from "./schema.ts";

/** The password of a URL with credentials (`https://user:pw@host`, for a proxy's basic auth), raw and decoded. */
export function urlPasswords(url: string): string[] {
  const password = URL.canParse(url) ? new URL(url).password : "";
  return password ? [...new Set([password, decodeURIComponent(password)])] : [];
}

/** A deep copy of the config with every secret value replaced by "***" (`*_file` paths are kept: they are not secret). */
export function redactConfig(config: Config): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "string") return urlPasswords(value).reduce((s, pw) => s.replace(`:${pw}@`, ":***@"), value);
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

/** The effective configuration as YAML, secrets redacted — for the startup log (the YAML writer is loaded only then). */
export async function describeConfig(config: Config): Promise<string> {
  const { stringify } = await import("yaml");
  return stringify(redactConfig(config), { lineWidth: 0 }).trimEnd();
}

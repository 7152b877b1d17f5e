import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, type LoadOptions, loadConfig } from "../../../src/config/load.ts";

/** A fresh temporary directory for one test file. */
export const tempDir = () => mkdtempSync(join(tmpdir(), "odoo-mcp-config-"));

/** Writes a file into dir and returns its path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The minimum that validates, as YAML lines. */
export const MINIMAL = ["odoo_url: http://localhost:8069", "database: db", "uid: admin", "password: pw"].join("\n");

/** The message of the ConfigError that loading throws; fails the test when loading succeeds or throws anything else. */
export async function configError(options: LoadOptions): Promise<string> {
  try {
    await loadConfig(options);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("expected a ConfigError, but the config loaded");
}

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
/** The compiled release binary the end-to-end tests spawn. */
export const BINARY = join(root, "dist", "odoo-mcp");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let building: Promise<string> | undefined;

/** Builds `dist/odoo-mcp` with `make build` when it is missing or older than the sources; shared by all e2e files. */
export function ensureBinary(): Promise<string> {
  building ??= (async () => {
    const built = (() => {
      try {
        return statSync(BINARY).mtimeMs;
      } catch {
        return 0;
      }
    })();
    const sources = newestMtime(join(root, "src"));
    if (built > sources) return BINARY;
    const proc = Bun.spawn(["make", "--no-print-directory", "build"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    if ((await proc.exited) !== 0) {
      throw new Error(`make build failed:\n${await new Response(proc.stderr).text()}`);
    }
    return BINARY;
  })();
  return building;
}

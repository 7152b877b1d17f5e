// A Bun macro: imported `with { type: "macro" }`, it runs when the importing file is transpiled (`make build`, tests),
// so each view's HTML is a string literal in the binary and nothing is read from disk at run time.
import { join } from "node:path";

/** The self-contained HTML of one view (src/apps/views/<name>.tsx), built by src/apps/bundle.ts. */
export function viewHtml(name: string): string {
  // Bun.build cannot run inside a macro while the bundler waits on it: a child process builds instead.
  const child = Bun.spawnSync([process.execPath, join(import.meta.dir, "bundle.ts"), name], {
    cwd: join(import.meta.dir, "../.."),
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (child.exitCode !== 0) throw new Error(`building view ${name} failed:\n${child.stderr.toString()}`);
  return child.stdout.toString();
}

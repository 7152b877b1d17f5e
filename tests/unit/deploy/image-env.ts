import { readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..", "..");

/** The runtime image's `ENV` (the Dockerfile's last stage), as the container starts with it. */
export function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const env: Record<string, string> = {};
  for (const line of runtime.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const [, k, val] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[k as string] = val as string;
  }
  return env;
}

/** The image's non-root user, from the root file system script's /etc/passwd line. */
export function imageUser(): { name: string; uid: number } {
  const script = readFileSync(join(ROOT, "scripts", "rootfs.sh"), "utf8");
  const m = /\\n(\w[\w-]*):x:(\d+):\d+:/.exec(script);
  if (!m) throw new Error("no non-root user in scripts/rootfs.sh");
  return { name: m[1] as string, uid: Number(m[2]) };
}

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeOdoo } from "../../src/fake-odoo/index.ts";

const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-http-e2e-"));

/** A config file serving HTTP on a free loopback port against `odoo`; `extra` YAML lines are appended. */
export function httpConfig(odoo: FakeOdoo, name: string, extra = ""): string {
  const path = join(dir, name);
  const { admin } = odoo.users;
  writeFileSync(
    path,
    `odoo_url: ${odoo.url}\ndatabase: ${odoo.database}\nuid: ${admin.login}\npassword: ${admin.password}\n` +
      `connection_type: sse\nhttp:\n  port: 0\n${extra}`,
  );
  return path;
}

/** A spawned odoo-mcp serving HTTP, its URL (from the `listening on` line) and everything it wrote to stderr. */
export interface Served {
  url: string;
  proc: ReturnType<typeof Bun.spawn>;
  stderr: () => string;
  stop(): Promise<number>;
}

/** Spawns `binary args…` (in `cwd`, when given) and waits for its `listening on http://…` line; rejects with stderr if it exits first. */
export async function spawnHttp(binary: string, args: string[], cwd?: string): Promise<Served> {
  const proc = Bun.spawn([binary, ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    ...(cwd ? { cwd } : {}),
  });
  let err = "";
  const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const url = await new Promise<string>((resolve, reject) => {
    const pump = async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return reject(new Error(`odoo-mcp exited (${await proc.exited}) before listening:\n${err}`));
        err += decoder.decode(value, { stream: true });
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m?.[1]) {
          resolve(m[1]);
          // keep draining so the child never blocks on a full pipe
          void (async () => {
            for (let r = await reader.read(); !r.done; r = await reader.read()) err += decoder.decode(r.value);
          })();
          return;
        }
      }
    };
    pump().catch(reject);
  });
  return {
    url,
    proc,
    stderr: () => err,
    async stop() {
      proc.kill("SIGTERM");
      return proc.exited;
    },
  };
}

/** Runs the binary to completion (for start-up refusals): exit code and stderr. */
export async function runToExit(binary: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const proc = Bun.spawn([binary, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr as ReadableStream).text()]);
  return { code, stderr };
}

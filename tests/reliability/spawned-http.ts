import { readFileSync } from "node:fs";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { ensureBinary } from "../e2e/binary.ts";
import { httpConfig, spawnHttp } from "../e2e/http-spawn.ts";

/** The compiled binary serving HTTP against a fake Odoo, seen from outside: its URL, memory, log and secrets. */
export interface SpawnedHttp {
  fake: FakeOdoo;
  url: string;
  /** The bearer token every request needs. */
  token: string;
  /** Headers every request carries (the token). */
  auth: Record<string, string>;
  /** The child's resident memory now, in bytes (Linux /proc). */
  rss(): number;
  /** Everything the binary wrote to stderr (its log, at DEBUG). */
  stderr(): string;
  /** Every secret that must never appear in an answer or a log line: the Odoo password, the token, Odoo session ids. */
  secrets(): string[];
  alive(): boolean;
  stop(): Promise<void>;
}

const TOKEN = "tok-hostile-0123456789-secret-bearer";
const PASSWORD = "pw-hostile-9876543210-secret";

/**
 * Starts a fake Odoo behind a recording proxy (it notes every Odoo session id handed out, for the secrets scan) and
 * the built binary serving HTTP against it, with a bearer token, logging at DEBUG, no rate limit and no approval;
 * `extraYaml` (top-level keys) is added to its configuration.
 */
export async function spawnLiveHttp(name: string, extraYaml = ""): Promise<SpawnedHttp> {
  const [fake, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
  // A password no answer contains by chance (the seed's "admin" is also a login and an e-mail address).
  fake.users.admin.password = PASSWORD;
  const sessions = new Set<string>();
  const proxy = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const res = await fetch(`${fake.url}${url.pathname}${url.search}`, {
        method: req.method,
        headers: req.headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer(),
        redirect: "manual",
      }).catch(() => undefined);
      // The fake dropped the connection (a soak fault): answered as a reverse proxy in front of Odoo would.
      if (!res) return new Response("Bad Gateway", { status: 502 });
      for (const m of (res.headers.get("set-cookie") ?? "").matchAll(/session_id=([^;,\s]+)/g))
        if (m[1]) sessions.add(m[1]);
      return new Response(res.body, { status: res.status, headers: res.headers });
    },
  });
  const config = httpConfig(
    { ...fake, url: `http://127.0.0.1:${proxy.port}` },
    name,
    `  auth_token: ${TOKEN}\nrequests_per_minute: 0\nsession_cache: false\napproval:\n  tools: []\nlogging:\n  level: DEBUG\n${extraYaml}`,
  );
  const served = await spawnHttp(binary, ["--config", config]);
  let exited = false;
  void served.proc.exited.then(() => (exited = true));
  return {
    fake,
    url: served.url,
    token: TOKEN,
    auth: { authorization: `Bearer ${TOKEN}` },
    rss() {
      const status = readFileSync(`/proc/${served.proc.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stderr: served.stderr,
    secrets: () => [PASSWORD, TOKEN, ...[...sessions].filter((s) => s.length >= 8)],
    alive: () => !exited,
    async stop() {
      await served.stop();
      proxy.stop(true);
      await fake.stop();
    },
  };
}

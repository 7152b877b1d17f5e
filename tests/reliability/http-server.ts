import * as v from "valibot";
import { ConfigSchema } from "../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { type RunningHttp, startHttp } from "../../src/http/serve.ts";
import { createLogger } from "../../src/log.ts";
import { odooClientFromConfig } from "../../src/wire.ts";

/** The HTTP server on a real socket in front of a fake Odoo, with everything it logged. */
export interface LiveHttp {
  fake: FakeOdoo;
  running: RunningHttp;
  url: string;
  /** Every line the server logged (at DEBUG and above). */
  logged: string[];
  password: string;
  /** Every Odoo session id Odoo handed out (set-cookie), for the secrets scan. */
  odooSessions: string[];
  stop(): Promise<void>;
}

/** Starts a fake Odoo and odoo-mcp's HTTP server against it (port 0); `config` overrides the defaults. */
export async function startLiveHttp(
  config: Record<string, unknown> = {},
  version: FakeVersion = "18.0",
): Promise<LiveHttp> {
  const fake = await startFakeOdoo({ version });
  const admin = fake.users.admin;
  const parsed = v.parse(ConfigSchema, {
    odoo_url: fake.url,
    database: fake.database,
    uid: admin.login,
    password: admin.password,
    connection_type: "sse",
    requests_per_minute: 0,
    logging: { level: "DEBUG" },
    approval: { tools: [] },
    ...config,
    http: { port: 0, ...(config.http as Record<string, unknown> | undefined) },
  });
  const logged: string[] = [];
  // As main does: the configured secrets are redacted from every line.
  const secrets = [parsed.password, parsed.api_key, parsed.http.auth_token].filter((s): s is string => !!s);
  const log = createLogger(parsed.logging, { secrets, stderr: { write: (line: string) => void logged.push(line) } });
  const odooSessions: string[] = [];
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    const cookie = /session_id=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    if (cookie) odooSessions.push(cookie);
    return res;
  };
  const odoo = odooClientFromConfig(parsed, log, recording);
  const running = await startHttp({ config: parsed, odoo, log, demo: false });
  return {
    fake,
    running,
    url: running.url,
    logged,
    password: admin.password,
    odooSessions,
    async stop() {
      await running.stop();
      await odoo.close().catch(() => {});
      await fake.stop();
    },
  };
}

import type { Config } from "../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { type RunningHttp, startHttp } from "../../src/http/serve.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import type { OdooClient } from "../../src/odoo/types.ts";
import { odooClientFromConfig } from "../../src/wire.ts";
import { fakeConfig } from "./odoo.ts";

/** The HTTP server on a real socket in front of a fake Odoo, with everything it logged. */
export interface LiveHttp {
  fake: FakeOdoo;
  running: RunningHttp;
  url: string;
  config: Config;
  /** The server's own Odoo client (as main builds it from the config). */
  odoo: OdooClient;
  log: Logger;
  /** Every line the server logged (at its configured level). */
  logged: string[];
  password: string;
  /** Every Odoo session id Odoo handed out (set-cookie), for the secrets scan. */
  odooSessions: string[];
  stop(): Promise<void>;
}

/**
 * Starts a fake Odoo of `version` and odoo-mcp's HTTP server against it (port 0), as main does (the configured
 * secrets redacted from every log line). `config` is laid over fakeConfig's.
 */
export async function startLiveHttp(
  config: Record<string, unknown> = {},
  version: FakeVersion = "18.0",
): Promise<LiveHttp> {
  const fake = await startFakeOdoo({ version });
  const parsed = fakeConfig(fake, config);
  const logged: string[] = [];
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
    config: parsed,
    odoo,
    log,
    logged,
    password: fake.users.admin.password,
    odooSessions,
    async stop() {
      await running.stop();
      await odoo.close().catch(() => {});
      await fake.stop();
    },
  };
}

/** The reliability suite's server: no rate limit, logging at DEBUG, nothing waits for approval; `config` on top. */
export const reliableConfig = (config: Record<string, unknown> = {}) => ({
  requests_per_minute: 0,
  logging: { level: "DEBUG" },
  approval: { tools: [] },
  ...config,
});

/** A web-channel answer: a result, or an error with its code. */
export interface WebAnswer {
  id: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/** One documented web-channel call (POST /mcp, JSON, id 1) to the server at `url`, `headers` added: its answer. */
export const webCall = async (
  url: string,
  method: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  (await (
    await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    })
  ).json()) as WebAnswer;

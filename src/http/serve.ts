import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import { RateLimiter } from "../mcp/rate-limit.ts";
import { createMcpServer, type OdooMcpServer } from "../mcp/server.ts";
import type { OdooClient, OdooVersion } from "../odoo/types.ts";
import { probeServer } from "../odoo/version.ts";
import { IdentityRealtimes } from "../realtime/identities.ts";
import { Realtime } from "../realtime/realtime.ts";
import { guardClient } from "../trust/guard.ts";
import { Identities } from "../trust/identity.ts";
import { policyFor, type Who } from "../trust/policy.ts";
import { configuredWho } from "../trust/who.ts";
import { createApp, type HttpApp } from "./app.ts";
import { assertSafeBind, bindAdvice, inContainer, StartRefused } from "./bind.ts";
import { authorized } from "./guards.ts";
import { MAX_IDLE_PER_USER, RegistryPool } from "./registry-pool.ts";
import type { HttpSettings } from "./types.ts";

export { StartRefused } from "./bind.ts";

/** What `main` hands the HTTP server. */
export interface HttpDeps {
  config: Config;
  odoo: OdooClient;
  log: Logger;
  demo: boolean;
}

/** A running HTTP server: its real URL (port 0 resolved) and how to stop it. */
export interface RunningHttp {
  url: string;
  http: HttpApp;
  /** Ends every stream and session, then stops listening. */
  stop(): Promise<void>;
}

/** The HTTP settings a validated config describes. */
export function httpSettings(config: Config): HttpSettings {
  return {
    host: config.http.host,
    port: config.http.port,
    authToken: config.http.auth_token,
    maxBodyBytes: config.http.max_body_bytes,
    allowedOrigins: config.allowed_origins,
    requestsPerMinute: config.requests_per_minute,
    sseQueueMaxsize: config.sse_queue_maxsize,
  };
}

/** Asks Odoo for its version on every call: the client caches its own probe, health must notice Odoo went away. */
export function freshProbe(config: Pick<Config, "odoo_url" | "protocol">): () => Promise<OdooVersion> {
  const http = { url: config.odoo_url, fetch, timeoutMs: 5000, secrets: new Set<string>() };
  return async () => (await probeServer(http, config.protocol === "xmlrpc")).version;
}

/** `requests_per_minute` as the app's limiter (seconds to wait); undefined when unlimited. */
function rateLimit(perMinute: number): ((key: string) => number) | undefined {
  if (perMinute <= 0) return undefined;
  const limiter = new RateLimiter(perMinute);
  return (key) => limiter.take(key) / 1000;
}

/**
 * Bun's per-connection idle limit, which also cuts a request whose answer is slow in coming (its default, 10 s, would
 * cut event streams and slow Odoo calls). Event streams opt out and send a keep-alive every 15 s; a tool call gets
 * room for a login and a retry, each up to `timeout` seconds. Bun allows at most 255.
 */
export const idleTimeoutSeconds = (odooTimeoutSeconds: number) =>
  Math.min(255, Math.max(60, Math.ceil(odooTimeoutSeconds * 2) + 10));

/** Starts listening; refuses (throws) to bind a non-loopback address without `http.auth_token`. */
export async function startHttp(deps: HttpDeps): Promise<RunningHttp> {
  const settings = httpSettings(deps.config);
  // Per-user identity authenticates every request with the client's own Odoo credential: no token is needed then.
  const perUser = deps.config.http.identity === "per_user";
  await assertSafeBind(settings.host, settings.authToken ?? (perUser ? "per-user" : undefined));
  const log = deps.log.child("odoo_mcp.http");
  const identities = perUser ? new Identities({ config: deps.config, log: deps.log, shared: deps.odoo }) : undefined;
  // The configured user's login and groups, for policy profiles (read once; nothing is read without profiles).
  const configured = configuredWho(deps.config, deps.odoo, deps.log);
  const profiles = deps.config.policy.profiles.length > 0;
  const realtime = new Realtime({
    config: deps.config,
    odoo: deps.odoo,
    log: deps.log,
    ...(profiles ? { whoLater: configured } : {}),
  });
  // Per-user: what an identity subscribes to is watched and read as that identity, apart from the others.
  const identityRealtimes = identities
    ? new IdentityRealtimes({ config: deps.config, log: deps.log, identities })
    : undefined;
  const base = { config: deps.config, log: deps.log, demo: deps.demo, transport: "http", realtime };
  // A 2026-07-28 request is one exchange: its registry is reused by the identity's next one. A 2025-era session or a
  // legacy /sse connection holds its own registry for its lifetime (its client, level and subscriptions are its own).
  const pool = new RegistryPool();
  // A per-user session subscribes in its identity's own service (`own`); a pooled 2026-07-28 registry holds none.
  const registry = (era: string, odoo: OdooClient, who?: Who, own?: Realtime) =>
    era === "modern"
      ? pool.take(
          odoo,
          () => createMcpServer({ ...base, odoo, ...(who ? { who } : {}) }),
          odoo === deps.odoo ? undefined : MAX_IDLE_PER_USER,
        )
      : createMcpServer({ ...base, ...(own ? { realtime: own } : {}), odoo, ...(who ? { who } : {}) });
  // Who a request acts as: its own Odoo user (per_user; only the server's token admits the configured one), else the
  // configured user.
  const identityOf = async (req?: Request): Promise<{ odoo: OdooClient; who?: Who; own?: Realtime }> => {
    if (!identities) return { odoo: deps.odoo, who: await configured() };
    const identity = req ? await identities.fromRequest(req) : undefined;
    if (identity) return { odoo: identity.odoo, who: identity.who, own: identityRealtimes?.for(identity) };
    if (req && settings.authToken && authorized(req, settings.authToken))
      return { odoo: deps.odoo, who: await configured() };
    throw new Error("per-user identity: this request carries no Odoo credential");
  };
  // The web channel's calls share one registry per identity, dropped with the identity (its session: web-session.ts).
  const channels = new WeakMap<OdooClient, OdooMcpServer>();
  const http = createApp({
    settings,
    factory: async ({ era, requestInfo }) => {
      const { odoo, who, own } = await identityOf(requestInfo);
      return registry(era, odoo, who, own);
    },
    channelRegistry: async (req) => {
      const { odoo, who } = await identityOf(req);
      let server = channels.get(odoo);
      if (!server) {
        server = createMcpServer({ ...base, odoo, ...(who ? { who } : {}) });
        channels.set(odoo, server);
      }
      return server;
    },
    identities,
    identityRealtimes,
    // A 2026-07-28 listen stream is still watched by the configured user's service, but checked as its identity.
    ...(identities
      ? {
          listenAs: async (req: Request) => {
            const identity = await identities.fromRequest(req);
            return identity ? guardClient(identity.odoo, policyFor(deps.config, identity.who)) : undefined;
          },
        }
      : {}),
    realtime,
    odoo: deps.odoo,
    demo: deps.demo,
    log,
    probe: freshProbe(deps.config),
    rateLimit: rateLimit(settings.requestsPerMinute),
  });
  try {
    http.app.listen({
      hostname: settings.host,
      port: settings.port,
      idleTimeout: idleTimeoutSeconds(deps.config.timeout),
      // Bun's own limit answers an empty 413; the routes enforce max_body_bytes themselves, reading no further than
      // the limit, and answer the documented JSON-RPC error (readJson). Bun's limit stays out of their way.
      maxRequestBodySize: Number.MAX_SAFE_INTEGER,
      // Elysia defaults to SO_REUSEPORT: a second instance would silently share the port instead of failing.
      reusePort: false,
      // Bun's development mode answers errors with stack-trace pages.
      development: false,
    });
  } catch (e) {
    await http.close();
    throw new StartRefused(`cannot listen on ${settings.host}:${settings.port}: ${(e as Error).message}`);
  }
  const server = http.app.server;
  if (!server) throw new StartRefused(`cannot listen on ${settings.host}:${settings.port}`);
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${server.port}`;
  if (settings.authToken === undefined) log.info("HTTP authentication is off (loopback bind, no http.auth_token)");
  for (const { level, message } of bindAdvice({ ...settings, inContainer: inContainer() })) log[level](message);
  return {
    url,
    http,
    async stop() {
      await http.close();
      await identities?.close();
      await http.app.stop(true);
    },
  };
}

/** Serves HTTP until SIGINT/SIGTERM; resolves once every stream is closed and the port is released. */
export async function serveHttp(deps: HttpDeps): Promise<void> {
  const running = await startHttp(deps);
  // The e2e tests and scripts read the bound URL from this line (the port may have been 0).
  process.stderr.write(`listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void running.stop().finally(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

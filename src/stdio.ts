import type { McpServer, Transport } from "@modelcontextprotocol/server";
import { serveStdio as serveFactory } from "@modelcontextprotocol/server/stdio";
import { normalJitAfter } from "./jit.ts";
import { RateLimiter, rateLimited } from "./mcp/rate-limit.ts";
import { createMcpServer, type ServerDeps } from "./mcp/server.ts";
import { StdioTransport } from "./mcp/stdio-transport.ts";
import { Realtime } from "./realtime/realtime.ts";
import { watchListens } from "./realtime/stdio-listen.ts";
import type { StdioFront } from "./stdio-front.ts";
import { configuredWho } from "./trust/who.ts";

/**
 * `front`: the stdio front that has been reading stdin (and may have answered `initialize`). For tests: another
 * transport than the process's stdin/stdout, another clock for the rate limit.
 */
export interface StdioOptions {
  front?: StdioFront;
  transport?: Transport;
  now?: () => number;
}

/**
 * Serves MCP over stdin/stdout until stdin closes. `initialize` never waits for Odoo (the login runs in the
 * background; the first call needing Odoo awaits it). The SDK entry picks the protocol era from the opening message
 * (2025 `initialize` or 2026 `server/discover`) and pins one registry for the connection.
 */
export async function serveStdio(deps: ServerDeps, options: StdioOptions = {}): Promise<void> {
  const log = deps.log.child("odoo_mcp.stdio");
  const limiter = new RateLimiter(deps.config.requests_per_minute, options.now);
  // Policy profiles pick the configured user's policy by login or group: then the first message waits for the login.
  const who = deps.who ? async () => deps.who : configuredWho(deps.config, deps.odoo, deps.log);
  const later = !deps.who && deps.config.policy.profiles.length > 0;
  const realtime = deps.realtime ?? new Realtime({ ...deps, ...(later ? { whoLater: who } : {}) });
  let pinned: McpServer | undefined;
  const notify = (uri: string) => void pinned?.server.sendResourceUpdated({ uri }).catch(() => {});
  // With a front, stdin is read through it (it read the start already): the transport reads what it forwards.
  const stdin = options.front && !options.transport ? await options.front.rest() : undefined;
  const limited = rateLimited(
    options.transport ?? new StdioTransport(stdin, undefined, options.front),
    limiter,
    "stdio",
  );
  const wire = watchListens(limited, realtime, notify);
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  serveFactory(
    async () => {
      const me = await who();
      pinned = createMcpServer({ ...deps, realtime, ...(me ? { who: me } : {}) });
      // The registry is built and the first calls are coming: the JIT's normal policy for the session from then on.
      normalJitAfter(1000);
      return pinned;
    },
    {
      transport: wire,
      onerror: (e) => log.debug(`stdio: ${e.message}`),
    },
  );
  // Installed after the SDK's own handler, which tears the pinned registry down (aborting calls in flight).
  const teardown = wire.onclose;
  wire.onclose = () => {
    teardown?.();
    resolve();
  };
  await closed;
  if (!deps.realtime) realtime.close();
  log.info("stdin closed; stopping");
}

import type { Server } from "bun";
import { Elysia } from "elysia";
import { corsFor } from "./cors.ts";
import { authorized, busy, checkHost, checkOrigin, clientKey, unauthorized } from "./guards.ts";
import type { HttpSettings } from "./types.ts";

/** The peer address of a request ("" in-process, where there is no socket). */
export const peer = (server: Server<unknown> | null | undefined, request: Request) =>
  server?.requestIP(request)?.address ?? "";

const OPEN_PATHS = new Set(["/health"]);
const UNLIMITED_PATHS = new Set(["/metrics"]);

/**
 * Everything a request passes before its route, in order: Host and Origin (DNS rebinding), CORS, then the bearer
 * token and the rate limit (`rateLimit` gives the seconds a client must wait, 0 to pass). `/health` is open.
 */
export function gate(settings: HttpSettings, rateLimit?: (key: string) => number) {
  return new Elysia({ name: "odoo-mcp-gate" })
    .onRequest(({ request }) => checkHost(request, settings.host) ?? checkOrigin(request, settings.allowedOrigins))
    .use(corsFor(settings.allowedOrigins))
    .onRequest(({ request, server }) => {
      if (request.method === "OPTIONS") return;
      const path = new URL(request.url).pathname;
      if (OPEN_PATHS.has(path)) return;
      const ok = authorized(request, settings.authToken);
      // Unauthenticated requests are limited per address too: a token guesser gets 429s, not endless 401s.
      if (rateLimit && (!ok || !UNLIMITED_PATHS.has(path))) {
        const wait = rateLimit(clientKey(peer(server, request), ok && settings.authToken !== undefined));
        if (wait > 0) return busy(wait);
      }
      if (!ok) return unauthorized();
    });
}

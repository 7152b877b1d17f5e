import type { Server } from "bun";
import { Elysia } from "elysia";
import { FailureLimit, perUserAuth } from "../trust/http-auth.ts";
import type { Identities } from "../trust/identity.ts";
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
export function gate(settings: HttpSettings, rateLimit?: (key: string) => number, identities?: Identities) {
  const failures = new FailureLimit();
  return new Elysia({ name: "odoo-mcp-gate" })
    .onRequest(({ request }) => checkHost(request, settings.host) ?? checkOrigin(request, settings.allowedOrigins))
    .use(corsFor(settings.allowedOrigins))
    .onRequest(async ({ request, server }) => {
      if (request.method === "OPTIONS") return;
      const path = new URL(request.url).pathname;
      if (OPEN_PATHS.has(path)) return;
      if (identities) {
        // Per-user identity: each client's own Odoo credential; the rate limit then applies per identity.
        const who = await perUserAuth(request, peer(server, request), { identities, failures, ...settings });
        if (who instanceof Response) return who;
        const wait = rateLimit && !UNLIMITED_PATHS.has(path) ? rateLimit(who.key) : 0;
        return wait > 0 ? busy(wait, settings.requestsPerMinute) : undefined;
      }
      const ok = authorized(request, settings.authToken);
      // Unauthenticated requests are limited per address too: a token guesser gets 429s, not endless 401s.
      if (rateLimit && (!ok || !UNLIMITED_PATHS.has(path))) {
        const wait = rateLimit(clientKey(peer(server, request), ok && settings.authToken !== undefined));
        if (wait > 0) return busy(wait, settings.requestsPerMinute);
      }
      if (!ok) return unauthorized();
    });
}

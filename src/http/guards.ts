import { createHash, timingSafeEqual } from "node:crypto";
import { readRequestBody } from "@modelcontextprotocol/server";
import { metrics } from "../metrics.ts";
import { ERR, json, rpcError } from "./jsonrpc.ts";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Whether `host` (a bind address or a URL hostname) is this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith(".localhost");
}

/** The server refuses to start as configured; the message says why and what to change. */
export class StartRefused extends Error {
  override readonly name = "StartRefused";
}

/** Throws `StartRefused` when binding `host` would expose the server without a token. */
export function assertSafeBind(host: string, authToken: string | undefined): void {
  if (isLoopback(host) || authToken) return;
  throw new StartRefused(
    `refusing to serve HTTP on ${host} without authentication: anyone who can reach this address could use your ` +
      `Odoo account. Set http.auth_token (or ODOO_MCP_HTTP_AUTH_TOKEN), or bind 127.0.0.1.`,
  );
}

/** Whether a browser page from `origin` may call us: loopback pages on any port, the configured ones, or "*". */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes("*")) return true;
  const trimmed = origin.replace(/\/+$/, "");
  if (allowed.some((a) => a.replace(/\/+$/, "") === trimmed)) return true;
  try {
    const url = new URL(trimmed);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

const refuse = (reason: string, message: string) => {
  metrics.refused.inc({ reason });
  return rpcError(403, ERR.invalidRequest, message);
};

/** DNS-rebinding protection: a foreign `Origin` is refused; requests without one (non-browser clients) pass. */
export function checkOrigin(req: Request, allowed: readonly string[]): Response | undefined {
  const origin = req.headers.get("origin");
  if (origin === null || originAllowed(origin, allowed)) return undefined;
  return refuse("origin", `Forbidden: origin ${origin} is not allowed (see allowed_origins)`);
}

/** On a loopback bind, the `Host` header must name this machine: a rebinding page's Host is the attacker's name. */
export function checkHost(req: Request, bindHost: string): Response | undefined {
  if (!isLoopback(bindHost)) return undefined;
  const host = req.headers.get("host");
  if (host === null) return undefined;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  if (isLoopback(name) || name === bindHost) return undefined;
  return refuse("host", `Forbidden: host ${host} is not this server`);
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Bearer-token check in constant time (both sides hashed to equal length first). */
export function checkAuth(req: Request, token: string | undefined): Response | undefined {
  if (!token) return undefined;
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (match?.[1] && timingSafeEqual(digest(match[1]), digest(token))) return undefined;
  metrics.refused.inc({ reason: "auth" });
  return json({ jsonrpc: "2.0", id: null, error: { code: ERR.application, message: "Unauthorized" } }, 401, {
    "www-authenticate": 'Bearer realm="odoo-mcp"',
  });
}

/** The rate-limit key of a request: its token when it has one, else the peer address. */
export function clientKey(req: Request, ip: string | undefined): string {
  const auth = req.headers.get("authorization");
  return auth ? `token:${digest(auth).toString("hex").slice(0, 16)}` : `ip:${ip ?? "unknown"}`;
}

/** The -32001 "Server busy" answer (HTTP 429) for a client over its rate. */
export function busy(retryAfterSeconds: number): Response {
  metrics.rateLimited.inc();
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return rpcError(429, ERR.busy, "Server busy: rate limit exceeded, retry later", null, {
    "retry-after": String(seconds),
  });
}

/** A request body read under the size limit and parsed, or the error answer for it. */
export type ParsedBody = { ok: true; value: unknown; text: string } | { ok: false; response: Response };

/** Reads and parses a JSON body: over `maxBytes` → 413, not JSON → -32700 (HTTP 400). */
export async function readJson(req: Request, maxBytes: number): Promise<ParsedBody> {
  const body = await readRequestBody(req, maxBytes).catch(() => undefined);
  if (!body) return { ok: false, response: rpcError(400, ERR.invalidRequest, "Invalid request: unreadable body") };
  if (body.tooLarge) {
    metrics.refused.inc({ reason: "body-size" });
    return {
      ok: false,
      response: rpcError(413, ERR.invalidRequest, `Request body too large (limit ${maxBytes} bytes)`),
    };
  }
  try {
    return { ok: true, value: JSON.parse(body.text), text: body.text };
  } catch {
    return { ok: false, response: rpcError(400, ERR.parse, "Parse error: the body is not valid JSON") };
  }
}

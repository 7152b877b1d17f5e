import { createHash, timingSafeEqual } from "node:crypto";
import { lookup } from "node:dns/promises";
import { readRequestBody } from "@modelcontextprotocol/server";
import { metrics } from "../metrics.ts";
import { ERR, idOf, json, rpcError } from "./jsonrpc.ts";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

const LOOPBACK_IP = /^(127(\.\d{1,3}){3}|::1|\[::1\])$/;

/** Whether `host` (a URL hostname or a Host header name) is this machine; browsers resolve `*.localhost` to it. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || LOOPBACK_IP.test(h) || h.endsWith(".localhost");
}

/**
 * Whether binding `host` serves this machine only: a loopback IP, or a name whose every address is one
 * (`localhost` could be mapped elsewhere in /etc/hosts; `*.localhost` is up to the resolver).
 */
export async function isLoopbackBind(
  host: string,
  resolve: (name: string) => Promise<string[]> = lookupAll,
): Promise<boolean> {
  if (LOOPBACK_IP.test(host)) return true;
  if (!isLoopback(host)) return false;
  const addresses = await resolve(host).catch(() => []);
  return addresses.length > 0 && addresses.every((a) => LOOPBACK_IP.test(a));
}

const lookupAll = async (name: string) => (await lookup(name, { all: true })).map((a) => a.address);

/** The server refuses to start as configured; the message says why and what to change. */
export class StartRefused extends Error {
  override readonly name = "StartRefused";
}

/** Throws `StartRefused` when binding `host` would expose the server without a token. */
export async function assertSafeBind(host: string, authToken: string | undefined): Promise<void> {
  if (authToken || (await isLoopbackBind(host))) return;
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

/**
 * Every request needs a valid `Host` (HTTP/1.1 requires one; Bun then gives the request no absolute URL). On a
 * loopback bind it must name this machine: a DNS-rebinding page's Host is the attacker's name.
 */
export function checkHost(req: Request, bindHost: string): Response | undefined {
  if (!URL.canParse(req.url)) {
    metrics.refused.inc({ reason: "host" });
    return rpcError(400, ERR.invalidRequest, "Invalid request: a valid Host header is required");
  }
  const host = req.headers.get("host");
  if (host === null || !isLoopback(bindHost)) return undefined;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  if (isLoopback(name) || name === bindHost) return undefined;
  return refuse("host", `Forbidden: host ${host} is not this server`);
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the request carries the bearer token (always true without one), compared in constant time. */
export function authorized(req: Request, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec((req.headers.get("authorization") ?? "").trim());
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/** The 401 answer to a request without the right bearer token. */
export function unauthorized(): Response {
  metrics.refused.inc({ reason: "auth" });
  return json({ jsonrpc: "2.0", id: null, error: { code: ERR.application, message: "Unauthorized" } }, 401, {
    "www-authenticate": 'Bearer realm="odoo-mcp"',
  });
}

/**
 * Who a request is, for rate limits and client-id ownership: the token holder once authenticated, else the peer
 * address. A header the server does not check must not pick the bucket: random ones would dodge the limit.
 */
export function clientKey(ip: string, authenticatedByToken: boolean): string {
  return authenticatedByToken ? "token" : `ip:${ip}`;
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

/** How deeply a request body may nest: far beyond any real message, far below what recursion downstream survives. */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), scanned without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Reads and parses a JSON body: over `maxBytes` → 413, not JSON → -32700, nested too deeply → -32002 (HTTP 400). */
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
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    return { ok: false, response: rpcError(400, ERR.parse, "Parse error: the body is not valid JSON") };
  }
  if (jsonDepth(body.text) > MAX_JSON_DEPTH) {
    metrics.refused.inc({ reason: "json-depth" });
    const message = `Invalid request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    return { ok: false, response: rpcError(400, ERR.invalidRequest, message, idOf(value)) };
  }
  return { ok: true, value, text: body.text };
}

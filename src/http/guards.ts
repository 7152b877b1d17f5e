import { createHash, timingSafeEqual } from "node:crypto";
import { busyMessage } from "../mcp/rate-limit.ts";
import { metrics } from "../metrics.ts";
import { isLoopback } from "./bind.ts";
import { ERR, json, rpcError } from "./jsonrpc.ts";

/** Whether a browser page from `origin` may call us: loopback pages on any port, the configured ones, or "*". */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes("*")) return true;
  const trimmed = origin.replace(/\/+$/, "");
  if (allowed.some((a) => a.replace(/\/+$/, "") === trimmed)) return true;
  // No Origin (every non-browser request, asked by CORS too) is no URL: said without a thrown error per request.
  if (trimmed === "") return false;
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
  return authenticatedByToken ? "token" : `ip:${network(ip)}`;
}

/** An IPv6 peer as its /64 (one host commonly holds a whole /64: its addresses are one client); IPv4 as it is. */
export function network(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4?.[1]) return v4[1];
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}

/** The -32001 "Server busy" answer (HTTP 429) for a client over its rate. */
export function busy(retryAfterSeconds: number, perMinute?: number): Response {
  metrics.rateLimited.inc();
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return rpcError(429, ERR.busy, busyMessage(seconds, perMinute), null, {
    "retry-after": String(seconds),
  });
}

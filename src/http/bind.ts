import { lookup } from "node:dns/promises";
import { existsSync } from "node:fs";

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

/** What an operator should hear about a bind that starts but may not do what they meant. */
export function bindAdvice(o: {
  host: string;
  authToken?: string;
  allowedOrigins: readonly string[];
  inContainer: boolean;
}) {
  const advice: Array<{ level: "warning" | "info"; message: string }> = [];
  if (o.allowedOrigins.includes("*") && !o.authToken) {
    const message =
      'allowed_origins: ["*"] without http.auth_token lets any web page open in a browser on this machine use your ' +
      "Odoo account through this server; list the origins you trust instead";
    advice.push({ level: "warning", message });
  }
  if (o.inContainer && isLoopback(o.host)) {
    // Only a hint: clients in the same container (a dev container, CI) reach it fine.
    const message =
      `listening on ${o.host} inside a container: a published port cannot reach it; to publish it set http.host: ` +
      "0.0.0.0 (ODOO_MCP_HTTP_HOST) with http.auth_token";
    advice.push({ level: "info", message });
  }
  return advice;
}

/** Whether this process runs in a container (Docker, Podman). */
export const inContainer = () => existsSync("/.dockerenv") || existsSync("/run/.containerenv");

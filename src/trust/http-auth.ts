import { authorized, busy, network } from "../http/guards.ts";
import { ERR, json } from "../http/jsonrpc.ts";
import { metrics } from "../metrics.ts";
import { BadCredential, credentialOf, type Identities, KeyNeedsLogin } from "./identity.ts";

/** Failed credentials allowed per address and minute before the address gets 429s (brute-force protection). */
export const FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

/** Failed logins per address in the current minute; bounded, the oldest forgotten first. */
export class FailureLimit {
  private readonly seen = new Map<string, { count: number; since: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds the address must wait before trying a credential again (0: go ahead). */
  wait(address: string): number {
    const entry = this.seen.get(address);
    if (!entry || this.now() - entry.since >= WINDOW_MS) return 0;
    return entry.count >= FAILURES_PER_MINUTE ? (entry.since + WINDOW_MS - this.now()) / 1000 : 0;
  }

  fail(address: string): void {
    const entry = this.seen.get(address);
    if (entry && this.now() - entry.since < WINDOW_MS) entry.count++;
    else {
      this.seen.delete(address);
      this.seen.set(address, { count: 1, since: this.now() });
      if (this.seen.size > MAX_ADDRESSES) this.seen.delete(this.seen.keys().next().value as string);
    }
  }
}

const BASIC = 'Basic realm="odoo-mcp", charset="UTF-8"';

/** 401 asking for the client's own Odoo login and API key (`challenge`: the WWW-Authenticate value). */
function askCredential(message: string, challenge = BASIC): Response {
  metrics.refused.inc({ reason: "auth" });
  return json({ jsonrpc: "2.0", id: null, error: { code: ERR.application, message } }, 401, {
    "www-authenticate": challenge,
  });
}

/** What per-user authentication decided: who the request is (a rate-limit key), or the answer to send. */
export type PerUserAuth = { key: string } | Response;

/**
 * `http.identity: per_user`: the request must carry its own Odoo credential (Basic login:api_key, or on 19+ a bearer
 * API key alone), checked by logging in to Odoo; the server's own bearer token, when configured, still admits the configured user. Never a fallback.
 */
export async function perUserAuth(
  req: Request,
  ip: string,
  o: { identities: Identities; failures: FailureLimit; authToken?: string },
): Promise<PerUserAuth> {
  if (o.authToken && /^Bearer\s/i.test(req.headers.get("authorization") ?? "") && authorized(req, o.authToken)) {
    return { key: "token" };
  }
  const credential = credentialOf(req, o.authToken);
  if (credential === undefined) {
    return askCredential(
      "Unauthorized: send your Odoo login and API key (Authorization: Basic base64(login:api_key)), " +
        "or on Odoo 19+ your API key alone (Authorization: Bearer <api_key>)",
    );
  }
  const address = network(ip);
  const wait = o.failures.wait(address);
  if (wait > 0) return busy(wait);
  if (credential === "malformed") {
    o.failures.fail(address);
    metrics.authFailures.inc();
    return askCredential("Unauthorized: the Basic credential must be base64(login:api_key)");
  }
  try {
    const identity = await o.identities.authenticate(credential);
    return { key: `id:${identity.key}` };
  } catch (e) {
    // Nothing was checked: the key alone names no user on this Odoo. Basic login:key is the way.
    if (e instanceof KeyNeedsLogin) return askCredential(`Unauthorized: ${e.message}`);
    if (!(e instanceof BadCredential)) {
      return json({ jsonrpc: "2.0", id: null, error: { code: ERR.application, message: "Odoo is unreachable" } }, 503);
    }
    o.failures.fail(address);
    metrics.authFailures.inc();
    if (credential.login === undefined) {
      return askCredential(
        "Unauthorized: Odoo refused this API key",
        `Bearer realm="odoo-mcp", error="invalid_token", ${BASIC}`,
      );
    }
    return askCredential("Unauthorized: Odoo refused this login and API key");
  }
}

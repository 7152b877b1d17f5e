import { createHash } from "node:crypto";
import type { Config } from "../config/schema.ts";
import { authorized } from "../http/guards.ts";
import type { Logger } from "../log.ts";
import { isOdooError } from "../odoo/errors.ts";
import { json2Call } from "../odoo/json2.ts";
import type { FetchLike, OdooClient } from "../odoo/types.ts";
import { odooClientFromConfig } from "../wire.ts";
import { needsGroups, type Who } from "./policy.ts";
import { scopedLogger } from "./scoped-log.ts";
import { groupsOf } from "./who.ts";

/**
 * An HTTP client's own Odoo credential: `Authorization: Basic base64(login:secret)`, or `Authorization: Bearer
 * <api_key>` alone (no `login`: Odoo 19's JSON-2 tells whose key it is).
 */
export interface Credential {
  login?: string;
  secret: string;
}

/**
 * The credential a request carries: undefined without one (or with the server's own `http.auth_token` as the bearer,
 * which admits the configured user), "malformed" for an unreadable Basic one.
 */
export function credentialOf(req: Request, authToken?: string): Credential | "malformed" | undefined {
  const header = (req.headers.get("authorization") ?? "").trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return authToken && authorized(req, authToken) ? undefined : { secret: bearer };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return "malformed";
  return { login: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The in-memory key of a credential: a digest, so no map holds a secret as its key. */
export const credentialKey = (c: Credential) =>
  createHash("sha256")
    .update(`${c.login ?? ""}\0${c.secret}`)
    .digest("hex")
    .slice(0, 32);

/** The identity tag of a request (its credential key), or "" when it carries none. */
export function identityTag(req: Request, authToken?: string): string {
  const c = credentialOf(req, authToken);
  return c && c !== "malformed" ? credentialKey(c) : "";
}

/** One authenticated Odoo user: its own client (its rights, record rules, companies) and who it is for the policy. */
export interface Identity {
  key: string;
  odoo: OdooClient;
  who: Who;
}

/** Refused credentials (Odoo said no), as opposed to Odoo being unreachable. */
export class BadCredential extends Error {
  override readonly name = "BadCredential";
}

/** A bearer API key alone, on an Odoo that cannot tell whose key it is (before 19: no JSON-2). */
export class KeyNeedsLogin extends Error {
  override readonly name = "KeyNeedsLogin";
}

interface Entry {
  identity: Promise<Identity>;
  lastUsed: number;
}

/**
 * What an identity's other resources (its subscription service) tell the pool, which alone decides when an identity
 * goes: whether it is in use although no request came (then it does not idle out), and what to end with it.
 */
export interface Companion {
  busy(key: string): boolean;
  drop(key: string): void;
}

/** Options of the identity pool. */
export interface IdentityOptions {
  config: Config;
  log: Logger;
  /** The configured user's client: reads group memberships (group-based profiles) once per login. */
  shared: OdooClient;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * One Odoo client per identity, created on first use, in a bounded LRU with idle expiry. A failed login is not kept:
 * the next request tries again (and the failure rate limit stops guessing).
 */
export class Identities {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private companion: Companion | undefined;

  constructor(private readonly o: IdentityOptions) {
    this.max = o.config.http.identity_cache_size;
    this.idleMs = o.config.http.identity_idle_seconds * 1000;
    this.now = o.now ?? Date.now;
  }

  /** Ties an identity's other resources to this pool's one LRU: they go when it drops the identity. */
  attach(companion: Companion): void {
    this.companion = companion;
  }

  /** Logs the credential in (or finds it logged in); rejects with `BadCredential` when Odoo refuses it. */
  authenticate(c: Credential): Promise<Identity> {
    this.sweep();
    const key = credentialKey(c);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      hit.lastUsed = this.now();
      return hit.identity;
    }
    const identity = this.login(key, c);
    this.entries.set(key, { identity, lastUsed: this.now() });
    identity.catch(() => this.entries.delete(key));
    while (this.entries.size > this.max) this.drop(this.entries.keys().next().value as string);
    return identity;
  }

  /** The identity a request's credential names, when it is logged in already. */
  async fromRequest(req: Request): Promise<Identity | undefined> {
    const c = credentialOf(req, this.o.config.http.auth_token);
    return c && c !== "malformed" ? this.authenticate(c) : undefined;
  }

  /**
   * The login a bearer API key belongs to. Odoo 19's JSON-2 authenticates the key alone: `res.users.context_get`
   * answers the caller's uid ("ensure uid is set", base/models/res_users.py), and a user may read its own login.
   * Before 19 only a login and the key together can be checked (`common.authenticate`).
   */
  private async loginOfKey(secret: string): Promise<string> {
    const version = await this.o.shared.version();
    if (version.major < 19) {
      throw new KeyNeedsLogin(
        `Odoo ${version.serverVersion} cannot tell whose API key this is (that needs Odoo 19's JSON-2): ` +
          "send Authorization: Basic base64(login:api_key)",
      );
    }
    const { config } = this.o;
    const http = { url: config.odoo_url, fetch: this.o.fetch ?? fetch, timeoutMs: config.timeout * 1000 };
    const call = (method: string, body: Record<string, unknown>) =>
      json2Call({ ...http, secrets: new Set([secret]) }, config.database, secret, "res.users", method, body);
    try {
      const context = (await call("context_get", {})) as { uid?: unknown } | null;
      const uid = context?.uid;
      if (typeof uid !== "number") throw new BadCredential("Odoo named no user for this API key");
      const [row] = (await call("read", { ids: [uid], fields: ["login"] })) as Array<{ login?: unknown }>;
      if (typeof row?.login !== "string") throw new BadCredential("Odoo named no user for this API key");
      return row.login;
    } catch (e) {
      if (isOdooError(e) && e.kind === "auth") throw new BadCredential(e.message);
      throw e;
    }
  }

  private async login(key: string, c: Credential): Promise<Identity> {
    const { config } = this.o;
    const login = c.login ?? (await this.loginOfKey(c.secret));
    // A bearer key is an API key: JSON-2 on 19 (protocol auto); a Basic secret may be a password or a key.
    const secrets =
      c.login === undefined ? { password: undefined, api_key: c.secret } : { password: c.secret, api_key: undefined };
    const odoo = odooClientFromConfig(
      { ...config, uid: login, ...secrets },
      scopedLogger(this.o.log, login),
      this.o.fetch,
    );
    try {
      const me = await odoo.connect();
      // Read by the configured user, known to see res.users and ir.model.data; a failure fails the login: a group's
      // profile may be stricter than the global policy.
      const groups = needsGroups(config) ? await groupsOf(this.o.shared, me.uid) : undefined;
      return { key, odoo, who: { login: me.login, ...(groups ? { groups } : {}) } };
    } catch (e) {
      await odoo.close().catch(() => {});
      if (isOdooError(e) && e.kind === "auth") throw new BadCredential(e.message);
      throw e;
    }
  }

  /**
   * Forgets identities idle longer than `http.identity_idle_seconds` (their sessions are logged out), unless their
   * subscription service still serves them: it polls with the identity's client.
   */
  sweep(): void {
    const limit = this.now() - this.idleMs;
    for (const [key, entry] of this.entries) {
      if (entry.lastUsed < limit && !this.companion?.busy(key)) this.drop(key);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    this.companion?.drop(key);
    void entry?.identity.then((i) => i.odoo.close()).catch(() => {});
  }

  /** How many identities are kept. */
  get size(): number {
    return this.entries.size;
  }

  /** Logs every identity out. */
  async close(): Promise<void> {
    const all = [...this.entries.values()];
    for (const key of this.entries.keys()) this.companion?.drop(key);
    this.entries.clear();
    await Promise.allSettled(all.map((e) => e.identity.then((i) => i.odoo.close())));
  }
}

import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { Identities, Identity } from "../trust/identity.ts";
import { scopedLogger } from "../trust/scoped-log.ts";
import { Realtime } from "./realtime.ts";

/**
 * `http.identity: per_user`: one subscription service per identity, so what its clients subscribe to is checked,
 * polled and read as that Odoo user under its policy, in a hub of its own (no other identity's client is in it).
 * The identity pool's LRU (`http.identity_cache_size`) is the only one: when it drops an identity, its service is
 * closed, ending its streams; an identity whose service has clients (an open session, an `/events` client) does not idle
 * out (the service polls with its client). They
 * poll: push mode's bus connection is the configured user's.
 */
export class IdentityRealtimes {
  private readonly byKey = new Map<string, Realtime>();
  /** The configuration of each identity's service: polling only (push mode listens as the configured user). */
  private readonly config: Config;

  constructor(private readonly o: { config: Config; log: Logger; identities: Identities }) {
    const { realtime } = o.config;
    this.config = { ...o.config, realtime: { ...realtime, push: { ...realtime.push, enabled: false } } };
    // Busy only while it has clients (sessions, /events clients): a service that a request merely created holds
    // nothing to poll, and must not keep its identity logged in forever.
    o.identities.attach({
      busy: (key) => (this.byKey.get(key)?.hub.clientCount ?? 0) > 0,
      drop: (key) => this.drop(key),
    });
  }

  /** The identity's service, created on first use. */
  for(identity: Identity): Realtime {
    let realtime = this.byKey.get(identity.key);
    if (!realtime) {
      const log = scopedLogger(this.o.log, identity.who.login);
      realtime = new Realtime({ config: this.config, odoo: identity.odoo, log, who: identity.who });
      this.byKey.set(identity.key, realtime);
    }
    return realtime;
  }

  /** Whether the identity has a service. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  private drop(key: string): void {
    this.byKey.get(key)?.close();
    this.byKey.delete(key);
  }

  /** Stops every identity's polling and ends its streams. */
  close(): void {
    for (const realtime of this.byKey.values()) realtime.close();
    this.byKey.clear();
  }
}

import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { Identity } from "../trust/identity.ts";
import { scopedLogger } from "../trust/scoped-log.ts";
import { Realtime } from "./realtime.ts";

/**
 * `http.identity: per_user`: one subscription service per identity, so what its clients subscribe to is checked,
 * polled and read as that Odoo user under its policy, in a hub of its own (no other identity's client is in it).
 * A bounded LRU (`http.identity_cache_size`): the identity used longest ago is closed first, ending its streams. They
 * poll: push mode's bus connection is the configured user's.
 */
export class IdentityRealtimes {
  private readonly byKey = new Map<string, Realtime>();
  /** The configuration of each identity's service: polling only (push mode listens as the configured user). */
  private readonly config: Config;

  constructor(private readonly o: { config: Config; log: Logger }) {
    const { realtime } = o.config;
    this.config = { ...o.config, realtime: { ...realtime, push: { ...realtime.push, enabled: false } } };
  }

  /** The identity's service, created on first use. */
  for(identity: Identity): Realtime {
    let realtime = this.byKey.get(identity.key);
    if (realtime) this.byKey.delete(identity.key);
    else {
      const log = scopedLogger(this.o.log, identity.who.login);
      realtime = new Realtime({ config: this.config, odoo: identity.odoo, log, who: identity.who });
    }
    this.byKey.set(identity.key, realtime);
    while (this.byKey.size > this.o.config.http.identity_cache_size) {
      const [oldest, gone] = this.byKey.entries().next().value as [string, Realtime];
      this.byKey.delete(oldest);
      gone.close();
    }
    return realtime;
  }

  /** Stops every identity's polling and ends its streams. */
  close(): void {
    for (const realtime of this.byKey.values()) realtime.close();
    this.byKey.clear();
  }
}

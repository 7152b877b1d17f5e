import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createLogger } from "../../../src/log.ts";
import { IdentityRealtimes } from "../../../src/realtime/identities.ts";
import { type Credential, Identities } from "../../../src/trust/identity.ts";
import { adminClient, fakeConfig } from "../../support/odoo.ts";

// Per-user identity keeps an Odoo client and, once it subscribes, a subscription service per identity: one LRU (the
// identity pool's) decides for both, so they cannot be evicted apart.

describe("one LRU for the identities' clients and subscription services", () => {
  let odoo: FakeOdoo;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: "17.0" });
  });
  afterAll(() => odoo.stop());

  function pool() {
    let clock = 0;
    const config = fakeConfig(odoo, {
      http: { identity: "per_user", identity_cache_size: 2, identity_idle_seconds: 10 },
      logging: { handlers: [] },
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    const shared = adminClient(odoo);
    const identities = new Identities({ config, log, shared, now: () => clock });
    const realtimes = new IdentityRealtimes({ config, log, identities });
    const { admin, demo, totp } = odoo.users;
    const creds: Record<string, Credential> = {
      admin: { login: admin.login, secret: admin.password },
      demo: { login: demo.login, secret: demo.password },
      totp: { login: totp.login, secret: totp.apiKey },
    };
    return {
      identities,
      realtimes,
      creds,
      tick: (seconds: number) => {
        clock += seconds * 1000;
      },
      close: async () => {
        realtimes.close();
        await identities.close();
        await shared.close();
      },
    };
  }

  test("the identity the pool drops for room takes its subscription service with it", async () => {
    const p = pool();
    try {
      const admin = await p.identities.authenticate(p.creds.admin!);
      const demo = await p.identities.authenticate(p.creds.demo!);
      const adminService = p.realtimes.for(admin);
      p.realtimes.for(demo);
      // admin is used again: demo is now the least recently used identity, for both.
      await p.identities.authenticate(p.creds.admin!);
      await p.identities.authenticate(p.creds.totp!);
      expect(p.identities.size).toBe(2);
      expect(p.realtimes.has(demo.key)).toBe(false);
      expect(p.realtimes.has(admin.key)).toBe(true);
      expect(p.realtimes.for(admin)).toBe(adminService);
    } finally {
      await p.close();
    }
  });

  test("an idle identity goes unless its subscription service has clients to poll for", async () => {
    const p = pool();
    try {
      const admin = await p.identities.authenticate(p.creds.admin!);
      await p.identities.authenticate(p.creds.demo!);
      // An open MCP session of admin's: its service serves it with admin's client.
      p.realtimes.for(admin).session(() => {});
      p.tick(11);
      p.identities.sweep();
      expect(p.identities.size).toBe(1);
      expect(p.realtimes.has(admin.key)).toBe(true);
      // Still the same client: no second login for the same identity while its service runs.
      expect(await p.identities.authenticate(p.creds.admin!)).toBe(admin);
    } finally {
      await p.close();
    }
  });

  test("a service that holds no client does not keep its identity logged in", async () => {
    const p = pool();
    try {
      const admin = await p.identities.authenticate(p.creds.admin!);
      // Every per-user request looks its identity's service up; one that never served a client is nothing to poll.
      p.realtimes.for(admin);
      p.tick(11);
      p.identities.sweep();
      expect(p.identities.size).toBe(0);
      expect(p.realtimes.has(admin.key)).toBe(false);
      // The session's end lets it go too.
      const again = await p.identities.authenticate(p.creds.admin!);
      const session = p.realtimes.for(again).session(() => {});
      p.tick(11);
      p.identities.sweep();
      expect(p.identities.size).toBe(1);
      session.close();
      p.identities.sweep();
      expect(p.identities.size).toBe(0);
    } finally {
      await p.close();
    }
  });
});

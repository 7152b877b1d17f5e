import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import type { OdooClientOptions } from "../../../src/odoo/client.ts";
import type { OdooError } from "../../../src/odoo/errors.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { adminClient } from "../../support/odoo.ts";
import { failure } from "./rejection.ts";

for (const version of ["17.0", "18.0", "19.0"] as const) {
  describe(`against the fake Odoo ${version} over HTTP`, () => {
    let odoo: FakeOdoo;
    const clients: OdooClient[] = [];
    beforeAll(async () => {
      odoo = await startFakeOdoo({ version });
    });
    afterAll(() => odoo.stop());
    beforeEach(() => odoo.reset());

    const client = (extra: Partial<OdooClientOptions> = {}) => {
      const c = adminClient(odoo, extra);
      clients.push(c);
      return c;
    };
    const withKey = () => ({ password: undefined, apiKey: odoo.users.admin.apiKey });
    const variants = (): Array<[string, Partial<OdooClientOptions>]> => [
      ["jsonrpc session", {}],
      ["jsonrpc stateless", { ...withKey(), protocol: "jsonrpc" }],
      ["xmlrpc", { ...withKey(), protocol: "xmlrpc" }],
      ...(version === "19.0"
        ? [["json2", { ...withKey(), protocol: "json2" }] as [string, Partial<OdooClientOptions>]]
        : []),
    ];

    test("every protocol reads the same records, and None is null everywhere", async () => {
      const results = [];
      for (const [, extra] of variants()) {
        const c = client(extra);
        results.push(
          await c.executeKw("res.partner", "search_read", [[["is_company", "=", true]]], {
            fields: ["name"],
            limit: 3,
            order: "id",
          }),
        );
        expect(await c.executeKw("res.partner", "action_unarchive", [[3]])).toBeNull();
      }
      expect(results[0]).toHaveLength(3);
      for (const r of results) expect(r).toEqual(results[0] as unknown[]);
    });

    test("every protocol maps Odoo's errors to the same kinds", async () => {
      for (const [name, extra] of variants()) {
        const c = client(extra);
        const kind = async (p: Promise<unknown>) => ((await failure(p)) as OdooError).kind;
        expect([name, await kind(c.executeKw("res.partner", "write", [[999999], { name: "x" }]))]).toEqual([
          name,
          "missing",
        ]);
        expect([name, await kind(c.executeKw("res.partnerx", "search_read", [[]], { limit: 1 }))]).toEqual([
          name,
          "not-found",
        ]);
        expect([name, await kind(c.executeKw("res.partner", "no_such_method", [[]]))]).toEqual([name, "not-found"]);
        expect([name, await kind(c.executeKw("res.partner", "create", [{ email: "x@example.com" }]))]).toEqual([
          name,
          "validation",
        ]);
      }
      const demo = client({ login: odoo.users.demo.login, password: odoo.users.demo.password });
      expect(await failure(demo.executeKw("ir.config_parameter", "search_read", [[]], { limit: 1 }))).toMatchObject({
        kind: "access",
      });
    });

    test("concurrent first calls share one session login", async () => {
      const c = client();
      await Promise.all(Array.from({ length: 10 }, () => c.executeKw("res.partner", "search_count", [[]])));
      expect(odoo.counters.sessionLogins).toBe(1);
      expect(c.protocol).toBe("jsonrpc");
    });

    test("expired sessions are renewed once, transparently", async () => {
      const c = client();
      await c.connect();
      odoo.faults.expireSessions = true;
      expect(await c.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
      expect(odoo.counters.sessionLogins).toBe(2);
    });

    test("an API key in `password` works without configuration change", async () => {
      const c = client({ password: odoo.users.admin.apiKey });
      expect(await c.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
      expect((await c.connect()).mode).toBe(version === "19.0" ? "bearer" : "stateless");
    });

    test("login failures: 2FA password, wrong password, wrong database", async () => {
      const totp = odoo.users.totp;
      const twoFa = (await failure(client({ login: totp.login, password: totp.password }).connect())) as OdooError;
      expect(twoFa.kind).toBe("auth");
      expect(twoFa.message).toContain("API key");
      expect((await client({ login: totp.login, password: undefined, apiKey: totp.apiKey }).connect()).uid).toBe(
        totp.uid,
      );
      expect(await failure(client({ password: "wrong-pass" }).connect())).toMatchObject({ kind: "auth" });
      const db = (await failure(client({ database: "nosuchdb" }).connect())) as OdooError;
      expect(db.kind).toBe("not-found");
      expect(db.message).toContain("'nosuchdb'");
    });

    test("HTTP 500 pages and dropped connections are network errors; the next call works", async () => {
      const c = client();
      await c.connect();
      odoo.faults.http500 = 1;
      expect(await failure(c.executeKw("res.partner", "search_count", [[]]))).toMatchObject({
        kind: "network",
        details: { status: 500 },
      });
      odoo.faults.drop = 1;
      expect(await failure(c.executeKw("res.partner", "search_count", [[]]))).toMatchObject({ kind: "network" });
      expect(await c.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
    });

    test("a slow answer times out; a caller abort stays an abort", async () => {
      const c = client({ timeoutMs: 300 });
      await c.connect();
      odoo.faults.latencyMs = 3000;
      expect(await failure(c.executeKw("res.partner", "search_count", [[]]))).toMatchObject({ kind: "timeout" });
      const abort = new AbortController();
      const pending = failure(c.executeKw("res.partner", "search_count", [[]], {}, { signal: abort.signal }));
      abort.abort();
      expect(((await pending) as Error).name).toBe("AbortError");
      odoo.faults.latencyMs = 0;
    });

    test("close() ends the session; the next call logs in again", async () => {
      const c = client();
      await c.connect();
      await c.close();
      await c.executeKw("res.partner", "search_count", [[]]);
      expect(odoo.counters.sessionLogins).toBe(2);
    });

    test("auto picks JSON-2 on 19 with an API key, JSON-RPC before", async () => {
      const c = client(withKey());
      await c.connect();
      expect(c.protocol).toBe(version === "19.0" ? "json2" : "jsonrpc");
      expect((await c.version()).major).toBe(Number(version.slice(0, 2)));
    });
  });
}

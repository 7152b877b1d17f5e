import { afterAll, beforeAll, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createOdooClient } from "../../../src/odoo/client.ts";

let odoo: FakeOdoo;
beforeAll(async () => {
  odoo = await startFakeOdoo({ version: "19.0" });
});
afterAll(() => odoo.stop());

const client = (credentials: { password?: string; apiKey?: string }) =>
  createOdooClient({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    protocol: "auto",
    timeoutMs: 5000,
    ...credentials,
  });

test("auto on Odoo 19 with a password and an API key: the web session, which checks no credential per call", async () => {
  const c = client({ password: odoo.users.admin.password, apiKey: odoo.users.admin.apiKey });
  const who = await c.connect();
  expect(c.protocol).toBe("jsonrpc");
  expect(who.mode).toBe("session");
  const checks = odoo.counters.passwordChecks;
  await c.executeKw("res.partner", "search_count", [[]]);
  expect(odoo.counters.passwordChecks).toBe(checks);
  await c.close();
});

test("auto on Odoo 19 with only an API key: JSON-2", async () => {
  const c = client({ apiKey: odoo.users.admin.apiKey });
  const who = await c.connect();
  expect(c.protocol).toBe("json2");
  expect(who.mode).toBe("bearer");
  await c.close();
});

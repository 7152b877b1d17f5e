import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config/load.ts";
import { runDoctor } from "../../src/doctor.ts";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { createLogger } from "../../src/log.ts";
import { OdooError } from "../../src/odoo/errors.ts";
import type { OdooClient } from "../../src/odoo/types.ts";
import { odooClientFromConfig } from "../../src/wire.ts";

let odoo: FakeOdoo;
let notOdoo: ReturnType<typeof Bun.serve>;
// A front that moved to https: every path redirects to the same path there.
const https = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: (req) => Response.redirect(`https://erp.example.com${new URL(req.url).pathname}`, 301),
});
beforeAll(async () => {
  odoo = await startFakeOdoo({ version: "18.0" });
  notOdoo = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => new Response("<h1>Welcome to nginx</h1>", { status: 404, headers: { "Content-Type": "text/html" } }),
  });
});
afterAll(async () => {
  await odoo.stop();
  notOdoo.stop(true);
  https.stop(true);
});

/**
 * Runs the doctor with config overrides on top of a working setup; returns its exit code and printed lines.
 * `refuse` makes calls on those models fail as Odoo would (AccessError, UserError…).
 */
async function doctor(overrides: Record<string, string>, refuse: Record<string, OdooError> = {}, fake = odoo) {
  const base = { odoo_url: fake.url, database: fake.database, uid: "admin", password: "admin", timeout: "5" };
  const { config, secrets } = await loadConfig({
    env: {},
    overrides: Object.entries({ ...base, ...overrides }).map(([key, value]) => ({ key, value, source: "test" })),
  });
  const lines: string[] = [];
  const log = createLogger({ ...config.logging, level: "CRITICAL" }, { secrets });
  const odooClient = odooClientFromConfig(config, log);
  const calls: Array<{ model: string; method: string; kwargs?: Record<string, unknown> }> = [];
  const executeKw: OdooClient["executeKw"] = (model, method, args, kwargs, options) => {
    calls.push({ model, method, kwargs });
    return refuse[model] ? Promise.reject(refuse[model]) : odooClient.executeKw(model, method, args, kwargs, options);
  };
  const client: OdooClient = Object.create(odooClient, { executeKw: { value: executeKw } });
  const code = await runDoctor({ config, odoo: client, log, out: (l) => lines.push(l) });
  await odooClient.close();
  return { code, text: lines.join("\n"), calls };
}

describe("odoo-mcp doctor", () => {
  test("success: version, protocol, user, latency and readable models", async () => {
    const { code, text } = await doctor({});
    expect(code).toBe(0);
    expect(text).toMatch(/server version\s+18\.0/);
    expect(text).toMatch(/protocol\s+jsonrpc \(session, chosen automatically\)/);
    expect(text).toMatch(/login as\s+admin with a password/);
    expect(text).toMatch(/user\s+admin \(uid 2\)/);
    expect(text).toMatch(/latency\s+[\d.]+ ms/);
    expect(text).toContain("res.partner");
    expect(text).toContain("OK:");
  });

  test("the demo user cannot read ir.config_parameter, and the doctor says which models it can", async () => {
    const { code, text } = await doctor({ uid: odoo.users.demo.login, password: odoo.users.demo.password });
    expect(code).toBe(0);
    const models = text.slice(text.indexOf("readable models"));
    expect(models).toContain("res.partner");
    expect(models).not.toContain("ir.config_parameter");
  });

  const failures: Array<[string, Record<string, string>, RegExp]> = [
    ["nothing listens at the URL", { odoo_url: "http://127.0.0.1:1" }, /hint: cannot talk to Odoo at .*check odoo_url/],
    ["the URL is not Odoo", { odoo_url: "" }, /hint: something answers at that URL, but not Odoo/],
    [
      "redirected to https",
      { odoo_url: "" },
      /set odoo_url to https:\/\/erp\.example\.com\nhint: odoo_url is redirected/,
    ],
    ["wrong database", { database: "nope" }, /database 'nope' was not found.*dbfilter/],
    ["bad password", { password: "wrong" }, /login refused.*two-factor/s],
    ["2FA user with a password", { uid: "totp", password: "__totp__" }, /two-factor.*\nhint: create an API key/],
    ["JSON-2 before Odoo 19", { protocol: "json2" }, /hint: JSON-2 needs Odoo 19 or later/],
    ["TLS problem", { odoo_url: "" }, /hint: TLS problem: .*http:\/\//],
    ["timeout", { timeout: "0.2" }, /did not answer within 0.2s/],
  ];
  test.each(failures)("failure with a hint: %s", async (label, overrides, hint) => {
    if (label === "the URL is not Odoo") overrides.odoo_url = `http://127.0.0.1:${notOdoo.port}`;
    if (label === "redirected to https") overrides.odoo_url = `http://127.0.0.1:${https.port}`;
    if (label === "TLS problem") overrides.odoo_url = odoo.url.replace("http://", "https://");
    if (overrides.password === "__totp__") overrides.password = odoo.users.totp.password;
    if (label === "timeout") odoo.faults.latencyMs = 1000;
    try {
      const { code, text } = await doctor(overrides);
      expect(code).toBe(1);
      expect(text).toContain("FAILED:");
      expect(text).toMatch(hint);
    } finally {
      odoo.faults.latencyMs = 0;
    }
  });

  test("JSON-2 with a password as bearer: the hint asks for an API key", async () => {
    const v19 = await startFakeOdoo({ version: "19.0" });
    try {
      const { code, text } = await doctor({ protocol: "json2", password: "admin" }, {}, v19);
      expect(code).toBe(1);
      expect(text).toContain("hint: JSON-2 takes an API key, not a password");
    } finally {
      await v19.stop();
    }
  });

  test("a user who may not list ir.model can still work: OK, readable models unknown", async () => {
    const refused = new OdooError("access", "You are not allowed to access 'Models' (ir.model) records.");
    const { code, text } = await doctor({}, { "ir.model": refused });
    expect(code).toBe(0);
    expect(text).toMatch(/readable models\s+unknown: this user may not read ir\.model/);
  });

  test("models are probed with search(limit=1), never a count that would scan a big table", async () => {
    const { calls } = await doctor({});
    const probes = calls.filter((c) => c.model !== "res.users" && c.model !== "ir.model" && c.method !== "search_read");
    expect(probes.length).toBeGreaterThan(3);
    for (const c of probes) expect(c).toEqual({ model: c.model, method: "search", kwargs: { limit: 1 } });
  });

  test("a model whose search raises (UserError, ValidationError) is only not readable", async () => {
    const { code, text } = await doctor({}, { "res.country": new OdooError("user", "You cannot search countries") });
    expect(code).toBe(0);
    const models = text.slice(text.indexOf("readable models"));
    expect(models).toContain("res.partner");
    expect(models).not.toContain("res.country");
  });

  test("credentials in odoo_url (a proxy's basic auth) are never printed", async () => {
    const { code, text } = await doctor({ odoo_url: odoo.url.replace("http://", "http://bob:hunter2@") });
    expect(code).toBe(0);
    expect(text).toContain(`Odoo URL         ${odoo.url}`);
    expect(text).not.toContain("hunter2");
  });
});

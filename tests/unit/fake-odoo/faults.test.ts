import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { login } from "./replay-request.ts";
import { executeKw, post } from "./rpc.ts";

let fake: FakeOdoo;
beforeAll(async () => {
  fake = await startFakeOdoo({ version: "18.0" });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const callKw = (cookie: string) =>
  post(fake, "/web/dataset/call_kw", { model: "res.partner", method: "search_count", args: [[]], kwargs: {} }, cookie);

describe("fault injection", () => {
  test("http500 answers the next N requests with werkzeug's HTML 500, then recovers", async () => {
    fake.faults.http500 = 2;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${fake.url}/web/webclient/version_info`, { method: "POST", body: "{}" });
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("<h1>Internal Server Error</h1>");
    }
    expect((await executeKw(fake, "res.partner", "search_count", [[]])).result).toBe(37);
    expect(fake.faults.http500).toBe(0);
  });

  test("drop closes the connection without an HTTP answer, then recovers", async () => {
    fake.faults.drop = 1;
    await expect(fetch(`${fake.url}/jsonrpc`, { method: "POST", body: "{}" })).rejects.toThrow();
    expect((await executeKw(fake, "res.partner", "search_count", [[]])).result).toBe(37);
  });

  test("expireSessions invalidates existing sessions once: code 100 like Odoo, then a new login works", async () => {
    const cookie = await login(fake, "admin");
    expect((await callKw(cookie)).result).toBe(37);
    fake.faults.expireSessions = true;
    const expired = await callKw(cookie);
    expect(expired.error?.code).toBe(100);
    expect(expired.error?.data.name).toBe("odoo.http.SessionExpiredException");
    expect(expired.id).toBeNull();
    const fresh = await login(fake, "admin");
    expect((await callKw(fresh)).result).toBe(37);
    expect(fake.faults.expireSessions).toBe(false);
  });

  test("latencyMs delays but does not change the answer", async () => {
    fake.faults.latencyMs = 5;
    expect((await executeKw(fake, "res.partner", "search_count", [[]])).result).toBe(37);
  });
});

describe("counters", () => {
  test("a credential check on every /jsonrpc call and login, none on session calls", async () => {
    await executeKw(fake, "res.partner", "search_count", [[]]);
    await executeKw(fake, "res.partner", "search_count", [[]]);
    expect(fake.counters.passwordChecks).toBe(2);
    const cookie = await login(fake, "admin");
    expect(fake.counters).toMatchObject({ passwordChecks: 3, sessionLogins: 1 });
    await callKw(cookie);
    await callKw(cookie);
    expect(fake.counters.passwordChecks).toBe(3);
    await post(fake, "/jsonrpc", {
      service: "common",
      method: "authenticate",
      args: [fake.database, "admin", "admin", {}],
    });
    expect(fake.counters).toMatchObject({ passwordChecks: 4, commonAuthenticates: 1, requests: 6 });
  });

  test("XML-RPC checks the credential on every call too", async () => {
    const xml =
      "<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params>" +
      `<param><value><string>${fake.database}</string></value></param><param><value><int>2</int></value></param>` +
      "<param><value><string>admin</string></value></param><param><value><string>res.partner</string></value></param>" +
      "<param><value><string>search_count</string></value></param><param><value><array><data><value><array><data>" +
      "</data></array></value></data></array></value></param></params></methodCall>";
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${fake.url}/xmlrpc/2/object`, {
        method: "POST",
        headers: { "Content-Type": "text/xml" },
        body: xml,
      });
      expect(await res.text()).toContain("<int>37</int>");
    }
    expect(fake.counters.passwordChecks).toBe(3);
  });

  test("reset() restores the seed, clears counters, faults and sessions", async () => {
    const cookie = await login(fake, "admin");
    await executeKw(fake, "res.partner", "write", [[9], { name: "Renamed" }]);
    fake.faults.http500 = 5;
    fake.reset();
    expect(fake.counters).toEqual({ requests: 0, sessionLogins: 0, commonAuthenticates: 0, passwordChecks: 0 });
    expect(fake.faults).toEqual({});
    expect((await callKw(cookie)).error?.code).toBe(100);
    const read = await executeKw(fake, "res.partner", "read", [[9], ["name"]]);
    expect(read.result).toEqual([{ id: 9, name: "Wood Corner" }]);
  });
});

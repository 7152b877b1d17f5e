import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { login } from "./replay-request.ts";
import { post } from "./rpc.ts";

// The fake refuses what Odoo refuses, so a client that forgets a header or a parameter fails here and not only in
// production.
const fakes: Record<string, FakeOdoo> = {};
beforeAll(async () => {
  fakes["18.0"] = await startFakeOdoo({ version: "18.0" });
  fakes["19.0"] = await startFakeOdoo({ version: "19.0" });
});
afterAll(async () => {
  for (const f of Object.values(fakes)) await f.stop();
});

const body = JSON.stringify({
  jsonrpc: "2.0",
  method: "call",
  id: 1,
  params: { service: "common", method: "version", args: [] },
});

describe("JSON routes take only JSON bodies (Odoo's _set_request_dispatcher)", () => {
  test.each([
    ["18.0", "/jsonrpc", "json"],
    ["19.0", "/jsonrpc", "jsonrpc"],
    ["18.0", "/web/dataset/call_kw/res.partner/search_count", "json"],
  ])("%s %s without a JSON Content-Type: werkzeug's 415 page naming the route as declared", async (v, path, type) => {
    const fake = fakes[v]!;
    for (const contentType of [undefined, "text/plain", "application/x-www-form-urlencoded"]) {
      const headers: Record<string, string> = contentType ? { "Content-Type": contentType } : {};
      const res = await fetch(`${fake.url}${path}`, { method: "POST", headers, body });
      expect(res.status).toBe(415);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("accept")).toBe("application/json, application/json-rpc");
      const route = path.replace(/^(\/web\/dataset\/call_kw)\/.*$/, "$1");
      expect(await res.text()).toContain(
        `Request inferred type is compatible with [&#39;http&#39;] but &#39;${route}&#39; is type=&#39;${type}&#39;.<br><br>`,
      );
    }
  });

  test("application/json with a charset and application/json-rpc are JSON", async () => {
    for (const contentType of ["application/json; charset=utf-8", "application/json-rpc", "Application/JSON"]) {
      const res = await fetch(`${fakes["18.0"]!.url}/jsonrpc`, {
        method: "POST",
        headers: { "Content-Type": contentType },
        body,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: { server_version: string } }).result.server_version).toBe("18.0");
    }
  });
});

describe("JSON route params are the endpoint's keyword arguments: required ones must be there", () => {
  test("/web/dataset/call_kw without kwargs: TypeError naming DataSet.call_kw", async () => {
    const fake = fakes["18.0"]!;
    const cookie = await login(fake, "admin");
    const answer = await post(
      fake,
      "/web/dataset/call_kw",
      { model: "res.partner", method: "search_count", args: [[]] },
      cookie,
    );
    expect(answer.id).toBe(7);
    expect(answer.error?.data).toMatchObject({
      name: "builtins.TypeError",
      message: "DataSet.call_kw() missing 1 required positional argument: 'kwargs'",
    });
  });

  test("/web/session/authenticate without a database: TypeError, not a login attempt", async () => {
    const fake = fakes["18.0"]!;
    const answer = await post(fake, "/web/session/authenticate", { login: "admin", password: "admin" });
    expect(answer.error?.data.message).toBe("Session.authenticate() missing 1 required positional argument: 'db'");
  });

  test("/jsonrpc without args: TypeError naming the endpoint of that version", async () => {
    for (const [v, endpoint] of [
      ["18.0", "RPC.jsonrpc"],
      ["19.0", "JSONRPC.jsonrpc"],
    ] as const) {
      const answer = await post(fakes[v]!, "/jsonrpc", { service: "common", method: "version" });
      expect(answer.error?.data).toMatchObject({
        name: "builtins.TypeError",
        message: `${endpoint}() missing 1 required positional argument: 'args'`,
      });
    }
    const none = await post(fakes["18.0"]!, "/jsonrpc", {});
    expect(none.error?.data.message).toBe(
      "RPC.jsonrpc() missing 3 required positional arguments: 'service', 'method', and 'args'",
    );
  });
});

import { describe, expect, test } from "bun:test";
import { createOdooClient, type OdooClientOptions } from "../../../src/odoo/client.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";
import { capture } from "./captures.ts";
import { rejection } from "./rejection.ts";
import { replayOdoo, rpcResult } from "./replay.ts";

const base = (fetch: FetchLike, extra: Partial<OdooClientOptions> = {}): OdooClientOptions => ({
  url: "http://odoo.test:8069",
  database: "odoo",
  login: "admin",
  password: "admin",
  protocol: "jsonrpc",
  timeoutMs: 5000,
  fetch,
  ...extra,
});

describe("JSON-RPC with a password: one session login, then /web/dataset/call_kw", () => {
  test("calls carry the session cookie and the same body a real client sends", async () => {
    const odoo = replayOdoo("18.0", { call_kw: () => capture("18.0", "callkw_search_read_ok") });
    const client = createOdooClient(base(odoo.fetch));
    const expected = capture("18.0", "callkw_search_read_ok");
    const { model, method, args, kwargs } = (
      expected.request.body as {
        params: { model: string; method: string; args: unknown[]; kwargs: Record<string, unknown> };
      }
    ).params;
    const rows = await client.executeKw(model, method, args, kwargs);
    expect(rows).toEqual((expected.response.body as { result: unknown }).result);
    expect(client.protocol).toBe("jsonrpc");
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "session" });
    const [login, call] = odoo.asked();
    expect(login?.params).toEqual({ db: "odoo", login: "admin", password: "admin" });
    expect(call?.seen.path).toBe("/web/dataset/call_kw/res.partner/search_read");
    expect(call?.seen.headers.get("cookie")).toBe("session_id=<redacted>");
    expect(call?.params).toEqual({ model, method, args, kwargs });
  });

  test("concurrent first calls share one login", async () => {
    const odoo = replayOdoo("17.0", { call_kw: () => rpcResult(1) });
    const client = createOdooClient(base(odoo.fetch));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.executeKw("res.partner", "search_count", [[]])),
    );
    expect(results).toEqual(Array(8).fill(1));
    expect(odoo.count("session")).toBe(1);
    expect(odoo.count("call_kw")).toBe(8);
  });

  test("an expired session is renewed once, shared by concurrent calls, and the calls retried", async () => {
    const odoo = replayOdoo("19.0", {
      call_kw: (_a, n) => (n <= 3 ? capture("19.0", "callkw_no_session") : rpcResult(n)),
    });
    const client = createOdooClient(base(odoo.fetch));
    await client.connect();
    const results = await Promise.all([1, 2, 3].map(() => client.executeKw("res.partner", "search_count", [[]])));
    expect(results.every((r) => typeof r === "number" && r > 3)).toBe(true);
    expect(odoo.count("session")).toBe(2);
  });

  test("a session that expires again right after renewal fails instead of looping", async () => {
    const odoo = replayOdoo("18.0", { call_kw: () => capture("18.0", "callkw_no_session") });
    const client = createOdooClient(base(odoo.fetch));
    const err = await rejection(client.executeKw("res.partner", "search_count", [[]]));
    expect(err.kind).toBe("auth");
    expect(err.details.odooName).toBe("odoo.http.SessionExpiredException");
    expect(odoo.count("call_kw")).toBe(2);
    expect(odoo.count("session")).toBe(2);
  });

  test("Odoo errors come back as typed errors with Odoo's message", async () => {
    const odoo = replayOdoo("17.0", {
      call_kw: (a) =>
        capture("17.0", a.params.method === "write" ? "callkw_missing_record" : "callkw_validation_error"),
    });
    const client = createOdooClient(base(odoo.fetch));
    const missing = await rejection(client.executeKw("res.partner", "write", [[999999], { name: "x" }]));
    expect(missing.kind).toBe("missing");
    expect(missing.message).toStartWith("Record does not exist or has been deleted.");
    const invalid = await rejection(client.executeKw("res.partner", "create", [{ email: "noname@example.com" }]));
    expect(invalid).toMatchObject({
      kind: "validation",
      details: { odooName: "odoo.exceptions.ValidationError", code: 200 },
    });
  });

  test("context: lang, tz and company from the options, merged under the call's and the kwargs' context", async () => {
    const odoo = replayOdoo("18.0", { call_kw: () => rpcResult([]) });
    const context = { lang: "fr_BE", tz: "Europe/Brussels", company_id: 3 };
    const client = createOdooClient(base(odoo.fetch, { context }));
    await client.executeKw("res.partner", "search_read", [[]], { limit: 1 });
    await client.executeKw(
      "res.partner",
      "search_read",
      [[]],
      { context: { lang: "nl_BE" } },
      { context: { tz: "UTC" } },
    );
    const [first, second] = odoo.asked().filter((a) => a.key === "call_kw");
    expect(first?.params.kwargs).toEqual({
      limit: 1,
      context: { lang: "fr_BE", tz: "Europe/Brussels", allowed_company_ids: [3] },
    });
    expect((second?.params.kwargs as { context?: unknown } | undefined)?.context).toEqual({
      lang: "nl_BE",
      tz: "UTC",
      allowed_company_ids: [3],
    });
  });

  test("close() destroys the session; the next call logs in again", async () => {
    // search_count answers a number (the client checks it): the stub answers one.
    const odoo = replayOdoo("18.0", { call_kw: () => rpcResult(3) });
    const client = createOdooClient(base(odoo.fetch));
    await client.executeKw("res.partner", "search_count", [[]]);
    await client.close();
    expect(odoo.count("destroy")).toBe(1);
    expect(
      odoo
        .asked()
        .find((a) => a.key === "destroy")
        ?.seen.headers.get("cookie"),
    ).toBe("session_id=<redacted>");
    await client.executeKw("res.partner", "search_count", [[]]);
    expect(odoo.count("session")).toBe(2);
  });

  test("onCall reports every call, failed ones too", async () => {
    const calls: Array<{ model: string; method: string; ok: boolean }> = [];
    const odoo = replayOdoo("18.0", {
      call_kw: (a) => (a.params.method === "unlink" ? capture("18.0", "callkw_access_error_demo") : rpcResult(3)),
    });
    const client = createOdooClient(
      base(odoo.fetch, { onCall: ({ model, method, ok }) => calls.push({ model, method, ok }) }),
    );
    await client.executeKw("res.partner", "search_count", [[]]);
    await client.executeKw("res.partner", "unlink", [[1]]).catch(() => {});
    expect(calls).toEqual([
      { model: "res.partner", method: "search_count", ok: true },
      { model: "res.partner", method: "unlink", ok: false },
    ]);
  });

  test("no session cookie (a proxy strips it): stateless calls with the password", async () => {
    const ok = capture("18.0", "session_authenticate_ok");
    const odoo = replayOdoo("18.0", {
      session: () => Response.json(ok.response.body),
      "jsonrpc:object.execute_kw": () => rpcResult(4),
    });
    const client = createOdooClient(base(odoo.fetch));
    expect(await client.executeKw("res.partner", "search_count", [[]])).toBe(4);
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "stateless" });
    expect(odoo.count("call_kw")).toBe(0);
  });

  test("a login that sets the cookie twice (Odoo 19's rotation): the last one is the session, as in a browser", async () => {
    const ok = capture("19.0", "session_authenticate_ok");
    const headers = new Headers({ "Content-Type": "application/json" });
    for (const sid of ["pre-rotation", "rotated"]) headers.append("Set-Cookie", `session_id=${sid}; HttpOnly; Path=/`);
    headers.append("Set-Cookie", "frontend_lang=en_US; Path=/; SameSite=Lax");
    const odoo = replayOdoo("19.0", {
      session: () => new Response(JSON.stringify(ok.response.body), { headers }),
      call_kw: (a) =>
        a.seen.headers.get("cookie") === "session_id=rotated" ? rpcResult(5) : capture("19.0", "callkw_no_session"),
    });
    const client = createOdooClient(base(odoo.fetch));
    expect(await client.executeKw("res.partner", "search_count", [[]])).toBe(5);
    expect(odoo.count("session")).toBe(1);
  });

  test("a method returning None resolves to null", async () => {
    const odoo = replayOdoo("19.0", { call_kw: () => Response.json({ jsonrpc: "2.0", id: 2 }) });
    const client = createOdooClient(base(odoo.fetch));
    expect(await client.executeKw("res.partner", "action_unarchive", [[3]])).toBeNull();
  });
});

describe("JSON-RPC login failures a caller can tell apart", () => {
  test("wrong password: auth error that mentions API keys for 2FA users, never the password; the next call retries", async () => {
    const odoo = replayOdoo("18.0");
    const client = createOdooClient(base(odoo.fetch, { password: "s3cret-wrong" }));
    const err = await rejection(client.connect());
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("two-factor");
    expect(err.message).toContain("API key");
    expect(err.message).not.toContain("s3cret-wrong");
    await rejection(client.connect());
    expect(odoo.count("session")).toBe(2);
  });

  test("Odoo's own reason for refusing the login (its failed-login cooldown) reaches the message", async () => {
    const cooldown = "Too many login failures, please wait a bit before trying again.";
    const refusal = structuredClone(capture("18.0", "session_authenticate_badpw"));
    const body = refusal.response.body as { error: { data: { message: string; arguments: string[] } } };
    body.error.data.message = cooldown;
    const odoo = replayOdoo("18.0", { session: () => refusal });
    const err = await rejection(createOdooClient(base(odoo.fetch, { password: "wrong" })).connect());
    expect(err.kind).toBe("auth");
    expect(err.message).toContain(`(${cooldown})`);
  });

  test("a 2FA user's correct password: Odoo's session answers uid null → 'use an API key'", async () => {
    const odoo = replayOdoo("17.0", { session: () => rpcResult({ uid: null }) });
    const err = await rejection(createOdooClient(base(odoo.fetch)).connect());
    expect(err.kind).toBe("auth");
    expect(err.message).toMatch(/two-factor authentication enabled.*API key/);
  });

  test("wrong database: not-found naming the database", async () => {
    const odoo = replayOdoo("19.0", { session: () => capture("19.0", "session_authenticate_baddb") });
    const err = await rejection(createOdooClient(base(odoo.fetch, { database: "nosuchdb" })).connect());
    expect(err.kind).toBe("not-found");
    expect(err.message).toContain("'nosuchdb'");
  });
});

describe("JSON-RPC with an API key: stateless /jsonrpc execute_kw", () => {
  test("an API key given as the password: session refused, common.authenticate accepts → stateless, no config change", async () => {
    const expected = capture("18.0", "jsonrpc_search_read_apikey");
    const odoo = replayOdoo("18.0", { "jsonrpc:object.execute_kw": () => expected });
    const client = createOdooClient(base(odoo.fetch, { password: "<admin-api-key>" }));
    const all = (expected.request.body as { params: { args: unknown[] } }).params.args;
    const [model, method, args, kwargs] = all.slice(3) as [string, string, unknown[], Record<string, unknown>];
    const rows = await client.executeKw(model, method, args, kwargs);
    expect(rows).toEqual((expected.response.body as { result: unknown }).result);
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "stateless" });
    expect(odoo.asked().map((a) => a.key)).toEqual([
      "session",
      "jsonrpc:common.authenticate",
      "jsonrpc:object.execute_kw",
    ]);
    expect(odoo.asked()[2]?.args).toEqual((expected.request.body as { params: { args: unknown[] } }).params.args);
  });

  test("apiKey: common.authenticate once, then the key on every call; no session", async () => {
    const odoo = replayOdoo("17.0", {
      "jsonrpc:object.execute_kw": () => capture("17.0", "jsonrpc_none_result_public"),
    });
    const client = createOdooClient(base(odoo.fetch, { password: undefined, apiKey: "<admin-api-key>" }));
    expect(await client.executeKw("res.partner", "action_unarchive", [[3]])).toBeNull();
    expect(await client.executeKw("res.partner", "action_unarchive", [[3]])).toBeNull();
    expect(odoo.count("session")).toBe(0);
    expect(odoo.count("jsonrpc:common.authenticate")).toBe(1);
    expect(odoo.asked().at(-1)?.args.slice(0, 3)).toEqual(["odoo", 2, "<admin-api-key>"]);
  });

  test("numeric uid with a password: the login is read statelessly, then the session is opened with it", async () => {
    const odoo = replayOdoo("18.0", {
      "jsonrpc:object.execute_kw": (a) =>
        a.args[3] === "res.users" ? rpcResult([{ id: 2, login: "admin" }]) : undefined,
      call_kw: () => rpcResult(5),
    });
    const client = createOdooClient(base(odoo.fetch, { login: undefined, uid: 2 }));
    expect(await client.executeKw("res.partner", "search_count", [[]])).toBe(5);
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "session" });
    expect(odoo.asked()[0]?.args).toEqual(["odoo", 2, "admin", "res.users", "read", [[2]], { fields: ["login"] }]);
    expect(odoo.asked()[1]?.params.login).toBe("admin");
  });

  test("error messages never contain the secrets", async () => {
    const odoo = replayOdoo("18.0", {
      "jsonrpc:common.authenticate": () => rpcResult(2),
      "jsonrpc:object.execute_kw": () =>
        Response.json({
          jsonrpc: "2.0",
          id: 1,
          error: {
            code: 200,
            message: "Odoo Server Error",
            data: { name: "builtins.ValueError", message: "bad value k3y-XYZ" },
          },
        }),
    });
    const client = createOdooClient(base(odoo.fetch, { password: undefined, apiKey: "k3y-XYZ" }));
    const err = await rejection(client.executeKw("res.partner", "search", [[]]));
    expect(err.message).toBe("bad value ***");
  });
});

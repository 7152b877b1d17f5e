import { describe, expect, test } from "bun:test";
import { createOdooClient, type OdooClientOptions } from "../../../src/odoo/client.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";
import { capture } from "./captures.ts";
import { rejection } from "./rejection.ts";
import { type Asked, replayOdoo } from "./replay.ts";

const options = (fetch: FetchLike, extra: Partial<OdooClientOptions> = {}): OdooClientOptions => ({
  url: "http://odoo.test:8069",
  database: "odoo19",
  login: "admin",
  apiKey: "<apikey_admin>",
  protocol: "json2",
  timeoutMs: 5000,
  fetch,
  ...extra,
});

const pathOf = (a: Asked) => a.seen.path;
const usersLookup = (a: Asked) =>
  pathOf(a) === "/json/2/res.users/search_read"
    ? Response.json([{ id: 2, login: "admin" }])
    : pathOf(a) === "/json/2/res.users/context_get"
      ? Response.json({ lang: "en_US", tz: false, uid: 2 })
      : undefined;

/** JSON-2 answers: the user lookup, then a capture per method. */
const json2 =
  (byMethod: Record<string, string>) =>
  (a: Asked): ReturnType<typeof usersLookup> | ReturnType<typeof capture> =>
    usersLookup(a) ?? capture("19.0", byMethod[pathOf(a).split("/")[4] ?? ""] ?? "json2_root_404");

describe("JSON-2: POST /json/2/<model>/<method> with a bearer API key", () => {
  test("headers, named body and bare result are those of a real JSON-2 exchange", async () => {
    const expected = capture("19.0", "json2_search_read_ok");
    const odoo = replayOdoo("19.0", { json2: json2({ search_read: "json2_search_read_ok" }) });
    const client = createOdooClient(options(odoo.fetch));
    const rows = await client.executeKw("res.partner", "search_read", [[["is_company", "=", true]]], {
      fields: ["id", "name", "email", "country_id"],
      limit: 3,
      order: "id",
    });
    expect(rows).toEqual(expected.response.body);
    expect(client.protocol).toBe("json2");
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "bearer" });
    // Logging in reads the configured user and, alongside, whose key it is (context_get): JSON-2 acts as the key's owner.
    const [lookup, whose, call] = odoo.asked();
    expect(lookup?.params).toEqual({ domain: [["login", "=", "admin"]], fields: ["login"], limit: 1 });
    expect(whose?.seen.path).toBe("/json/2/res.users/context_get");
    expect(call?.seen.path).toBe("/json/2/res.partner/search_read");
    expect(call?.params).toEqual(expected.request.body as Record<string, unknown>);
    expect(call?.seen.headers.get("authorization")).toBe(expected.request.headers.Authorization ?? "");
    expect(call?.seen.headers.get("x-odoo-database")).toBe("odoo19");
  });

  test("record methods send `ids`; the context is a named argument; None is null", async () => {
    const odoo = replayOdoo("19.0", {
      json2: json2({ write: "json2_write", action_unarchive: "json2_none_result_public" }),
    });
    const client = createOdooClient(options(odoo.fetch, { context: { lang: "en_US" } }));
    expect(await client.executeKw("res.partner", "write", [[65], { email: "tmp2@example.com" }])).toBe(true);
    expect(await client.executeKw("res.partner", "action_unarchive", [[3]])).toBeNull();
    expect(odoo.asked()[2]?.params).toEqual({
      ids: [65],
      vals: { email: "tmp2@example.com" },
      context: { lang: "en_US" },
    });
    expect(odoo.asked()[3]?.params).toEqual({ ids: [3], context: { lang: "en_US" } });
  });

  test("statuses map to kinds: 403 access, 404 missing/not-found, 422 validation, 500 server", async () => {
    const odoo = replayOdoo("19.0", {
      json2: json2({
        check_access: "json2_none_result",
        write: "json2_missing_record",
        no_such_method: "json2_unknown_method",
        create: "json2_validation_error",
        search_read: "json2_bad_domain",
      }),
    });
    const client = createOdooClient(options(odoo.fetch));
    const kinds = [];
    for (const [method, args] of [
      ["check_access", [[3], "read"]],
      ["write", [[999999], { name: "x" }]],
      ["no_such_method", []],
      ["create", [[{ email: "noname@example.com" }]]],
      ["search_read", [[["no_such_field", "=", 1]]]],
    ] as const) {
      const err = await rejection(client.executeKw("res.partner", method, [...args]));
      kinds.push([err.kind, err.details.status]);
    }
    expect(kinds).toEqual([
      ["access", 403],
      ["missing", 404],
      ["not-found", 404],
      ["validation", 422],
      ["server", 500],
    ]);
  });

  test("an unknown method with positional args fails before any request, asking for kwargs", async () => {
    const odoo = replayOdoo("19.0", { json2: usersLookup });
    const client = createOdooClient(options(odoo.fetch));
    await client.connect();
    const err = await rejection(client.executeKw("sale.order", "action_custom", [[7], "x"]));
    expect(err.message).toContain("kwargs");
    // The login's two requests only.
    expect(odoo.seen.length).toBe(2);
  });

  test("a refused key (or a password used as bearer) is an auth error that says JSON-2 needs an API key", async () => {
    const odoo = replayOdoo("19.0", { json2: () => capture("19.0", "json2_password_as_bearer") });
    const err = await rejection(
      createOdooClient(options(odoo.fetch, { apiKey: undefined, password: "admin" })).connect(),
    );
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("API key");
    expect(err.message).toContain("Invalid apikey");
  });

  test("an unknown X-Odoo-Database: not-found naming the database", async () => {
    const odoo = replayOdoo("19.0", { json2: () => capture("19.0", "json2_wrong_db_header") });
    const err = await rejection(createOdooClient(options(odoo.fetch, { database: "nosuchdb" })).connect());
    expect(err.kind).toBe("not-found");
    expect(err.message).toContain("'nosuchdb'");
  });
});

import { describe, expect, test } from "bun:test";
import { createOdooClient, type OdooClientOptions } from "../../../src/odoo/client.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";
import { decodeResponse, encodeResponse } from "../../../src/odoo/xmlrpc-codec.ts";
import { capture, xmlOf } from "./captures.ts";
import { rejection } from "./rejection.ts";
import { replayOdoo } from "./replay.ts";

const options = (fetch: FetchLike, extra: Partial<OdooClientOptions> = {}): OdooClientOptions => ({
  url: "http://odoo.test:8069/",
  database: "odoo",
  login: "admin",
  apiKey: "<admin-api-key>",
  protocol: "xmlrpc",
  timeoutMs: 5000,
  fetch,
  ...extra,
});

const xmlAnswer = (body: string) => new Response(body, { headers: { "Content-Type": "text/xml; charset=utf-8" } });

describe("XML-RPC: /xmlrpc/2/common authenticate, then /xmlrpc/2/object execute_kw", () => {
  test("writes byte for byte what Odoo's own client sends, and decodes the answer", async () => {
    const expected = capture("18.0", "xmlrpc_search_read_apikey");
    const odoo = replayOdoo("18.0", { "xmlrpc:object.execute_kw": () => expected });
    const client = createOdooClient(options(odoo.fetch));
    const rows = await client.executeKw("res.partner", "search_read", [[["is_company", "=", true]]], {
      fields: ["name", "email"],
      limit: 2,
    });
    const decoded = decodeResponse(expected.response.body as string);
    expect(decoded.ok && rows).toEqual(decoded.ok ? decoded.value : null);
    expect(odoo.seen.at(-1)?.body).toBe(xmlOf(expected.request.body));
    expect(odoo.seen.at(-1)?.headers.get("content-type")).toBe("text/xml");
    expect(client.protocol).toBe("xmlrpc");
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "stateless" });
    expect(odoo.count("xmlrpc:common.authenticate")).toBe(1);
  });

  test("faults map to kinds; the 'cannot marshal None' fault (only it) is a null result", async () => {
    const odoo = replayOdoo("18.0", {
      "xmlrpc:object.execute_kw": (a) =>
        capture(
          "18.0",
          {
            check_access: "xmlrpc_none_result",
            no_such_method: "xmlrpc_unknown_method",
            search_read: "xmlrpc_access_error_demo",
          }[a.args[4] as string] ?? "xmlrpc_unknown_model",
        ),
    });
    const client = createOdooClient(options(odoo.fetch));
    expect(await client.executeKw("res.partner", "check_access", [[3], "read"])).toBeNull();
    const unknown = await rejection(client.executeKw("res.partner", "no_such_method", [[]]));
    expect(unknown).toMatchObject({
      kind: "not-found",
      message: "The method 'no_such_method' does not exist on the model 'res.partner'",
    });
    expect((await rejection(client.executeKw("ir.config_parameter", "search_read", [[]]))).kind).toBe("access");
    expect((await rejection(client.executeKw("res.partnerx", "search", [[]]))).kind).toBe("not-found");
  });

  test("dates and bytes come back as JSON-RPC would give them", async () => {
    const value = { when: new Date(Date.UTC(2026, 10, 24, 13, 5, 9)), data: new Uint8Array([104, 105]) };
    const odoo = replayOdoo("17.0", { "xmlrpc:object.execute_kw": () => xmlAnswer(encodeResponse([value])) });
    const rows = await createOdooClient(options(odoo.fetch)).executeKw("ir.attachment", "read", [[1]]);
    expect(rows).toEqual([{ when: "2026-11-24 13:05:09", data: "aGk=" }]);
  });

  test("bad credentials: authenticate answers false → auth error; a numeric uid is checked by reading its login", async () => {
    const odoo = replayOdoo("19.0");
    const err = await rejection(createOdooClient(options(odoo.fetch, { apiKey: "nope" })).connect());
    expect(err.kind).toBe("auth");
    expect(err.message).not.toContain("nope");

    const byUid = replayOdoo("19.0", { "xmlrpc:object.execute_kw": () => capture("19.0", "xmlrpc_bad_password") });
    const uidErr = await rejection(createOdooClient(options(byUid.fetch, { login: undefined, uid: 2 })).connect());
    expect(uidErr.kind).toBe("auth");
    expect(uidErr.message).toContain("uid 2");
  });

  test("the context travels in kwargs", async () => {
    const odoo = replayOdoo("18.0", { "xmlrpc:object.execute_kw": () => xmlAnswer(encodeResponse(true)) });
    const client = createOdooClient(options(odoo.fetch, { context: { lang: "fr_FR" } }));
    await client.executeKw("res.partner", "write", [[1], { name: "x" }]);
    expect(odoo.asked().at(-1)?.args[6]).toEqual({ context: { lang: "fr_FR" } });
  });
});

import { describe, expect, test } from "bun:test";
import { createOdooClient, type OdooClientOptions } from "../../../src/odoo/client.ts";
import { OdooError } from "../../../src/odoo/errors.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";
import { parseVersion } from "../../../src/odoo/version.ts";
import { capture, VERSIONS } from "./captures.ts";
import { type Asked, replayOdoo, rpcResult } from "./replay.ts";

const options = (fetch: FetchLike, extra: Partial<OdooClientOptions> = {}): OdooClientOptions => ({
  url: "http://odoo.test:8069",
  database: "odoo",
  login: "admin",
  password: "admin",
  protocol: "auto",
  timeoutMs: 5000,
  fetch,
  ...extra,
});

const notFound = () => capture("17.0", "web_version_get"); // Werkzeug's 404 HTML page
const users = (a: Asked) =>
  a.seen.path === "/json/2/res.users/search_read" ? Response.json([{ id: 2, login: "admin" }]) : Response.json(7);

describe("parseVersion", () => {
  test("plain, saas and enterprise versions", () => {
    expect(parseVersion("17.0")).toEqual({ serverVersion: "17.0", major: 17, minor: 0 });
    expect(parseVersion("saas~18.2")).toEqual({ serverVersion: "saas~18.2", major: 18, minor: 2 });
    expect(parseVersion("19.0+e")).toEqual({ serverVersion: "19.0+e", major: 19, minor: 0 });
    expect(parseVersion("saas~18", ["saas~18", 3, 0, "final", 0, ""])).toMatchObject({ major: 18, minor: 3 });
    expect(() => parseVersion("master")).toThrow(OdooError);
  });
});

describe("auto: the protocol follows the server and the credential", () => {
  for (const v of VERSIONS) {
    test(`${v} with a password: JSON-RPC session`, async () => {
      const odoo = replayOdoo(v, { call_kw: () => rpcResult(1) });
      const client = createOdooClient(options(odoo.fetch));
      expect((await client.connect()).mode).toBe("session");
      expect(client.protocol).toBe("jsonrpc");
      expect((await client.version()).serverVersion).toBe(v);
    });
  }

  test("17/18 with an API key: stateless JSON-RPC", async () => {
    const odoo = replayOdoo("18.0");
    const client = createOdooClient(options(odoo.fetch, { password: undefined, apiKey: "<admin-api-key>" }));
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "stateless" });
    expect(client.protocol).toBe("jsonrpc");
  });

  test("19 with an API key: JSON-2", async () => {
    const odoo = replayOdoo("19.0", { json2: users });
    const client = createOdooClient(options(odoo.fetch, { password: undefined, apiKey: "<apikey_admin>" }));
    expect(client.protocol).toBe("jsonrpc"); // provisional until connected
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "bearer" });
    expect(client.protocol).toBe("json2");
    expect(await client.executeKw("res.partner", "search_count", [[]])).toBe(7);
    expect(odoo.count("session")).toBe(0);
  });

  test("19 with an API key in `password`: the session refuses it, RPC accepts it → JSON-2 with it", async () => {
    const odoo = replayOdoo("19.0", { json2: users });
    const client = createOdooClient(options(odoo.fetch, { password: "<admin-api-key>" }));
    expect((await client.connect()).mode).toBe("bearer");
    expect(client.protocol).toBe("json2");
    await client.executeKw("res.partner", "search_count", [[]]);
    expect(odoo.asked().at(-1)?.seen.headers.get("authorization")).toBe("bearer <admin-api-key>");
  });

  test("19 with a key but /json/2 not routed (a proxy): falls back to JSON-RPC", async () => {
    const odoo = replayOdoo("19.0", { json2: () => capture("17.0", "json2_not_available") });
    const client = createOdooClient(options(odoo.fetch, { password: undefined, apiKey: "<admin-api-key>" }));
    expect((await client.connect()).mode).toBe("stateless");
    expect(client.protocol).toBe("jsonrpc");
  });

  test("JSON-RPC not served: XML-RPC", async () => {
    const odoo = replayOdoo("18.0", { version_info: notFound, "jsonrpc:common.version": notFound });
    const client = createOdooClient(options(odoo.fetch));
    expect(await client.connect()).toEqual({ uid: 2, login: "admin", mode: "stateless" });
    expect(client.protocol).toBe("xmlrpc");
    expect((await client.version()).major).toBe(18);
  });

  test("nothing answers like Odoo: a network error saying so", async () => {
    const odoo = replayOdoo("18.0", {
      version_info: notFound,
      "jsonrpc:common.version": notFound,
      "xmlrpc:common.version": notFound,
    });
    const err = await createOdooClient(options(odoo.fetch))
      .connect()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooError);
    expect(err).toMatchObject({ kind: "network" });
    expect((err as OdooError).message).toContain("does not answer like an Odoo server");
  });

  test("version() is fetched once and shared with the protocol choice; a failure is not cached", async () => {
    let fail = true;
    const odoo = replayOdoo("19.0", {
      version_info: () => (fail ? new Response("busy", { status: 503 }) : capture("19.0", "version_info")),
    });
    const client = createOdooClient(options(odoo.fetch));
    expect((await client.version().catch((e: OdooError) => e)) as OdooError).toMatchObject({ kind: "network" });
    fail = false;
    const [a, b] = await Promise.all([client.version(), client.version()]);
    expect(a).toEqual({ serverVersion: "19.0", major: 19, minor: 0 });
    expect(b).toEqual(a);
    await client.connect();
    expect(odoo.count("version_info")).toBe(2);
  });
});

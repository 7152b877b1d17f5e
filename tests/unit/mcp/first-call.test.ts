import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createLogger } from "../../../src/log.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { connect } from "./harness.ts";

// A stdio host starts a process per conversation: the second process's first tool call should cost one Odoo request
// on its path (the saved session, version and field lists answer the rest), plus the registry check beside it.
let odoo: FakeOdoo;
let cache: string;
const XDG = process.env["XDG_CACHE_HOME"];
beforeAll(async () => {
  odoo = await startFakeOdoo({ version: "19.0" });
  cache = mkdtempSync(join(tmpdir(), "odoo-mcp-first-call-"));
  process.env["XDG_CACHE_HOME"] = cache;
});
afterAll(async () => {
  if (XDG === undefined) delete process.env["XDG_CACHE_HOME"];
  else process.env["XDG_CACHE_HOME"] = XDG;
  rmSync(cache, { recursive: true, force: true });
  await odoo.stop();
});

const QUERY = { model: "res.partner", domain: [["is_company", "=", true]], fields: ["name", "country_id"], limit: 3 };

/** One "process": a client keeping its session in the cache, a registry, one odoo_search_read; the requests seen. */
async function firstCall(): Promise<{ requests: string[]; cached: () => string[] }> {
  const config = v.parse(ConfigSchema, {
    odoo_url: odoo.url,
    database: odoo.database,
    uid: odoo.users.admin.login,
    password: odoo.users.admin.password,
    protocol: "jsonrpc",
    logging: { level: "ERROR", handlers: [] },
  });
  const log = createLogger(config.logging, { stderr: { write() {} } });
  const requests: string[] = [];
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as { params?: Record<string, unknown> }) : {};
    const call = body.params?.["model"] ? `${body.params["model"]}.${body.params["method"]}` : path;
    requests.push(call);
    return fetch(input, init);
  };
  const client = odooClientFromConfig(config, log, recording, { keep: true });
  const session = await connect({ config, odoo: client, log }, "v1");
  const result = await session.client.callTool({ name: "odoo_search_read", arguments: QUERY });
  expect(result.isError).toBeFalsy();
  const onPath = [...requests];
  // The registry check runs beside the call: let it finish before the process "exits".
  for (let i = 0; i < 300 && !requests.includes("ir.module.module.search_read"); i++) await Bun.sleep(10);
  await Bun.sleep(50);
  await session.close();
  await client.close();
  return { requests: onPath, cached: () => [...requests] };
}

test("a fresh process's first odoo_search_read: one request on its path, no login, version probe or fields_get", async () => {
  const cold = await firstCall();
  expect(cold.requests).toContain("/web/session/authenticate");
  expect(cold.requests).toContain("res.partner.fields_get");

  const warm = await firstCall();
  const all = warm.cached();
  // The call itself, and the registry signature check (in the background, validating the saved field lists).
  expect(all.filter((r) => r !== "ir.module.module.search_read")).toEqual(["res.partner.web_search_read"]);
  expect(all.filter((r) => r === "ir.module.module.search_read")).toHaveLength(1);
});

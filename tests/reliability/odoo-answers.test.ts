import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { ConfigSchema } from "../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { createLogger } from "../../src/log.ts";
import { odooClientFromConfig } from "../../src/wire.ts";
import { connect, type Session, text } from "../unit/mcp/harness.ts";

// Issue 8 item 7: an answer of an unexpected JSON shape (from Odoo or a proxy) is an error saying what was expected,
// never a JavaScript error ("a.map is not a function") surfacing from a tool. JSON-RPC (session and /jsonrpc), JSON-2.

const GARBAGE: unknown[] = ["garbage", 42, { unexpected: true }, [1, "x"], null];

/** fetch that, while `garble` holds a value, answers every model call with it as the result (the protocol kept). */
function garbling(state: { garble?: unknown }) {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    const modelCall =
      /call_kw|\/json\/2\/|\/jsonrpc/.test(url) && /execute_kw|"model"|json\/2/.test(`${url}${init?.body}`);
    if (!("garble" in state) || !modelCall || !res.ok) return res;
    const body = url.includes("/json/2/")
      ? JSON.stringify(state.garble)
      : JSON.stringify({ jsonrpc: "2.0", id: 1, result: state.garble });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  };
}

const SETUPS: Array<[string, FakeVersion, boolean]> = [
  ["JSON-RPC session", "18.0", false],
  ["/jsonrpc (API key)", "18.0", true],
  ["JSON-2", "19.0", true],
];

describe.each(SETUPS)("%s", (_name, version, apiKey) => {
  let fake: FakeOdoo;
  let session: Session;
  const state: { garble?: unknown } = {};
  beforeAll(async () => {
    fake = await startFakeOdoo({ version });
    const user = fake.users.admin;
    const config = v.parse(ConfigSchema, {
      odoo_url: fake.url,
      database: fake.database,
      uid: user.login,
      ...(apiKey ? { api_key: user.apiKey } : { password: user.password }),
      logging: { level: "DEBUG", handlers: [] },
      requests_per_minute: 0,
      approval: { tools: [] },
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    const odoo = odooClientFromConfig(config, log, garbling(state));
    session = await connect({ config, odoo, log }, "v1");
    await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
  });
  afterAll(async () => {
    await session.close();
    await fake.stop();
  });

  const calls: Array<[string, Record<string, unknown>]> = [
    ["odoo_search_read", { model: "res.partner", fields: ["name"], limit: 2 }],
    ["odoo_read", { model: "res.partner", ids: [1], fields: ["name"] }],
    ["odoo_create", { model: "res.partner", values: { name: "shape" } }],
    ["odoo_write", { model: "res.partner", ids: [1], values: { name: "shape" } }],
    ["odoo_unlink", { model: "res.partner", ids: [999_999] }],
  ];

  test("every tool over every garbled answer: a readable error naming what was expected", async () => {
    for (const garble of GARBAGE) {
      state.garble = garble;
      try {
        for (const [tool, args] of calls) {
          const r = await session.client.callTool({ name: tool, arguments: args });
          const said = text(r);
          expect({
            tool,
            garble,
            said: /is not a function|undefined is not|Cannot read prop|Internal error/.test(said),
          }).toEqual({
            tool,
            garble,
            said: false,
          });
          // (an answer Odoo itself refused, e.g. unlinking a missing record over JSON-2, reaches the tool as it is)
          if (r.isError) expect(said).toMatch(/was expected|does not exist/);
        }
      } finally {
        delete state.garble;
      }
    }
  });
});

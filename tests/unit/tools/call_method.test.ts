import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/log.ts";
import { OdooError } from "../../../src/odoo/errors.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { connect, type Session, suite, text } from "../mcp/harness.ts";

const callMethod = (session: Session, args: Record<string, unknown>) =>
  session.client.callTool({ name: "odoo_call_method", arguments: { model: "res.partner", ...args } });

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_call_method against Odoo %s", (version) => {
  const live = suite({ version });

  test("the documented name_get call answers [[id, name]] on every version", async () => {
    const found = await live.session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: [["name", "=", "Azure Interior"]], fields: ["name"] },
    });
    const azure = (found.structuredContent as { records: Array<{ id: number }> }).records[0]?.id;
    live.backend.calls.length = 0;
    const result = await callMethod(live.session, { method: "name_get", args: [[1, azure]], kwargs: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      result: [
        [1, "YourCompany"],
        [azure, "Azure Interior"],
      ],
    });
    // 17 still has name_get; 18 and 19 removed it, so it is answered from display_name without trying.
    expect(live.backend.calls.some((c) => c.method === "name_get")).toBe(version === "17.0");
  });

  test("name_get keeps the caller's context (a language) when it is answered from display_name", async () => {
    live.backend.calls.length = 0;
    await callMethod(live.session, { method: "name_get", args: [[1]], kwargs: { context: { lang: "fr_FR" } } });
    const asked = live.backend.calls.find((c) => c.method === "name_get" || c.method === "read");
    expect(asked?.kwargs["context"]).toMatchObject({ lang: "fr_FR" });
  });

  test("a method returning nothing gives null; model-level methods take their own arguments", async () => {
    const found = await callMethod(live.session, {
      method: "name_search",
      args: ["Azure Interior"],
      kwargs: { limit: 1 },
    });
    const [id, name] = (found.structuredContent as { result: Array<[number, string]> }).result[0] ?? [];
    expect(name).toStartWith("Azure Interior");
    const archived = await callMethod(live.session, { method: "action_archive", args: [[id]] });
    expect(archived.structuredContent).toEqual({ result: null });
    live.backend.fake.reset();
  });

  test("private methods are refused without asking Odoo", async () => {
    live.backend.calls.length = 0;
    const result = await callMethod(live.session, { method: "_compute_display_name", args: [] });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("'_compute_display_name' is a private method");
    expect(live.backend.calls).toHaveLength(0);
  });

  test("an unknown method is a readable error", async () => {
    const result = await callMethod(live.session, { method: "action_fly", args: [[1]] });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("action_fly");
    expect(text(result)).toContain("does not exist");
  });
});

test("a server older than 18 without name_get (AttributeError) is answered from display_name", async () => {
  const config = v.parse(ConfigSchema, {
    odoo_url: "http://odoo.invalid",
    database: "db",
    uid: "admin",
    password: "x",
  });
  const log = createLogger(config.logging, { stderr: { write() {} } });
  const asked: string[] = [];
  // An in-test client for the one case the fake cannot play: a 17.x build that already lost name_get.
  const odoo: OdooClient = {
    protocol: "jsonrpc",
    connect: async () => ({ uid: 2, login: "admin", mode: "session" }),
    version: async () => ({ serverVersion: "saas~17.4", major: 17, minor: 4 }),
    close: async () => {},
    async executeKw<T>(model: string, method: string, args: unknown[] = []): Promise<T> {
      asked.push(method);
      if (method === "name_get") {
        throw new OdooError("not-found", `The method '${model}.name_get' does not exist`, {
          odooName: "builtins.AttributeError",
        });
      }
      const ids = args[0] as number[];
      return ids.map((id) => ({ id, display_name: `Partner ${id}` })) as T;
    },
  };
  const session = await connect({ config, odoo, log }, "v1");
  const result = await callMethod(session, { method: "name_get", args: [[4, 5]] });
  expect(result.structuredContent).toEqual({
    result: [
      [4, "Partner 4"],
      [5, "Partner 5"],
    ],
  });
  expect(asked).toEqual(["name_get", "read"]);
  await session.close();
});

import { expect, test } from "bun:test";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/log.ts";
import type { ToolContext } from "../../../src/mcp/tool.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { OdooMeta } from "../../../src/tools/meta.ts";
import { odooAggregate } from "../../../src/tools/odoo_aggregate.ts";

// The fake plays 17.0, 18.0 and 19.0 only; a saas-18.2 server (formatted_read_group, read_group deprecated) is a
// client that reports that version and answers formatted_read_group as 19's capture does.
function saasContext(serverVersion: string, minor: number) {
  const calls: string[] = [];
  const odoo = {
    protocol: "jsonrpc",
    connect: async () => ({ uid: 2, login: "admin", mode: "session" as const }),
    version: async () => ({ serverVersion, major: 18, minor }),
    close: async () => {},
    async executeKw<T>(_model: string, method: string): Promise<T> {
      calls.push(method);
      if (method === "fields_get") return { is_company: { type: "boolean", string: "Is a Company" } } as T;
      if (method === "formatted_read_group") {
        return [{ is_company: true, __extra_domain: [["is_company", "=", true]], __count: 10 }] as T;
      }
      return [{ is_company: true, __count: 10, __domain: [["is_company", "=", true]] }] as T;
    },
  } as unknown as OdooClient;
  const config = v.parse(ConfigSchema, { odoo_url: "http://x", database: "d", uid: "admin", password: "p" });
  const meta = new OdooMeta(odoo);
  const ctx = {
    config,
    odoo,
    meta,
    log: createLogger(config.logging, { stderr: { write() {} } }),
    signal: new AbortController().signal,
    execute: (model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>) =>
      odoo.executeKw(model, method, args, kwargs),
    fields: (model: string) => meta.fields(model),
    progress: async () => {},
    attach: () => {},
  } as unknown as ToolContext;
  return { ctx, calls };
}

test("saas~18.2 and later 18.x use formatted_read_group; 18.0 and 18.1 read_group; one shape either way", async () => {
  for (const [version, minor, method] of [
    ["saas~18.2", 2, "formatted_read_group"],
    ["saas~18.4", 4, "formatted_read_group"],
    ["18.0", 0, "read_group"],
    ["saas~18.1", 1, "read_group"],
  ] as const) {
    const { ctx, calls } = saasContext(version, minor);
    const out = await odooAggregate.run(
      { model: "res.partner", domain: [], groupby: ["is_company"], aggregates: ["__count"], offset: 0 },
      ctx,
    );
    expect(calls.filter((c) => c.includes("group"))).toEqual([method]);
    expect(out.groups).toEqual([
      { key: { is_company: true }, count: 10, values: {}, domain: [["is_company", "=", true]] },
    ]);
  }
});

import { describe, expect, test } from "bun:test";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { connect, startBackend, text } from "../mcp/harness.ts";

// Each wire protocol maps positional args and kwargs its own way (JSON-2 has only named arguments).
const CASES: Array<[string, FakeVersion, string, boolean]> = [
  ["JSON-RPC with a session (password)", "18.0", "auto", false],
  ["JSON-RPC execute_kw (API key)", "17.0", "jsonrpc", true],
  ["XML-RPC", "18.0", "xmlrpc", false],
  ["JSON-2 (API key)", "19.0", "json2", true],
];

describe.each(CASES)("the documented calls over %s", (_label, version, protocol, apiKey) => {
  test("create, write, read, name_get, a None-returning method, unlink, a binary resource", async () => {
    const backend = await startBackend({ version, apiKey, config: { protocol, approval: { tools: [] } } });
    const session = await connect(backend.deps, "v1");
    const call = (name: string, args: Record<string, unknown>) => session.client.callTool({ name, arguments: args });

    const created = await call("odoo_create", {
      model: "res.partner",
      values: { name: "John Doe", category_id: [[6, 0, [1]]] },
    });
    const id = (created.structuredContent as { id: number }).id;
    expect(typeof id).toBe("number");
    expect(
      (await call("odoo_write", { model: "res.partner", ids: [id], values: { name: "John Doe Updated" } })).isError,
    ).toBeFalsy();
    const read = await call("odoo_read", { model: "res.partner", ids: [id], fields: ["name", "category_id"] });
    expect((read.structuredContent as { records: unknown[] }).records).toEqual([
      { id, name: "John Doe Updated", category_id: [1] },
    ]);
    const names = await call("odoo_call_method", {
      model: "res.partner",
      method: "name_get",
      args: [[id]],
      kwargs: {},
    });
    expect(names.structuredContent).toEqual({ result: [[id, "John Doe Updated"]] });
    const archived = await call("odoo_call_method", { model: "res.partner", method: "action_archive", args: [[id]] });
    expect(archived.structuredContent).toEqual({ result: null });
    const search = await call("odoo_search_read", {
      model: "res.partner",
      domain: [["active", "=", false]],
      fields: ["name"],
      order: "id desc",
      limit: 1,
    });
    expect((search.structuredContent as { records: Array<{ id: number }> }).records[0]?.id).toBe(id);
    expect((await call("odoo_unlink", { model: "res.partner", ids: [id] })).isError).toBeFalsy();
    const again = await call("odoo_unlink", { model: "res.partner", ids: [id] });
    expect(text(again)).toContain(`res.partner ${id} does not exist`);
    const { contents } = await session.client.readResource({ uri: "odoo://ir.attachment/binary/datas/2" });
    expect(contents[0]?.["mimeType"]).toBe("application/pdf");

    await session.close();
    await backend.stop();
  });
});

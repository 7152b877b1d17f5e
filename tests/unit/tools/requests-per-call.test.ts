import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { type Backend, connect, type Session, startBackend } from "../mcp/harness.ts";

// Every simple tool call is one Odoo request once logged in and the model's fields are known; the fake counts every
// HTTP request it answers, whatever the protocol.
const PATHS: Array<[string, FakeVersion, string, boolean]> = [
  ["web session (17)", "17.0", "jsonrpc", false],
  ["web session (18)", "18.0", "jsonrpc", false],
  ["/jsonrpc with an API key (18)", "18.0", "jsonrpc", true],
  ["XML-RPC (17)", "17.0", "xmlrpc", false],
  ["XML-RPC with an API key (19)", "19.0", "xmlrpc", true],
  ["JSON-2 (19)", "19.0", "json2", true],
];

describe.each(PATHS)("over %s", (_label, version, protocol, apiKey) => {
  let backend: Backend;
  let session: Session;
  const call = async (name: string, args: Record<string, unknown>) => {
    const before = backend.fake.counters.requests;
    const result = await session.client.callTool({ name, arguments: args });
    expect(result.isError).toBeFalsy();
    return { result, requests: backend.fake.counters.requests - before };
  };
  beforeAll(async () => {
    // No approval question for odoo_unlink (the default): a person's yes is not an Odoo request to count.
    backend = await startBackend({ version, apiKey, config: { protocol, approval: { tools: [] } } });
    session = await connect(backend.deps, "v1");
    // Log in and learn res.partner's fields once.
    await session.client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } });
  });
  afterAll(async () => {
    await session.close();
    await backend.stop();
  });

  test("odoo_search_read: one request, the output in read's format (many2one [id, name]) with the exact count", async () => {
    const domain = [["is_company", "=", true]];
    const { result, requests } = await call("odoo_search_read", {
      model: "res.partner",
      domain,
      fields: ["name", "country_id", "category_id"],
      limit: 2,
    });
    expect(requests).toBe(1);
    const page = result.structuredContent as { records: Array<Record<string, unknown>>; count: number };
    const count = await backend.deps.odoo.executeKw<number>("res.partner", "search_count", [domain]);
    const read = await backend.deps.odoo.executeKw<Array<Record<string, unknown>>>(
      "res.partner",
      "read",
      [page.records.map((r) => r["id"])],
      { fields: ["name", "country_id", "category_id"] },
    );
    expect(page.records).toEqual(read);
    expect(page.records[0]?.["country_id"]).toEqual([233, "United States"]);
    expect(page).toMatchObject({ count, offset: 0, limit: 2, next_offset: 2 });
  });

  test("odoo_search_read: a short last page and a page past the end keep the exact count", async () => {
    const domain = [["is_company", "=", true]];
    const count = await backend.deps.odoo.executeKw<number>("res.partner", "search_count", [domain]);
    const last = await call("odoo_search_read", { model: "res.partner", domain, fields: ["name"], offset: count - 1 });
    expect(last.requests).toBe(1);
    expect(last.result.structuredContent).toMatchObject({ count, next_offset: null });
    // Odoo answers length 0 for an empty page: the total then costs a search_count.
    const past = await call("odoo_search_read", { model: "res.partner", domain, fields: ["name"], offset: count + 5 });
    expect(past.result.structuredContent).toMatchObject({ records: [], count, next_offset: null });
    const none = await call("odoo_search_read", { model: "res.partner", domain: [["name", "=", "nobody at all"]] });
    expect(none.requests).toBe(1);
    expect(none.result.structuredContent).toMatchObject({ records: [], count: 0 });
  });

  test("every other tool: one request per call", async () => {
    const created = await call("odoo_create", { model: "res.partner", values: { name: "One Request" } });
    const id = (created.result.structuredContent as { id: number }).id;
    const steps = [
      created,
      await call("odoo_read", { model: "res.partner", ids: [id], fields: ["name", "country_id"] }),
      await call("odoo_write", { model: "res.partner", ids: [id], values: { name: "Still One" } }),
      await call("odoo_call_method", { model: "res.partner", method: "search_count", args: [[]] }),
      await call("odoo_unlink", { model: "res.partner", ids: [id] }),
    ];
    expect(steps.map((s) => s.requests)).toEqual([1, 1, 1, 1, 1]);
  });

  test("the tools beyond the six: one request for a simple call, two where two things are asked in parallel", async () => {
    const companies = [["is_company", "=", true]];
    const counted = {
      odoo_search_count: (await call("odoo_search_count", { model: "res.partner", domain: companies })).requests,
      odoo_name_search: (await call("odoo_name_search", { model: "res.partner", name: "Wood", limit: 3 })).requests,
      odoo_aggregate: (await call("odoo_aggregate", { model: "res.partner", groupby: ["is_company"] })).requests,
      // fields_get with its own attributes ∥ ir.model
      odoo_describe_model: (await call("odoo_describe_model", { model: "res.partner", search: "country" })).requests,
      // Odoo's list of readable models ∥ the chatter models, then kept 10 minutes
      odoo_list_models: (await call("odoo_list_models", { search: "partner" })).requests,
      odoo_list_models_again: (await call("odoo_list_models", { search: "country" })).requests,
      odoo_message_post: (await call("odoo_message_post", { model: "res.partner", id: 1, body: "Counted." })).requests,
    };
    expect(counted).toEqual({
      odoo_search_count: 1,
      odoo_name_search: 1,
      odoo_aggregate: 1,
      odoo_describe_model: 2,
      odoo_list_models: 2,
      odoo_list_models_again: 0,
      odoo_message_post: 1,
    });
  });

  test("odoo_run_report: the report action, the records' check and the route on a web session; else refused", async () => {
    const before = backend.fake.counters.requests;
    const result = await session.client.callTool({
      name: "odoo_run_report",
      arguments: { report: "web.preview_externalreport", ids: [1] },
    });
    const requests = backend.fake.counters.requests - before;
    if (protocol === "jsonrpc" && !apiKey) {
      expect(result.isError).toBeFalsy();
      expect(requests).toBe(3);
    } else {
      // No web session with an API key, nor over XML-RPC or JSON-2: refused before the route.
      expect(result.isError).toBe(true);
      expect(requests).toBeLessThanOrEqual(2);
    }
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TOOLS } from "../../../src/tools/index.ts";
import { type Backend, connect, type Session, startBackend, text } from "../mcp/harness.ts";

const POLICY = {
  policy: {
    models: { deny: ["res.users", "ir.config_parameter"] },
    fields: { deny: ["res.partner:phone", "res.partner:email"] },
    methods: { deny: ["res.partner:toggle_active"] },
  },
};

describe("policy over stdio (v1 and 2026 clients)", () => {
  let backend: Backend;
  let v1: Session;
  let modern: Session;
  beforeAll(async () => {
    backend = await startBackend({ config: POLICY });
    v1 = await connect(backend.deps, "v1");
    modern = await connect(backend.deps, "v2-modern");
  });
  afterAll(async () => {
    await v1.close();
    await modern.close();
    await backend.stop();
  });

  for (const which of ["v1", "v2-modern"] as const) {
    const s = () => (which === "v1" ? v1 : modern);

    test(`${which}: a denied field is absent from default reads and refused when named`, async () => {
      const page = await s().call("odoo_search_read", { model: "res.partner", limit: 3 }, {});
      expect(page.isError).toBeFalsy();
      expect(text(page)).not.toContain('"email"');
      expect(text(page)).not.toContain('"phone"');
      const named = await s().call("odoo_read", { model: "res.partner", ids: [1], fields: ["name", "email"] }, {});
      expect(named.isError).toBe(true);
      expect(text(named)).toContain("Invalid field 'email'");
    });

    test(`${which}: a misspelt field is not corrected into a denied one`, async () => {
      const r = await s().call("odoo_read", { model: "res.partner", ids: [1], fields: ["emial"] }, {});
      expect(r.isError).toBe(true);
      expect(text(r)).not.toContain("'email'");
    });

    test(`${which}: fields_get, domains and values do not reach denied fields`, async () => {
      const fields = await s().call("odoo_call_method", { model: "res.partner", method: "fields_get", args: [] }, {});
      expect(Object.keys(fields.structuredContent?.result as object)).not.toContain("email");
      // A relation to a denied model would show that model's records: hidden too.
      expect(Object.keys(fields.structuredContent?.result as object)).not.toContain("user_id");
      const search = await s().call(
        "odoo_call_method",
        {
          model: "res.partner",
          method: "search_read",
          args: [[["email", "ilike", "@"]]],
          kwargs: { fields: ["name"] },
        },
        {},
      );
      expect(search.isError).toBe(true);
      const write = await s().call("odoo_write", { model: "res.partner", ids: [1], values: { email: "x@y.z" } }, {});
      expect(write.isError).toBe(true);
      const all = await s().call("odoo_call_method", { model: "res.partner", method: "read", args: [[1]] }, {});
      expect(all.isError).toBeFalsy();
      expect(text(all)).not.toMatch(/"(email|phone|user_id)"/);
    });

    test(`${which}: a denied model is answered like an unknown one and is listed nowhere`, async () => {
      const r = await s().call("odoo_search_read", { model: "res.users" }, {});
      expect(r.isError).toBe(true);
      expect(text(r)).toContain("not available");
      const typo = await s().call("odoo_search_read", { model: "res.user" }, {});
      expect(text(typo)).not.toContain("res.users");
      const models = await s().call(
        "odoo_call_method",
        { model: "ir.model", method: "search_read", args: [[]], kwargs: { fields: ["name"] } },
        {},
      );
      expect(models.isError).toBeFalsy();
      expect(text(models)).not.toContain("res.users");
      expect(text(models)).not.toContain('"model"');
      const count = await s().call(
        "odoo_call_method",
        { model: "ir.model", method: "search_count", args: [[["model", "=", "res.users"]]] },
        {},
      );
      expect(count.structuredContent?.result).toBe(0);
      const done = await s().client.complete({
        ref: { type: "ref/resource", uri: "odoo://{model}/{id}" },
        argument: { name: "model", value: "res." },
      });
      expect(done.completion.values).toContain("res.partner");
      expect(done.completion.values).not.toContain("res.users");
    });

    test(`${which}: the model and field tools list nothing hidden`, async () => {
      const models = await s().call("odoo_list_models", { search: "res" }, {});
      expect(models.isError).toBeFalsy();
      expect(text(models)).toContain("res.partner");
      expect(text(models)).not.toContain("res.users");
      const users = await s().call("odoo_describe_model", { model: "res.users" }, {});
      expect(users.isError).toBe(true);
      expect(text(users)).toContain("not available");
      const partner = await s().call("odoo_describe_model", { model: "res.partner" }, {});
      expect(partner.isError).toBeFalsy();
      expect(text(partner)).not.toMatch(/"(email|phone|user_id)"/);
      const names = await s().call("odoo_name_search", { model: "res.users", name: "a" }, {});
      expect(names.isError).toBe(true);
      const count = await s().call("odoo_search_count", { model: "res.partner", domain: [["email", "!=", false]] }, {});
      expect(count.isError).toBe(true);
    });

    test(`${which}: resources obey the policy`, async () => {
      const record = await s().client.readResource({ uri: "odoo://res.partner/1" });
      expect(JSON.stringify(record)).not.toMatch(/"(email|phone)"/);
      await expect(s().client.readResource({ uri: "odoo://res.users/2" })).rejects.toThrow(/not available/);
    });

    test(`${which}: methods.deny refuses the method`, async () => {
      const r = await s().call("odoo_call_method", { model: "res.partner", method: "toggle_active", args: [[1]] }, {});
      expect(r.isError).toBe(true);
      expect(text(r)).toContain("methods.deny");
    });
  }
});

describe("read_only", () => {
  let backend: Backend;
  let session: Session;
  beforeAll(async () => {
    backend = await startBackend({ config: { policy: { read_only: true, tools: { disabled: ["odoo_read"] } } } });
    session = await connect(backend.deps, "v1");
  });
  afterAll(async () => {
    await session.close();
    await backend.stop();
  });

  test("write tools and disabled tools are not listed; odoo_call_method stays, for read methods only", async () => {
    const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
    const readOnly = TOOLS.filter((t) => t.annotations.readOnlyHint && t.name !== "odoo_read").map((t) => t.name);
    expect(names).toEqual([...readOnly, "odoo_call_method"].sort());
    expect(names).not.toContain("odoo_write");
    const write = await session.call(
      "odoo_call_method",
      { model: "res.partner", method: "write", args: [[1], { name: "x" }] },
      {},
    );
    expect(write.isError).toBe(true);
    expect(text(write)).toContain("read-only");
    const read = await session.call(
      "odoo_call_method",
      { model: "res.partner", method: "search_count", args: [[]] },
      {},
    );
    expect(read.isError).toBeFalsy();
    expect(backend.calls.some((c) => c.method === "write")).toBe(false);
  });
});

import { describe, expect, test } from "bun:test";
import { type Session, suite, text } from "../mcp/harness.ts";
import { requestsDuring } from "./requests.ts";

const call = (session: Session, name: string, args: Record<string, unknown>) =>
  session.client.callTool({ name, arguments: args });

describe.each(["17.0", "18.0", "19.0"] as const)("lookup tools against Odoo %s", (version) => {
  const live = suite({ version });

  test("odoo_search_count counts in one request, archived records left out as Odoo does", async () => {
    const all = await call(live.session, "odoo_search_count", { model: "res.partner" });
    const { result: companies, requests } = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_search_count", { model: "res.partner", domain: [["is_company", "=", true]] }),
    );
    const read = await call(live.session, "odoo_search_read", {
      model: "res.partner",
      domain: [["is_company", "=", true]],
      limit: 1,
    });
    expect(companies.structuredContent).toEqual({ count: (read.structuredContent as { count: number }).count });
    expect((all.structuredContent as { count: number }).count).toBeGreaterThan(30);
    // fields_get for the domain check was cached by the search_read above or the first count: one request.
    expect(requests).toBeLessThanOrEqual(2);
    const again = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_search_count", { model: "res.partner", domain: [["is_company", "=", true]] }),
    );
    expect(again.requests).toBe(1);
  });

  test("odoo_search_count: a bad field is refused with a suggestion, an unknown model by Odoo's word", async () => {
    const bad = await call(live.session, "odoo_search_count", { model: "res.partner", domain: [["nmae", "=", "x"]] });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("did you mean 'name'");
    const unknown = await call(live.session, "odoo_search_count", { model: "res.partnr" });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain("res.partner");
  });

  test("odoo_name_search answers {id, name} pairs in one request, on each version's parameter names", async () => {
    const { result, requests } = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_name_search", { model: "res.partner", name: "Wood", limit: 3 }),
    );
    expect(requests).toBe(1);
    const results = (result.structuredContent as { results: Array<{ id: number; name: string }> }).results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    for (const r of results) {
      expect(typeof r.id).toBe("number");
      expect(r.name).toContain("Wood");
    }
    const companies = await call(live.session, "odoo_name_search", {
      model: "res.partner",
      name: "Wood",
      domain: [["is_company", "=", true]],
    });
    const names = (companies.structuredContent as { results: Array<{ name: string }> }).results.map((r) => r.name);
    expect(names).toContain("Wood Corner");
    expect(names.every((n) => !n.includes(","))).toBe(true);
  });

  test("odoo_name_search passes the per-call context (lang, company) to Odoo", async () => {
    live.backend.calls.length = 0;
    await call(live.session, "odoo_name_search", {
      model: "res.country",
      name: "Bel",
      context: { lang: "en_US", company_id: 1 },
    });
    const sent = live.backend.calls.find((c) => c.method === "name_search");
    expect(sent?.kwargs["context"]).toMatchObject({ lang: "en_US", allowed_company_ids: [1] });
  });

  test("odoo_describe_model: labels, required, selection, relation, default order, chatter; two parallel requests", async () => {
    const { result, requests } = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_describe_model", { model: "res.partner" }),
    );
    expect(requests).toBe(2);
    const out = result.structuredContent as {
      fields: Array<Record<string, unknown>>;
      default_order: string;
      has_chatter: boolean;
      display_name_field: string;
      business_methods: string[];
    };
    expect(out.default_order).toBe("complete_name ASC, id DESC");
    expect(out.has_chatter).toBe(true);
    expect(out.display_name_field).toBe("name");
    expect(out.fields.find((f) => f["name"] === "country_id")).toMatchObject({
      type: "many2one",
      label: "Country",
      relation: "res.country",
    });
    const type = out.fields.find((f) => f["name"] === "type");
    expect(type?.["selection"]).toContain("contact: Contact");
    expect(out.fields.find((f) => f["name"] === "display_name")).toMatchObject({ readonly: true, computed: true });
    expect(out.business_methods).toContain("action_archive");
    const narrowed = await call(live.session, "odoo_describe_model", { model: "res.partner", search: "country" });
    const names = (narrowed.structuredContent as { fields: Array<{ name: string }> }).fields.map((f) => f.name);
    expect(names).toContain("country_id");
    expect(names).not.toContain("email");
  });

  test("odoo_describe_model: unknown fields and unknown models are readable errors", async () => {
    const none = await call(live.session, "odoo_describe_model", { model: "res.partner", fields: ["nope"] });
    expect(none.isError).toBe(true);
    expect(text(none)).toContain("No field nope on res.partner");
    const some = await call(live.session, "odoo_describe_model", { model: "res.partner", fields: ["name", "nope"] });
    expect((some.structuredContent as { note: string }).note).toContain("nope");
    const unknown = await call(live.session, "odoo_describe_model", { model: "res.partnr" });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain("Did you mean 'res.partner'");
  });
});

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_describe_model as the demo user on %s", (version) => {
  const live = suite({ version, user: "demo" });

  test("ir.model is closed to the user: name and chatter from Odoo's readable models, order unknown, said", async () => {
    const first = await call(live.session, "odoo_describe_model", { model: "res.partner", search: "country" });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({
      model: "res.partner",
      name: "Contact",
      has_chatter: true,
      default_order: null,
    });
    expect((first.structuredContent as { note: string }).note).toContain("Access Rights");
    // Once refused, ir.model is not asked again: fields_get alone (the model lists are cached).
    const again = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_describe_model", { model: "res.partner", search: "email" }),
    );
    expect(again.requests).toBe(1);
    const category = await call(live.session, "odoo_describe_model", { model: "res.partner.category" });
    expect(category.structuredContent).toMatchObject({ name: "Partner Tags", has_chatter: false });
  });
});

describe("lookup tools as the demo user on 18.0", () => {
  const live = suite({ version: "18.0", user: "demo" });

  test("a model the user may not read is an access error, not a crash", async () => {
    const result = await call(live.session, "odoo_search_count", { model: "ir.config_parameter" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("Access denied");
  });
});

describe("lookup tools over JSON-2 (Odoo 19, API key)", () => {
  const live = suite({ version: "19.0", apiKey: true });

  test("name_search and search_count by name, one request each", async () => {
    const named = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_name_search", { model: "res.partner", name: "Wood", limit: 3 }),
    );
    expect(named.requests).toBe(1);
    expect((named.result.structuredContent as { results: unknown[] }).results.length).toBeGreaterThan(0);
    const counted = await requestsDuring(live.backend, () =>
      call(live.session, "odoo_search_count", { model: "res.partner" }),
    );
    expect(counted.requests).toBe(1);
  });
});

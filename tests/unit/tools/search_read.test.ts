import { describe, expect, test } from "bun:test";
import { suite, text } from "../mcp/harness.ts";

const live = suite({ config: { limits: { default_limit: 5, max_limit: 8 } } });

const search = (args: Record<string, unknown>) =>
  live.session.client.callTool({ name: "odoo_search_read", arguments: { model: "res.partner", ...args } });

type Page = {
  records: Array<Record<string, unknown>>;
  count: number;
  offset: number;
  limit: number;
  next_offset: number | null;
};

describe("odoo_search_read", () => {
  test("returns the documented example's fields, the total count, and the same JSON as text", async () => {
    const result = await search({ domain: [["active", "=", true]], fields: ["name", "email"], limit: 3, offset: 0 });
    expect(result.isError).toBeFalsy();
    const page = result.structuredContent as Page;
    expect(page.records).toHaveLength(3);
    for (const r of page.records) expect(Object.keys(r).sort()).toEqual(["email", "id", "name"]);
    expect(page.count).toBeGreaterThan(3);
    expect(page).toMatchObject({ offset: 0, limit: 3, next_offset: 3 });
    expect(JSON.parse(text(result))).toEqual(page);
  });

  test("pages: next_offset walks every record exactly once and is null on the last page", async () => {
    const seen: unknown[] = [];
    let offset: number | null = 0;
    let count = 0;
    while (offset !== null) {
      const page = (await search({ fields: ["name"], offset })).structuredContent as Page;
      seen.push(...page.records.map((r) => r["id"]));
      count = page.count;
      offset = page.next_offset;
    }
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
  });

  test("without limit a bounded default page; a larger limit is capped with a note", async () => {
    const byDefault = (await search({ fields: ["name"] })).structuredContent as Page;
    expect(byDefault.records).toHaveLength(5);
    expect(byDefault.limit).toBe(5);
    const capped = (await search({ fields: ["name"], limit: 500 })).structuredContent as Page & { note?: string };
    expect(capped.records).toHaveLength(8);
    expect(capped.limit).toBe(8);
    expect(capped.note).toContain("8");
  });

  test("without fields (or with []): display_name and a few stored scalar fields, never binary, x2many or html", async () => {
    const page = (await search({ limit: 2 })).structuredContent as Page;
    const keys = Object.keys(page.records[0] ?? {});
    const empty = (await search({ limit: 2, fields: [] })).structuredContent as Page;
    expect(Object.keys(empty.records[0] ?? {})).toEqual(keys);
    expect(keys).toContain("display_name");
    expect(keys).toContain("name");
    expect(keys.length).toBeLessThanOrEqual(13);
    for (const banned of ["image_1920", "image_128", "comment", "child_ids", "category_id"]) {
      expect(keys).not.toContain(banned);
    }
  });

  test("domains with prefix operators and dotted paths reach Odoo as given", async () => {
    const domain = ["|", ["name", "ilike", "azure"], ["country_id.code", "=", "BE"]];
    const result = await search({ domain, fields: ["name"] });
    expect(result.isError).toBeFalsy();
    expect(live.backend.calls.find((c) => c.method === "web_search_read")?.kwargs["domain"]).toEqual(domain);
    const names = (result.structuredContent as Page).records.map((r) => String(r["name"]));
    expect(names.some((n) => /azure/i.test(n))).toBe(true);
  });

  test("records and count come from one web_search_read; order passes through", async () => {
    await search({ fields: ["name"], order: "name desc" });
    const methods = live.backend.calls.map((c) => c.method).filter((m) => m !== "fields_get");
    expect(methods).toEqual(["web_search_read"]);
    expect(live.backend.calls.find((c) => c.method === "web_search_read")?.kwargs["order"]).toBe("name desc");
  });

  test("fields_get is asked once per model, then cached", async () => {
    await search({ fields: ["name"] });
    live.backend.calls.length = 0;
    await search({ fields: ["name"] });
    await search({ fields: ["email"], domain: [["name", "!=", false]] });
    expect(live.backend.calls.filter((c) => c.method === "fields_get")).toHaveLength(0);
  });
});

describe("odoo_search_read refuses what Odoo would refuse, readably", () => {
  test("a misspelt field in fields, in the domain, in a dotted path or in order names the closest field", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fields: ["emial"] }, "Invalid field 'emial' on res.partner — did you mean 'email'?"],
      [{ domain: [["nmae", "=", "x"]] }, "Invalid field 'nmae' on res.partner — did you mean 'name'?"],
      [{ domain: [["country_id.cdoe", "=", "BE"]] }, "Invalid field 'cdoe' on res.country — did you mean 'code'?"],
      [{ order: "naem desc" }, "did you mean 'name'?"],
    ];
    for (const [args, message] of cases) {
      const result = await search(args);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(message);
    }
    expect(live.backend.calls.filter((c) => c.method !== "fields_get")).toHaveLength(0);
  });

  test("an unknown model says so and how to find one", async () => {
    const result = await live.session.client.callTool({ name: "odoo_search_read", arguments: { model: "res.partnr" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("res.partnr");
    expect(text(result)).toContain("ir.model");
    expect(text(result)).toContain("Did you mean 'res.partner'?");
    const shorthand = await live.session.client.callTool({
      name: "odoo_read",
      arguments: { model: "country", ids: [1] },
    });
    expect(text(shorthand)).toContain("Did you mean 'res.country'?");
  });

  test("malformed arguments are tool errors naming the problem", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ domain: [["name", "ilike"]] }, "3 items"],
      [{ domain: [["name", "contains", "x"]] }, 'unknown operator "contains"'],
      [{ domain: ["or", ["name", "=", "x"]] }, '"or" is not a domain operator'],
      [{ filter: [] }, 'unknown argument "filter"'],
      [{ limit: 0 }, "limit"],
    ];
    for (const [args, message] of cases) {
      const result = await search(args);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(message);
    }
  });
});

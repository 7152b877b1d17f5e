import { beforeAll, describe, expect, test } from "bun:test";
import { fitting, RESULT_BUDGET_BYTES } from "../../../src/tools/budget.ts";
import { suite, text } from "../mcp/harness.ts";

const live = suite({ config: { limits: { default_limit: 50, max_limit: 1000 } } });
const call = (name: string, args: Record<string, unknown>) => live.session.client.callTool({ name, arguments: args });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

// Ten partners with a 20 KB note each: 200 KB of JSON for one page, three times the budget.
const HEAVY = "Lorem ipsum dolor sit amet ".repeat(750);
let heavyIds: number[] = [];
let imageId = 0;

beforeAll(async () => {
  for (let i = 0; i < 10; i++) {
    const created = await call("odoo_create", { model: "res.partner", values: { name: `Heavy ${i}`, comment: HEAVY } });
    heavyIds.push((created.structuredContent as { id: number }).id);
  }
  heavyIds = heavyIds.sort((a, b) => a - b);
  const image = Buffer.alloc(RESULT_BUDGET_BYTES).toString("base64");
  const created = await call("odoo_create", { model: "res.partner", values: { name: "Big Image", image_1920: image } });
  imageId = (created.structuredContent as { id: number }).id;
});

type Page = { records: Array<{ id: number }>; next_offset: number | null; note?: string; count: number };

describe("a result stays within the budget a model's context can take", () => {
  test("fitting counts how many items fit", () => {
    expect(fitting([1, 2, 3])).toBe(3);
    expect(fitting(["x".repeat(RESULT_BUDGET_BYTES)])).toBe(0);
    expect(fitting(Array(100).fill("x".repeat(1000)))).toBeLessThan(RESULT_BUDGET_BYTES / 1000);
  });

  test("odoo_search_read cuts the page, says so, and next_offset walks every record exactly once", async () => {
    const domain = [["name", "=like", "Heavy %"]];
    const seen: number[] = [];
    let offset: number | null = 0;
    let notes = 0;
    while (offset !== null) {
      const result = await call("odoo_search_read", { model: "res.partner", domain, fields: ["comment"], offset });
      const page = result.structuredContent as Page;
      expect(bytes(page)).toBeLessThanOrEqual(RESULT_BUDGET_BYTES);
      if (page.note) {
        notes++;
        expect(page.note).toContain(`continue with offset ${(offset ?? 0) + page.records.length}`);
        expect(page.note).toContain("fewer fields");
      }
      seen.push(...page.records.map((r) => r.id));
      offset = page.next_offset;
    }
    expect(notes).toBeGreaterThan(0);
    expect(seen.sort((a, b) => a - b)).toEqual(heavyIds);
  });

  test("binary files too large for one answer come back as their sizes, pointing to the binary resource", async () => {
    for (const [name, args] of [
      ["odoo_search_read", { domain: [["id", "=", imageId]] }],
      ["odoo_read", { ids: [imageId] }],
    ] as const) {
      live.backend.calls.length = 0;
      const result = await call(name, { model: "res.partner", fields: ["name", "image_1920"], ...args });
      const out = result.structuredContent as { records: Array<{ image_1920: unknown }>; note: string };
      expect(out.records[0]?.image_1920).toMatch(/^[\d.]+ ?[KkMm]?b/);
      expect(out.note).toContain("odoo://res.partner/binary/image_1920/{id}");
      // The content itself never left Odoo.
      const asked = live.backend.calls.filter((c) => ["read", "web_search_read"].includes(c.method));
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((c) => (c.kwargs["context"] as { bin_size?: boolean })?.bin_size === true)).toBe(true);
    }
  });

  test("small binary contents asked for by name are returned in full", async () => {
    const result = await call("odoo_read", { model: "res.partner", ids: [3], fields: ["image_128"] });
    const image = (result.structuredContent as { records: Array<{ image_128: string }> }).records[0]?.image_128;
    expect(image).toStartWith("iVBOR");
  });

  test("a record too big on its own says so", async () => {
    const created = await call("odoo_create", {
      model: "res.partner",
      values: { name: "Huge", comment: HEAVY.repeat(4) },
    });
    const id = (created.structuredContent as { id: number }).id;
    const result = await call("odoo_search_read", {
      model: "res.partner",
      domain: [["id", "=", id]],
      fields: ["comment"],
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("One res.partner record is over the 64 KB a result may carry");
  });

  test("odoo_read returns what fits and names the ids left out", async () => {
    const result = await call("odoo_read", { model: "res.partner", ids: heavyIds, fields: ["name", "comment"] });
    const out = result.structuredContent as { records: Array<{ id: number }>; unread_ids: number[]; note: string };
    expect(bytes(out)).toBeLessThanOrEqual(RESULT_BUDGET_BYTES);
    expect(out.records.length).toBeGreaterThan(0);
    expect([...out.records.map((r) => r.id), ...out.unread_ids].sort((a, b) => a - b)).toEqual(heavyIds);
    expect(out.note).toContain("unread_ids");
  });

  test("odoo_call_method cuts a long list with a note, and refuses a single answer too big to carry", async () => {
    const listed = await call("odoo_call_method", {
      model: "res.partner",
      method: "search_read",
      args: [[["name", "=like", "Heavy %"]]],
      kwargs: { fields: ["comment"] },
    });
    const out = listed.structuredContent as { result: unknown[]; note: string };
    expect(bytes(out)).toBeLessThanOrEqual(RESULT_BUDGET_BYTES);
    expect(out.result.length).toBeLessThan(10);
    expect(out.note).toContain("of 10 items");

    const huge = await call("odoo_call_method", {
      model: "res.partner",
      method: "read",
      args: [[imageId]],
      kwargs: { fields: ["image_1920"] },
    });
    expect(huge.isError).toBe(true);
    expect(text(huge)).toContain("res.partner.read ran, but its answer is");
  });
});

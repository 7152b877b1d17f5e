import { describe, expect, test } from "bun:test";
import { everyVersion, executeKw } from "./rpc.ts";

const fakes = everyVersion();
const SPEC = { name: {}, country_id: { fields: { display_name: {} } }, parent_id: {}, category_id: {} };
const wsr = (version: keyof typeof fakes, kwargs: Record<string, unknown>) =>
  executeKw(fakes[version]!, "res.partner", "web_search_read", [], { specification: SPEC, ...kwargs });

describe("web_search_read (web/models/models.py)", () => {
  for (const version of ["17.0", "18.0", "19.0"] as const) {
    test(`${version}: length is the count on a full page, offset + records on a short one, 0 past the end`, async () => {
      const domain = [["is_company", "=", true]];
      const count = (await executeKw(fakes[version]!, "res.partner", "search_count", [domain])).result as number;
      const full = (await wsr(version, { domain, limit: 2 })).result as { length: number; records: unknown[] };
      expect(full.records).toHaveLength(2);
      expect(full.length).toBe(count);
      const short = (await wsr(version, { domain, offset: count - 1, limit: 5 })).result as { length: number };
      expect(short.length).toBe(count);
      expect((await wsr(version, { domain, offset: count + 3, limit: 5 })).result).toEqual({ length: 0, records: [] });
      // count_limit caps the count Odoo runs (search_count(domain, limit=count_limit)).
      expect(((await wsr(version, { domain, limit: 2, count_limit: 3 })).result as { length: number }).length).toBe(3);
    });
  }

  test("many2one with fields → {id, display_name}, without → the bare id; x2many → ids", async () => {
    const { records } = (await wsr("18.0", { domain: [["id", "=", 16]] })).result as {
      records: Array<Record<string, unknown>>;
    };
    const [row] = records;
    expect(row).toMatchObject({ id: 16, country_id: { id: 233, display_name: "United States" } });
    expect(typeof row!.parent_id === "number" || row!.parent_id === false).toBe(true);
    expect(Array.isArray(row!.category_id)).toBe(true);
  });

  test("an unknown field in the specification is Odoo's ValueError", async () => {
    const answer = await executeKw(fakes["18.0"]!, "res.partner", "web_search_read", [], {
      domain: [],
      specification: { nope: {} },
    });
    expect(answer.error?.data?.message).toBe("Invalid field 'nope' on model 'res.partner'");
  });
});

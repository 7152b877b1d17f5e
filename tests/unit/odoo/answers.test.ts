import { describe, expect, test } from "bun:test";
import { checkAnswer } from "../../../src/odoo/answers.ts";
import { OdooError } from "../../../src/odoo/errors.ts";

const verdict = (method: string, value: unknown) => {
  try {
    checkAnswer("res.partner", method, value);
    return "ok";
  } catch (e) {
    expect(e).toBeInstanceOf(OdooError);
    return (e as OdooError).message.includes("was expected") ? "refused" : "other";
  }
};

describe("checkAnswer: the shapes checked on every call", () => {
  test("records and pages of records pass, whatever else a record holds", () => {
    const rows = [
      { id: 1, name: "A", country_id: { id: 2, display_name: "B" } },
      { id: "virtual_3" },
      { id: false },
      {},
    ];
    for (const method of ["search_read", "read", "web_read"]) {
      expect(verdict(method, rows)).toBe("ok");
      expect(verdict(method, [])).toBe("ok");
    }
    expect(verdict("web_search_read", { length: 4, records: rows })).toBe("ok");
    expect(verdict("web_search_read", { length: 0, records: [], extra: true })).toBe("ok");
  });

  test("what the schema has always let through still passes (a list where a record was expected)", () => {
    expect(verdict("search_read", [[1, "A"]])).toBe("ok");
    expect(verdict("web_search_read", { length: 1, records: [[1]] })).toBe("ok");
  });

  test("anything else is refused, saying what was expected", () => {
    const refused: Array<[string, unknown]> = [
      ["search_read", { records: [] }],
      ["search_read", [1, 2]],
      ["search_read", [{ id: null }]],
      ["search_read", [null]],
      ["read", "<html>"],
      ["web_search_read", [{ id: 1 }]],
      ["web_search_read", { length: 1.5, records: [] }],
      ["web_search_read", { length: "3", records: [] }],
      ["web_search_read", { length: 1 }],
      ["web_search_read", { length: 1, records: [{ id: [1] }] }],
      ["web_search_read", null],
    ];
    for (const [method, value] of refused) expect([method, verdict(method, value)]).toEqual([method, "refused"]);
  });
});

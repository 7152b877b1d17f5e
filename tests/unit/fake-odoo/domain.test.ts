import { describe, expect, test } from "bun:test";
import type { OdooError } from "../../../src/fake-odoo/errors.ts";
import { searchRows } from "../../../src/fake-odoo/orm/search.ts";
import { Db } from "../../../src/fake-odoo/orm/store.ts";
import type { FakeVersion, Json } from "../../../src/fake-odoo/types.ts";
import { profileOf } from "../../../src/fake-odoo/versions.ts";

const dbOf = (v: FakeVersion = "18.0") => new Db(profileOf(v));
const partners = (domain: Json, opts: Parameters<typeof searchRows>[3] = {}, db = dbOf()) =>
  searchRows(db, db.table("res.partner")!.def, domain, { order: "id", ...opts }).map((r) => r.id);
const names = (domain: Json, opts: Parameters<typeof searchRows>[3] = {}) => {
  const db = dbOf();
  return searchRows(db, db.table("res.partner")!.def, domain, opts).map((r) => r.name);
};
const thrown = (f: () => unknown): OdooError => {
  try {
    f();
  } catch (e) {
    return e as OdooError;
  }
  throw new Error("expected an error");
};

describe("domain operators", () => {
  test("= and != on scalars, booleans and false", () => {
    expect(partners([["name", "=", "Wood Corner"]])).toEqual([9]);
    expect(partners([["is_company", "=", true]])).toHaveLength(8);
    expect(partners([["is_company", "!=", true]])).toHaveLength(29);
    expect(
      partners([
        ["parent_id", "=", false],
        ["is_company", "=", false],
      ]),
    ).toEqual([3, 7, 8, 36, 37, 38, 39, 40, 41]);
  });

  test("comparisons, in and not in", () => {
    expect(partners([["id", "<", 3]])).toEqual([1]);
    expect(partners([["id", "<=", 3]])).toEqual([1, 3]);
    expect(partners([["id", ">", 40]])).toEqual([41]);
    expect(partners([["id", ">=", 40]])).toEqual([40, 41]);
    expect(partners([["id", "in", [9, 10, 999]]])).toEqual([9, 10]);
    expect(
      partners([
        ["id", "not in", [1, 3]],
        ["id", "<", 9],
      ]),
    ).toEqual([7, 8]);
  });

  test("like family: substring, case, patterns and negations", () => {
    expect(partners([["name", "like", "Corner"]])).toEqual([9]);
    expect(partners([["name", "like", "corner"]])).toEqual([]);
    expect(partners([["name", "ilike", "corner"]])).toEqual([9]);
    expect(partners([["name", "=like", "W%"]])).toEqual([9, 16]);
    expect(partners([["name", "=ilike", "w_od corner"]])).toEqual([9]);
    expect(
      partners([
        ["name", "not ilike", "o"],
        ["is_company", "=", true],
      ]),
    ).toEqual([11, 12, 14]);
    expect(
      partners([
        ["email", "not like", "example"],
        ["is_company", "=", true],
      ]),
    ).toEqual([1, 11]);
  });

  test("prefix operators with implicit &", () => {
    expect(partners(["|", ["id", "=", 1], ["id", "=", 9]])).toEqual([1, 9]);
    expect(partners(["!", ["is_company", "=", false], ["id", "<", 11]])).toEqual([1, 9, 10]);
    expect(partners(["&", ["is_company", "=", true], "|", ["id", "=", 1], ["id", "=", 3]])).toEqual([1]);
    expect(
      partners([
        [1, "=", 1],
        ["id", "=", 1],
      ]),
    ).toEqual([1]);
    expect(partners([[0, "=", 1]])).toEqual([]);
  });

  test("dotted paths through many2one and relational values by name", () => {
    expect(partners([["parent_id.name", "=", "Wood Corner"]])).toEqual([16, 17, 32]);
    expect(partners([["country_id.code", "!=", "US"]], {}, dbOf("19.0"))).toEqual([20, 21, 22, 23, 24, 25, 26]);
    expect(partners([["parent_id", "ilike", "wood"]])).toEqual([16, 17, 32]);
  });

  test("child_of and parent_of", () => {
    expect(partners([["id", "child_of", 9]])).toEqual([9, 16, 17, 32]);
    expect(partners([["id", "parent_of", 17]])).toEqual([9, 17]);
    expect(partners([["parent_id", "child_of", [9]]])).toEqual([16, 17, 32]);
  });

  test("archived records are hidden unless the domain names `active` or active_test is off", () => {
    expect(partners([["id", "=", 2]])).toEqual([]);
    expect(
      partners([
        ["id", "=", 2],
        ["active", "=", false],
      ]),
    ).toEqual([2]);
    expect(
      partners([
        ["id", "in", [1, 2]],
        ["active", "in", [true, false]],
      ]),
    ).toEqual([1, 2]);
    expect(partners([["id", "in", [1, 2]]], { context: { active_test: false } })).toEqual([1, 2]);
  });
});

describe("order, limit, offset", () => {
  test("the model's _order (complete_name, then id desc) by default", () => {
    expect(names([["is_company", "=", true]], { limit: 3 })).toEqual([
      "Azure Interior",
      "Deco Addict",
      "Gemini Furniture",
    ]);
  });

  test('an explicit "name desc, id" order, limit and offset', () => {
    expect(names([["is_company", "=", true]], { order: "name desc, id", limit: 2 })).toEqual([
      "YourCompany",
      "Wood Corner",
    ]);
    expect(names([["is_company", "=", true]], { order: "name desc, id", limit: 2, offset: 1 })).toEqual([
      "Wood Corner",
      "The Jackson Group",
    ]);
    expect(partners([["parent_id.name", "=", "Wood Corner"]], { order: "id desc" })).toEqual([32, 17, 16]);
  });

  test("many2one orders by the related record's name", () => {
    const db = dbOf("19.0");
    const rows = searchRows(db, db.table("res.partner")!.def, [["country_id", "!=", 233]], { order: "country_id, id" });
    expect(rows.map((r) => r.country_id)).toEqual([128, 139, 203, 203, 203, 203, 203]);
  });
});

describe("domain errors like Odoo's", () => {
  test("unknown field: ValueError, 'leaf' before 19 and 'condition' from 19", () => {
    const e17 = thrown(() => partners([["no_such_field", "=", 1]], {}, dbOf("17.0")));
    expect([e17.pyName, e17.message]).toEqual([
      "builtins.ValueError",
      "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)",
    ]);
    const e19 = thrown(() => partners([["country_id.nope", "=", "x"]], {}, dbOf("19.0")));
    expect(e19.message).toBe("Invalid field res.country.nope in condition ('country_id.nope', '=', 'x')");
  });

  test("unknown operator and malformed prefix notation", () => {
    expect(thrown(() => partners([["name", "~", "x"]])).message).toBe("Invalid leaf ('name', '~', 'x')");
    expect(thrown(() => partners(["|", ["id", "=", 1]])).pyName).toBe("builtins.ValueError");
  });
});

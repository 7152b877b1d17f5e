import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { Domain } from "../../../src/tools/domain.ts";
import { checkDomain, checkFields, checkOrder, defaultFields } from "../../../src/tools/fields.ts";
import { type FieldMap, OdooMeta } from "../../../src/tools/meta.ts";
import { Values } from "../../../src/tools/schemas.ts";

const PARTNER: FieldMap = {
  id: { type: "integer", store: true },
  display_name: { type: "char", store: false },
  image_1920: { type: "binary", store: true },
  child_ids: { type: "one2many", relation: "res.partner", store: true },
  category_id: { type: "many2many", relation: "res.partner.category", store: true },
  comment: { type: "html", store: true },
  create_date: { type: "datetime", store: true },
  message_ids: { type: "one2many", relation: "mail.message", store: true },
  street: { type: "char", store: true },
  email: { type: "char", string: "Email", store: true },
  name: { type: "char", string: "Name", store: true },
  country_id: { type: "many2one", relation: "res.country", store: true },
  computed_total: { type: "float", store: false },
  mobile: { type: "char", string: "Cell Phone", store: true },
};
const COUNTRY: FieldMap = { code: { type: "char", store: true }, name: { type: "char", store: true } };

/** Metadata over an in-test client that knows two models and counts fields_get calls. */
function meta(): { meta: OdooMeta; asked: string[] } {
  const asked: string[] = [];
  const odoo = {
    async executeKw<T>(model: string): Promise<T> {
      asked.push(model);
      if (model === "res.partner") return PARTNER as T;
      if (model === "res.country") return COUNTRY as T;
      throw new Error(`no model ${model}`);
    },
  } as unknown as OdooClient;
  return { meta: new OdooMeta(odoo), asked };
}

describe("defaultFields", () => {
  test("display_name and preferred names first, then stored scalars and many2ones in definition order", () => {
    expect(defaultFields(PARTNER)).toEqual(["display_name", "name", "email", "street", "country_id", "mobile"]);
  });

  test("stops at twelve fields", () => {
    const wide: Record<string, { type: string }> = {};
    for (let i = 0; i < 40; i++) wide[`f${i}`] = { type: "char" };
    expect(defaultFields(wide)).toHaveLength(12);
  });
});

describe("field checks", () => {
  test("follow dotted paths through relations and into any/not any sub-domains", async () => {
    const { meta: m } = meta();
    await checkDomain(m, "res.partner", ["|", ["name", "=", "x"], ["country_id.code", "=", "BE"]]);
    await expect(checkDomain(m, "res.partner", [["country_id.cod", "=", "BE"]])).rejects.toThrow(
      "Invalid field 'cod' on res.country — did you mean 'code'?",
    );
    await expect(checkDomain(m, "res.partner", [["country_id", "any", [["nmae", "=", "x"]]]])).rejects.toThrow(
      "Invalid field 'nmae' on res.country — did you mean 'name'?",
    );
    await expect(checkOrder(m, "res.partner", "emial desc, id")).rejects.toThrow("did you mean 'email'?");
    await checkOrder(m, "res.partner", "country_id.name desc, id");
    await expect(checkOrder(m, "res.partner", "country_id.nmae")).rejects.toThrow("on res.country — did you mean");
  });

  test("a label match is suggested when no name is close; unknown models are left to Odoo", async () => {
    const { meta: m } = meta();
    await expect(checkDomain(m, "res.partner", [["Cell Phone", "=", "x"]])).rejects.toThrow("did you mean 'mobile'?");
    await checkDomain(m, "x.unknown", [["whatever", "=", 1]]);
  });

  test("a dotted path in fields says that only domains follow relations, and what to read instead", async () => {
    const { meta: m } = meta();
    await expect(checkFields(m, "res.partner", ["name", "country_id.code"])).rejects.toThrow(
      "'country_id.code' is a path through a relation: only domains follow dotted paths. Name 'country_id' " +
        "(a many2one to res.country, read as [id, name]) and read res.country for its other fields.",
    );
    await expect(checkFields(m, "res.partner", ["nmae.x"])).rejects.toThrow("Invalid field 'nmae.x' on res.partner");
  });

  test("fields_get is cached per model and a failure is not", async () => {
    const { meta: m, asked } = meta();
    await m.fields("res.partner");
    await m.fields("res.partner");
    await m.fields("x.unknown").catch(() => {});
    await m.fields("x.unknown").catch(() => {});
    expect(asked).toEqual(["res.partner", "x.unknown", "x.unknown"]);
  });
});

describe("argument schemas", () => {
  test("values keep x2many command tuples as arrays and refuse an array in place of the object", () => {
    const values = { category_id: [[6, 0, [1, 2]]], child_ids: [[0, 0, { name: "Jane" }]], country_id: false };
    expect(v.parse(Values, values)).toEqual(values);
    expect(v.safeParse(Values, [["name", "x"]]).success).toBe(false);
  });

  test("a domain is prefix operators and 3-item terms with known operators", () => {
    expect(v.safeParse(Domain, ["!", ["id", "in", [1, 2]], ["child_ids", "any", [["name", "=", "x"]]]]).success).toBe(
      true,
    );
    for (const bad of [[["name", "="]], [["name", "==", 1]], ["and"], [[1, "=", 1]]]) {
      expect(v.safeParse(Domain, bad).success).toBe(false);
    }
  });
});

describe("OdooMeta.irModelClosed", () => {
  test("a refusal of ir.model is remembered ten minutes, then ir.model is asked again", () => {
    let now = 1_000_000;
    const meta = new OdooMeta({} as OdooClient, () => now, undefined);
    expect(meta.irModelClosed).toBe(false);
    meta.irModelClosed = true;
    now += 9 * 60_000;
    expect(meta.irModelClosed).toBe(true);
    now += 2 * 60_000;
    expect(meta.irModelClosed).toBe(false);
  });
});

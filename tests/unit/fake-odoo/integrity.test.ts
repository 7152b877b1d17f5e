import { describe, expect, test } from "bun:test";
import type { FakeOdoo, FakeVersion } from "../../../src/fake-odoo/index.ts";
import { parseMethodResponse } from "../../../src/fake-odoo/xmlrpc-codec.ts";
import { everyVersion, executeKw } from "./rpc.ts";

// Values Odoo refuses, refused the way Odoo does: psycopg2's own error where no handler converts it, the
// ValidationError that odoo/service/model.py makes of an IntegrityError, the ORM's ValueError for a selection.
const fakes = everyVersion();
const VERSIONS: FakeVersion[] = ["17.0", "18.0", "19.0"];

const read = async (fake: FakeOdoo, model: string, id: number, fields: string[]) =>
  ((await executeKw(fake, model, "read", [[id], fields])).result as Record<string, unknown>[])[0];

/** Odoo 17/18's `_as_validation_error` for a ForeignKeyViolation on `table`'s `column`. */
const fk17 = (description: string, model: string, column: string) =>
  "The operation cannot be completed: another model requires the record being deleted. If possible, archive it " +
  `instead.\n\nModel: ${description} (${model})\nConstraint: ${model.replace(/\./g, "_")}_${column}_fkey\n`;

/** Odoo 19's `_sql_error_to_message_generic` for the same. */
const fk19 = (description: string, model: string, label: string, column: string) =>
  "The operation cannot be completed: Another model is using the record you are trying to delete.\n\n" +
  `The troublemaker is: '${description}' (${model})\nThanks to the following constraint: '${label}' (${column})\n` +
  "How about archiving the record instead?";

describe("a many2one given a string", () => {
  test("create: PostgreSQL refuses it in the INSERT, psycopg2's error unconverted (JSON-2: 500)", async () => {
    for (const v of VERSIONS) {
      const err = (await executeKw(fakes[v]!, "res.partner", "create", [{ name: "Be Co", country_id: "BE" }])).error;
      expect(err?.data).toMatchObject({
        name: "psycopg2.errors.InvalidTextRepresentation",
        message: 'invalid input syntax for type integer: "BE"',
      });
      const count = await executeKw(fakes[v]!, "res.partner", "search_count", [[["name", "=", "Be Co"]]]);
      expect(count.result).toBe(0);
    }
    const res = await fetch(`${fakes["19.0"]!.url}/json/2/res.partner/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "bearer <apikey_admin>" },
      body: JSON.stringify({ vals_list: [{ name: "Be Co", country_id: "BE" }] }),
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { name: string }).name).toBe("psycopg2.errors.InvalidTextRepresentation");
  });

  test("write: Many2one.convert_to_cache makes it None, the field is cleared without an error", async () => {
    const fake = fakes["18.0"]!;
    expect((await read(fake, "res.partner", 9, ["country_id"]))?.country_id).toEqual([233, "United States"]);
    expect((await executeKw(fake, "res.partner", "write", [[9], { country_id: "BE" }])).result).toBe(true);
    expect((await read(fake, "res.partner", 9, ["country_id"]))?.country_id).toBe(false);
  });
});

describe("a record id that does not exist: the foreign key", () => {
  test("create and write with country_id 999999: ValidationError naming res_partner_country_id_fkey", async () => {
    for (const v of VERSIONS) {
      const fake = fakes[v]!;
      const expected =
        v === "19.0"
          ? fk19("Contact", "res.partner", "Country", "country_id")
          : fk17("Contact", "res.partner", "country_id");
      for (const call of [
        executeKw(fake, "res.partner", "create", [{ name: "Nowhere", country_id: 999999 }]),
        executeKw(fake, "res.partner", "write", [[9], { country_id: 999999 }]),
      ]) {
        expect((await call).error?.data).toMatchObject({ name: "odoo.exceptions.ValidationError", message: expected });
      }
      expect((await read(fake, "res.partner", 9, ["country_id"]))?.country_id).toEqual([233, "United States"]);
    }
  });

  test("a many2many id: the relation table's constraint, no model named", async () => {
    const constraint = "res_partner_res_partner_category_rel_category_id_fkey";
    const e17 = (await executeKw(fakes["17.0"]!, "res.partner", "write", [[9], { category_id: [[6, 0, [1, 999]]] }]))
      .error?.data;
    expect(e17?.message).toBe(
      "The operation cannot be completed: another model requires the record being deleted. If possible, archive it " +
        `instead.\n\nModel: Unknown (unknown)\nConstraint: ${constraint}\n`,
    );
    const e19 = (await executeKw(fakes["19.0"]!, "res.partner", "write", [[9], { category_id: [[4, 999]] }])).error
      ?.data;
    expect(e19?.message).toContain(`The troublemaker is: Unknown\nThanks to the following constraint: ${constraint}\n`);
  });

  test("XML-RPC: the ValidationError is fault 2, psycopg2's error fault 1 with its traceback", async () => {
    const fake = fakes["17.0"]!;
    const call = async (vals: Record<string, unknown>) => {
      const value = (v: unknown): string =>
        typeof v === "number" ? `<int>${v}</int>` : `<string>${String(v)}</string>`;
      const struct = Object.entries(vals)
        .map(([k, v]) => `<member><name>${k}</name><value>${value(v)}</value></member>`)
        .join("");
      const args = [fake.database, 2, "admin", "res.partner", "create"].map(
        (a) => `<param><value>${value(a)}</value></param>`,
      );
      const body = `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>${args.join("")}<param><value><array><data><value><struct>${struct}</struct></value></data></array></value></param></params></methodCall>`;
      const res = await fetch(`${fake.url}/xmlrpc/2/object`, {
        method: "POST",
        headers: { "Content-Type": "text/xml" },
        body,
      });
      return parseMethodResponse(await res.text()).fault;
    };
    expect(await call({ name: "X", country_id: 999999 })).toEqual({
      faultCode: 2,
      faultString: fk17("Contact", "res.partner", "country_id"),
    });
    const fault = await call({ name: "X", country_id: "BE" });
    expect(fault?.faultCode).toBe(1);
    expect(String(fault?.faultString)).toContain(
      'psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "BE"',
    );
  });
});

describe("a selection value outside the selection", () => {
  test("create and write: ValueError 'Wrong value for <model>.<field>: <repr>'", async () => {
    for (const v of VERSIONS) {
      const fake = fakes[v]!;
      const created = await executeKw(fake, "res.partner", "create", [{ name: "Bogus", type: "bogus" }]);
      expect(created.error?.data).toMatchObject({
        name: "builtins.ValueError",
        message: "Wrong value for res.partner.type: 'bogus'",
      });
      const written = await executeKw(fake, "res.partner", "write", [[9], { lang: "fr_FR" }]);
      expect(written.error?.data.message).toBe("Wrong value for res.partner.lang: 'fr_FR'");
      expect(
        (await executeKw(fake, "res.partner", "write", [[9], { type: "invoice", tz: "Europe/Brussels" }])).result,
      ).toBe(true);
      expect((await executeKw(fake, "res.partner", "write", [[9], { type: false }])).result).toBe(true);
    }
  });
});

describe("unlink and the records pointing at the deleted ones", () => {
  test("the company's partner (1): res.company's required partner_id restricts the delete", async () => {
    for (const v of VERSIONS) {
      const fake = fakes[v]!;
      const err = (await executeKw(fake, "res.partner", "unlink", [[1]])).error?.data;
      expect(err).toMatchObject({
        name: "odoo.exceptions.ValidationError",
        message:
          v === "19.0"
            ? fk19("Companies", "res.company", "Partner", "partner_id")
            : fk17("Companies", "res.company", "partner_id"),
      });
      expect((await read(fake, "res.partner", 1, ["name"]))?.name).toBe("YourCompany");
    }
  });

  test("a country in use: res.partner's country_id is ondelete='restrict'", async () => {
    const err = (await executeKw(fakes["18.0"]!, "res.country", "unlink", [[233]])).error?.data;
    expect(err?.message).toBe(fk17("Contact", "res.partner", "country_id"));
  });

  test("set null: a company's contacts lose their parent, tags leave the partners", async () => {
    const fake = fakes["18.0"]!;
    const company = (await executeKw(fake, "res.partner", "create", [{ name: "Gone Co", is_company: true }]))
      .result as number;
    const tag = (await executeKw(fake, "res.partner.category", "create", [{ name: "Gone tag" }])).result as number;
    const person = (
      await executeKw(fake, "res.partner", "create", [
        { name: "Left", parent_id: company, category_id: [[6, 0, [tag, 1]]] },
      ])
    ).result as number;
    expect((await executeKw(fake, "res.partner", "unlink", [[company]])).result).toBe(true);
    expect((await executeKw(fake, "res.partner.category", "unlink", [[tag]])).result).toBe(true);
    expect(await read(fake, "res.partner", person, ["parent_id", "category_id", "display_name"])).toEqual({
      id: person,
      parent_id: false,
      category_id: [1],
      display_name: "Left",
    });
  });
});

describe("a mandatory field left empty: the NotNullViolation's message per version", () => {
  test("17/18: 'Model: … Field: …' with a last newline; 19: 'Missing required value for the field …'", async () => {
    const e17 = (await executeKw(fakes["17.0"]!, "res.country", "create", [{ code: "XX" }])).error?.data;
    expect(e17?.message).toBe(
      "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n" +
        "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
        "Model: Country (res.country)\nField: Country Name (name)\n",
    );
    const e19 = (await executeKw(fakes["19.0"]!, "res.country", "create", [{ code: "XX" }])).error?.data;
    expect(e19).toMatchObject({
      name: "odoo.exceptions.ValidationError",
      message:
        "The operation cannot be completed: Missing required value for the field 'Country Name' (name).\n" +
        "Model: 'Country' (res.country)\n- create/update: a mandatory field is not set\n" +
        "- delete: another model requires the record being deleted, you can archive it instead\n",
    });
  });
});

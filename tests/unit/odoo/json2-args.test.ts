import { describe, expect, test } from "bun:test";
import { OdooError } from "../../../src/odoo/errors.ts";
import { json2Body } from "../../../src/odoo/json2-args.ts";
import { capture } from "./captures.ts";

const sent = (name: string) => capture("19.0", name).request.body;

describe("execute_kw positional args → JSON-2 named arguments (compared with real JSON-2 requests)", () => {
  const cases: Array<[string, string, unknown[], Record<string, unknown>]> = [
    [
      "json2_search_read_ok",
      "search_read",
      [[["is_company", "=", true]], ["id", "name", "email", "country_id"], 0, 3, "id"],
      {},
    ],
    ["json2_search_ids", "search", [[["is_company", "=", true]]], { limit: 3, order: "id" }],
    ["json2_search_count", "search_count", [[]], {}],
    [
      "json2_read",
      "read",
      [
        [3, 7],
        ["name", "display_name", "parent_id"],
      ],
      {},
    ],
    ["json2_write", "write", [[65], { email: "tmp2@example.com" }], {}],
    ["json2_create", "create", [[{ name: "capture tmp partner json2" }]], {}],
    ["json2_unlink", "unlink", [[65]], {}],
    [
      "json2_fields_get",
      "fields_get",
      [
        ["name", "country_id"],
        ["string", "type", "relation"],
      ],
      {},
    ],
    ["json2_name_search", "name_search", ["Wood"], { limit: 3 }],
    ["json2_read_group", "read_group", [[["active", "=", true]], ["is_company"], ["is_company"]], {}],
    ["json2_formatted_read_group", "formatted_read_group", [[["active", "=", true]], ["is_company"], ["__count"]], {}],
    ["json2_none_result_public", "action_unarchive", [[3]], {}],
    ["json2_context_lang", "search_read", [[["id", "=", 3]]], { fields: ["name"], context: { lang: "en_US" } }],
  ];
  for (const [name, method, args, kwargs] of cases) {
    test(`${name}: ${method}`, () => {
      const body = json2Body("res.partner", method, args, kwargs);
      const expected = sent(name) as Record<string, unknown>;
      // search_read offset 0 is the default: the capture leaves it out.
      if (name === "json2_search_read_ok") delete body.offset;
      expect(body).toEqual(expected);
    });
  }

  test("a single id is a list of ids", () => {
    expect(json2Body("res.partner", "read", [3], { fields: ["name"] })).toEqual({ ids: [3], fields: ["name"] });
  });

  test("unknown methods: a leading id list is the records; kwargs pass through", () => {
    expect(json2Body("sale.order", "action_confirm", [[7]], {})).toEqual({ ids: [7] });
    expect(json2Body("res.partner", "my_method", [], { flag: true })).toEqual({ flag: true });
    expect(json2Body("res.partner", "my_method", [[1, 2]], { flag: true })).toEqual({ ids: [1, 2], flag: true });
  });

  test("unknown methods with positional args beyond the ids: a clear error asking for kwargs", () => {
    const err = (() => {
      try {
        json2Body("sale.order", "action_custom", [[7], "x"], {});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(OdooError);
    expect((err as OdooError).message).toMatch(/by name.*sale.order.action_custom.*kwargs/);
    expect(() => json2Body("res.partner", "my_method", ["not ids"], {})).toThrow(/kwargs/);
  });

  test("too many positional args for a known method, or one given twice, are refused", () => {
    expect(() => json2Body("res.partner", "search_count", [[], 5, 6], {})).toThrow(/search_count takes domain, limit/);
    expect(() => json2Body("res.partner", "search_read", [[], ["name"]], { fields: ["id"] })).toThrow(/'fields'/);
    expect(() => json2Body("res.partner", "unlink", [[1], 2], {})).toThrow(/no other arguments/);
  });
});

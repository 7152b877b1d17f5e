import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { Domain } from "../../../src/tools/domain.ts";
import { parsePyLiteral } from "../../../src/tools/pyliteral.ts";
import { Fields, Ids, integer, Values } from "../../../src/tools/schemas.ts";
import { suite, text } from "../mcp/harness.ts";

describe("parsePyLiteral", () => {
  test("reads Python and JSON literals: tuples become lists, True/False/None become JSON", () => {
    expect(parsePyLiteral("[('name', 'ilike', 'acme'), ('active', '=', True)]")).toEqual([
      ["name", "ilike", "acme"],
      ["active", "=", true],
    ]);
    expect(parsePyLiteral('["|", ["a", "=", null], ["b", "in", [1, 2.5, -3]]]')).toEqual([
      "|",
      ["a", "=", null],
      ["b", "in", [1, 2.5, -3]],
    ]);
    expect(parsePyLiteral("{'name': u'Jöhn \\'J\\' \\u65e5', 'ok': False, }")).toEqual({
      name: "Jöhn 'J' 日",
      ok: false,
    });
    expect(parsePyLiteral("(1,)")).toEqual([1]);
    expect(parsePyLiteral("(1)")).toBe(1);
    expect(parsePyLiteral("[]")).toEqual([]);
  });

  test("evaluates nothing: names, calls and stray text are refused with the position", () => {
    expect(() => parsePyLiteral("[('date', '>=', context_today())]")).toThrow("'context_today' is not a literal");
    expect(() => parsePyLiteral("[('user_id', '=', uid)]")).toThrow("'uid' is not a literal");
    expect(() => parsePyLiteral("[1, 2")).toThrow("expected ',' or ']'");
    expect(() => parsePyLiteral("'open")).toThrow("unterminated string");
    expect(() => parsePyLiteral("[1] x")).toThrow("at character 5");
    expect(() => parsePyLiteral("{1: 2}")).toThrow("dict keys must be strings");
  });
});

const parse = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input);
const messages = (schema: v.GenericSchema, input: unknown) =>
  (parse(schema, input).issues ?? []).map((i) => i.message).join("; ");

describe("sloppy arguments that mean one thing are accepted", () => {
  test("ids: a single id, ids as strings, a comma-separated or bracketed string", () => {
    for (const input of [5, "5", ["5"], [5]]) expect(parse(Ids, input).output).toEqual([5]);
    expect(parse(Ids, "5, 6").output).toEqual([5, 6]);
    expect(parse(Ids, "[5, 6]").output).toEqual([5, 6]);
    expect(parse(Ids, [[5, 6]]).output).toEqual([5, 6]);
    expect(messages(Ids, [0])).toContain("ids are positive integers");
    expect(messages(Ids, [])).toContain("at least one id");
    expect(parse(Ids, ["five"]).success).toBe(false);
  });

  test("fields: a comma-separated string or a list written as a string", () => {
    expect(parse(Fields, "name,email").output).toEqual(["name", "email"]);
    expect(parse(Fields, "name, email").output).toEqual(["name", "email"]);
    expect(parse(Fields, "['name', 'email']").output).toEqual(["name", "email"]);
    expect(parse(Fields, "name").output).toEqual(["name"]);
    expect(parse(Fields, ["name, email", "phone"]).output).toEqual(["name", "email", "phone"]);
    expect(parse(Fields, [""]).success).toBe(false);
  });

  test("numbers as numeric strings", () => {
    const limit = integer(1, "limit");
    expect(parse(limit, "20").output).toBe(20);
    expect(parse(limit, 20).output).toBe(20);
    expect(parse(limit, "0").success).toBe(false);
    expect(parse(limit, "20 records").success).toBe(false);
  });

  test("values: an object sent as a JSON or Python string", () => {
    expect(parse(Values, '{"name": "x"}').output).toEqual({ name: "x" });
    expect(parse(Values, "{'name': 'x', 'active': True}").output).toEqual({ name: "x", active: true });
    expect(parse(Values, "name=x").success).toBe(false);
  });

  test("a domain as a Python or JSON string, and a lone term without the outer list", () => {
    expect(parse(Domain, "[('name','=','x'), ('active', '=', False)]").output).toEqual([
      ["name", "=", "x"],
      ["active", "=", false],
    ]);
    expect(parse(Domain, '[["name", "ilike", "a"]]').output).toEqual([["name", "ilike", "a"]]);
    expect(parse(Domain, ["name", "=", "x"]).output).toEqual([["name", "=", "x"]]);
    expect(parse(Domain, "('name', '=', 'x')").output).toEqual([["name", "=", "x"]]);
    expect(parse(Domain, "").output).toEqual([]);
    expect(parse(Domain, "[]").output).toEqual([]);
  });

  test("a domain string that is not a literal is refused with the JSON form to use", () => {
    const message = messages(Domain, "[('date', '>=', context_today())]");
    expect(message).toContain('[["name", "ilike", "acme"], ["active", "=", true]]');
    expect(message).toContain("'context_today' is not a literal");
  });

  test("prefix operators need their operands", () => {
    expect(messages(Domain, ["|", ["name", "=", "x"]])).toContain('"|" at position 0 needs two items after it');
    expect(messages(Domain, [["name", "=", "x"], "!"])).toContain('"!" at position 1 needs one item');
    expect(parse(Domain, ["|", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]).success).toBe(true);
    expect(parse(Domain, ["!", ["a", "=", 1], ["b", "=", 2]]).success).toBe(true);
  });
});

describe("over the wire", () => {
  const live = suite();

  test("a Python domain string and a comma-separated fields string reach Odoo as JSON lists", async () => {
    const result = await live.session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: "[('name', 'ilike', 'azure')]", fields: "name,email", limit: "2" },
    });
    expect(result.isError).toBeFalsy();
    const call = live.backend.calls.find((c) => c.method === "web_search_read");
    expect(call?.kwargs).toMatchObject({
      domain: [["name", "ilike", "azure"]],
      specification: { name: {}, email: {} },
      limit: 2,
    });
  });

  test("odoo_read with one id as a string", async () => {
    const result = await live.session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: "3", fields: ["name"] },
    });
    expect(result.structuredContent).toMatchObject({ records: [{ id: 3 }] });
  });

  test("null for an optional argument means not given; for a required one it is missing", async () => {
    const result = await live.session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: null, fields: null, limit: 1, offset: null, order: null },
    });
    expect(result.isError).toBeFalsy();
    const refused = await live.session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: null },
    });
    expect(text(refused)).toContain('missing required argument "ids"');
  });

  test("a missing argument is named", async () => {
    const result = await live.session.client.callTool({ name: "odoo_read", arguments: { model: "res.partner" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('missing required argument "ids"');
  });
});

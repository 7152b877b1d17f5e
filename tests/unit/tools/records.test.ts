import { beforeEach, describe, expect, test } from "bun:test";
import { suite, text } from "../mcp/harness.ts";

// The documented round trip deletes without asking; approval (the default for odoo_unlink) is tested in tests/unit/trust.
const live = suite({ config: { approval: { tools: [] } } });
beforeEach(() => live.backend.fake.reset());

const call = (name: string, args: Record<string, unknown>) => live.session.client.callTool({ name, arguments: args });
type Records = { records: Array<Record<string, unknown>>; missing_ids: number[] };

describe("odoo_read", () => {
  test("reads the documented example and keeps Odoo's value conventions", async () => {
    const result = await call("odoo_read", {
      model: "res.partner",
      ids: [15, 30],
      fields: ["name", "email", "parent_id"],
    });
    expect(result.isError).toBeFalsy();
    const { records, missing_ids } = result.structuredContent as Records;
    expect(records.map((r) => r["id"])).toEqual([15, 30]);
    expect(missing_ids).toEqual([]);
    // many2one as [id, name] or false
    expect(records[1]?.["parent_id"]).toEqual([15, "Azure Interior"]);
    expect(records[0]?.["parent_id"]).toBe(false);
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
  });

  test("says which ids do not exist (Odoo just leaves them out)", async () => {
    const some = await call("odoo_read", { model: "res.partner", ids: [1, 999998, 999999], fields: ["name"] });
    expect(some.isError).toBeFalsy();
    expect((some.structuredContent as Records).missing_ids).toEqual([999998, 999999]);
    const none = await call("odoo_read", { model: "res.partner", ids: [999999] });
    expect(none.isError).toBe(true);
    expect(text(none)).toBe("Record res.partner 999999 does not exist (or has been deleted)");
  });

  test("without fields, the default set (no binaries)", async () => {
    const result = await call("odoo_read", { model: "res.partner", ids: [1] });
    const keys = Object.keys((result.structuredContent as Records).records[0] ?? {});
    expect(keys).toContain("display_name");
    expect(keys).not.toContain("image_1920");
  });

  test("a misspelt field is refused with the closest name, before reading", async () => {
    const result = await call("odoo_read", { model: "res.partner", ids: [1], fields: ["name", "phnoe"] });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("Invalid field 'phnoe' on res.partner — did you mean 'phone'?");
  });
});

describe("odoo_create, odoo_write, odoo_unlink", () => {
  test("the documented create → write → unlink round trip", async () => {
    const created = await call("odoo_create", {
      model: "res.partner",
      values: { name: "John Doe", email: "john@example.com" },
    });
    expect(created.isError).toBeFalsy();
    const id = (created.structuredContent as { id: number }).id;
    expect(id).toBeGreaterThan(0);

    const written = await call("odoo_write", { model: "res.partner", ids: [id], values: { name: "John Doe Updated" } });
    expect(written.structuredContent).toEqual({ success: true, ids: [id] });
    const read = await call("odoo_read", { model: "res.partner", ids: [id], fields: ["name", "email"] });
    expect((read.structuredContent as Records).records[0]).toEqual({
      id,
      name: "John Doe Updated",
      email: "john@example.com",
    });

    const unlinked = await call("odoo_unlink", { model: "res.partner", ids: [id] });
    expect(unlinked.structuredContent).toEqual({ success: true, ids: [id] });
    const gone = await call("odoo_read", { model: "res.partner", ids: [id] });
    expect(text(gone)).toContain(`res.partner ${id} does not exist`);
  });

  test("x2many command tuples and many2one ids go through as written", async () => {
    const created = await call("odoo_create", {
      model: "res.partner",
      values: { name: "Tagged", country_id: 21, category_id: [[6, 0, [1, 2]]] },
    });
    expect(created.isError).toBeFalsy();
    const id = (created.structuredContent as { id: number }).id;
    await call("odoo_write", { model: "res.partner", ids: [id], values: { category_id: [[4, 3]] } });
    const read = await call("odoo_read", { model: "res.partner", ids: [id], fields: ["category_id", "country_id"] });
    const record = (read.structuredContent as Records).records[0];
    expect(record?.["category_id"]).toEqual([1, 2, 3]);
    expect(record?.["country_id"]).toEqual([21, expect.any(String)]);
  });

  test("Odoo's refusals come back as readable tool errors", async () => {
    const noName = await call("odoo_create", { model: "res.partner", values: { email: "noname@example.com" } });
    expect(noName.isError).toBe(true);
    expect(text(noName)).toBe(
      "Odoo rejected the values for res.partner: The operation cannot be completed: Contacts require a name",
    );
    const missing = await call("odoo_write", { model: "res.partner", ids: [999999], values: { name: "x" } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toBe("Record res.partner 999999 does not exist (or has been deleted)");
    const typo = await call("odoo_write", { model: "res.partner", ids: [1], values: { emali: "x@example.com" } });
    expect(text(typo)).toContain("did you mean 'email'?");
  });

  test("values must be an object of typed values; arrays stay arrays", async () => {
    const asArray = await call("odoo_create", { model: "res.partner", values: [["name", "x"]] });
    expect(asArray.isError).toBe(true);
    expect(text(asArray)).toContain("values");
    const empty = await call("odoo_write", { model: "res.partner", ids: [], values: { name: "x" } });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toContain("at least one id");
  });
});

import { describe, expect, test } from "bun:test";
import { everyVersion, executeKw } from "./rpc.ts";

const fakes = everyVersion();
const f18 = () => fakes["18.0"]!;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe("records", () => {
  test("create (one dict → id, list → ids), write maintains write_date, unlink removes", async () => {
    const fake = f18();
    const id = (await executeKw(fake, "res.partner", "create", [{ name: "New Co", is_company: true }]))
      .result as number;
    const ids = (await executeKw(fake, "res.partner", "create", [[{ name: "A" }, { name: "B" }]])).result as number[];
    expect(ids).toEqual([id + 1, id + 2]);
    const [before] = (await executeKw(fake, "res.partner", "read", [[9], ["write_date", "create_date"]]))
      .result as Record<string, string>[];
    expect(before!.write_date).toBe("2026-11-24 13:36:08");
    expect((await executeKw(fake, "res.partner", "write", [[9], { phone: "+32 2 000" }])).result).toBe(true);
    const [after] = (await executeKw(fake, "res.partner", "read", [[9], ["write_date", "create_date", "phone"]]))
      .result as Record<string, string>[];
    expect(after!.write_date).toMatch(DATETIME);
    expect(after!.write_date).not.toBe(before!.write_date);
    expect(after!.create_date).toBe(before!.create_date);
    expect((await executeKw(fake, "res.partner", "unlink", [[id]])).result).toBe(true);
    expect((await executeKw(fake, "res.partner", "read", [[id], ["name"]])).result).toEqual([]);
  });

  test("write_date: whole seconds through the API, microseconds in the database (two writes in one second read equal)", async () => {
    const fake = f18();
    let tick = 100000;
    fake.setClock(() => `2026-12-02 03:26:15.${tick++}`);
    try {
      const read = async () =>
        ((await executeKw(fake, "res.partner", "read", [[9], ["write_date"]])).result as { write_date: string }[])[0]!
          .write_date;
      await executeKw(fake, "res.partner", "write", [[9], { phone: "1" }]);
      const first = await read();
      await executeKw(fake, "res.partner", "write", [[9], { phone: "2" }]);
      expect(first).toBe("2026-12-02 03:26:15");
      expect(await read()).toBe(first);
      // PostgreSQL compares the stored microseconds: the record is still "written after" the second it reads as.
      const later = await executeKw(fake, "res.partner", "search", [[["write_date", ">", first]]]);
      expect(later.result).toEqual([9]);
    } finally {
      fake.setClock(undefined);
    }
  });

  test("many2one reads as [id, name] or false; display_name is computed", async () => {
    const rows = (
      await executeKw(f18(), "res.partner", "read", [
        [16, 9],
        ["parent_id", "display_name", "country_id"],
      ])
    ).result;
    expect(rows).toEqual([
      {
        id: 16,
        parent_id: [9, "Wood Corner"],
        display_name: "Wood Corner, Willie Burke",
        country_id: [233, "United States"],
      },
      { id: 9, parent_id: false, display_name: "Wood Corner", country_id: [233, "United States"] },
    ]);
  });

  test("binary fields: base64 data, or Odoo's human size with bin_size", async () => {
    const fake = f18();
    const full = (
      await executeKw(fake, "ir.attachment", "search_read", [[["mimetype", "=", "application/pdf"]]], {
        fields: ["datas", "file_size", "name"],
      })
    ).result as Record<string, unknown>[];
    const data = Buffer.from(String(full[0]!.datas), "base64");
    expect(data.subarray(0, 5).toString()).toBe("%PDF-");
    expect(full[0]!.file_size).toBe(data.length);
    const sized = (
      await executeKw(fake, "ir.attachment", "read", [[full[0]!.id], ["datas"]], { context: { bin_size: true } })
    ).result as Record<string, unknown>[];
    expect(sized[0]!.datas).toBe(`${data.length.toFixed(2)} bytes`);
    const kinds = (await executeKw(fake, "ir.attachment", "search_read", [[]], { fields: ["mimetype"], order: "id" }))
      .result;
    expect(kinds).toEqual([
      { id: 1, mimetype: "image/png" },
      { id: 2, mimetype: "application/pdf" },
      { id: 3, mimetype: "text/plain" },
    ]);
  });

  test("ir.model lists every model of the fake", async () => {
    const rows = (
      await executeKw(f18(), "ir.model", "search_read", [[["model", "in", ["res.partner", "ir.attachment"]]]], {
        fields: ["model", "name"],
        order: "model",
      })
    ).result;
    expect(rows).toEqual([
      { id: 6, model: "ir.attachment", name: "Attachment" },
      { id: 1, model: "res.partner", name: "Contact" },
    ]);
  });

  test("fields_get types binary fields `binary` and gives relations and selections", async () => {
    const meta = (
      await executeKw(f18(), "res.partner", "fields_get", [["image_128", "type", "country_id"]], {
        attributes: ["type", "relation", "selection"],
      })
    ).result as Record<string, Record<string, unknown>>;
    expect(meta.image_128).toEqual({ type: "binary" });
    expect(meta.country_id).toEqual({ type: "many2one", relation: "res.country" });
    expect(meta.type!.selection).toContainEqual(["contact", "Contact"]);
  });

  test("default_get, name_search with a domain, read_group over many2one", async () => {
    const fake = f18();
    expect((await executeKw(fake, "res.partner", "default_get", [["type", "active", "name"]])).result).toEqual({
      type: "contact",
      active: true,
    });
    const found = (
      await executeKw(fake, "res.partner", "name_search", [], {
        name: "wood",
        domain: [["is_company", "=", false]],
        limit: 2,
      })
    ).result;
    expect(found).toEqual([
      [17, "Wood Corner, Ron Gibson"],
      [32, "Wood Corner, Tom Ruiz"],
    ]);
    const groups = (
      await executeKw(fake, "res.partner", "read_group", [[["is_company", "=", false]], ["parent_id"], ["parent_id"]], {
        limit: 2,
      })
    ).result as Record<string, unknown>[];
    expect(groups[0]).toMatchObject({ parent_id: [15, "Azure Interior"], parent_id_count: 3 });
  });
});

describe("per-version methods", () => {
  test("name_get exists on 17 only", async () => {
    expect((await executeKw(fakes["17.0"]!, "res.partner", "name_get", [[9]])).result).toEqual([[9, "Wood Corner"]]);
    const err = (await executeKw(f18(), "res.partner", "name_get", [[9]])).error;
    expect(err?.data.message).toBe("The method 'name_get' does not exist on the model 'res.partner'");
  });

  test("formatted_read_group exists on 19 only; check_access missing/public/private", async () => {
    const rows = (
      await executeKw(fakes["19.0"]!, "res.partner", "formatted_read_group", [[]], {
        groupby: ["is_company"],
        aggregates: ["__count"],
      })
    ).result;
    expect(rows).toEqual([
      { is_company: false, __extra_domain: [["is_company", "=", false]], __count: 28 },
      { is_company: true, __extra_domain: [["is_company", "=", true]], __count: 10 },
    ]);
    expect((await executeKw(fakes["17.0"]!, "res.partner", "check_access", [[3], "read"])).error?.data.name).toBe(
      "builtins.AttributeError",
    );
    // A public method returning None: the JSON-RPC answer has no `result` key at all.
    const none = await executeKw(f18(), "res.partner", "check_access", [[3], "read"]);
    expect(Object.keys(none).sort()).toEqual(["id", "jsonrpc"]);
    expect((await executeKw(fakes["19.0"]!, "res.partner", "check_access", [[3], "read"])).error?.data.name).toBe(
      "odoo.exceptions.AccessError",
    );
  });
});

describe("users and credentials", () => {
  test("the demo user cannot read ir.config_parameter; admin can", async () => {
    const fake = f18();
    const demo = { uid: fake.users.demo.uid, secret: fake.users.demo.password };
    expect((await executeKw(fake, "ir.config_parameter", "search_count", [[]], {}, demo)).error?.data.name).toBe(
      "odoo.exceptions.AccessError",
    );
    expect((await executeKw(fake, "ir.config_parameter", "search_count", [[]])).result).toBe(3);
  });

  test("the 2FA user: password refused by RPC, its API key accepted", async () => {
    const fake = f18();
    const { uid, password, apiKey } = fake.users.totp;
    expect(
      (await executeKw(fake, "res.partner", "search_count", [[]], {}, { uid, secret: password })).error?.data.name,
    ).toBe("odoo.exceptions.AccessDenied");
    expect((await executeKw(fake, "res.partner", "search_count", [[]], {}, { uid, secret: apiKey })).result).toBe(37);
  });
});

import { describe, expect, test } from "bun:test";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { everyVersion, executeKw } from "./rpc.ts";

// Method signatures per version, as Odoo binds them: JSON-2 (19) and call_kw keyword arguments go by parameter name.
const fakes = everyVersion();

/** POST /json/2/<model>/<method> with the admin's key: [status, body]. */
async function json2(model: string, method: string, body: unknown, key = "<apikey_admin>"): Promise<[number, unknown]> {
  const res = await fetch(`${fakes["19.0"]!.url}/json/2/${model}/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `bearer ${key}` },
    body: JSON.stringify(body),
  });
  return [res.status, await res.json()];
}

const demo = (v: FakeVersion) => ({ uid: fakes[v]!.users.demo.uid, secret: fakes[v]!.users.demo.password });
const DEFAULTS = { type: "contact", active: true };

describe("default_get's parameter: `fields` in 19, `fields_list` before (res.partner's override: `default_fields`)", () => {
  test("19 JSON-2 takes {fields}, as its /doc-bearer capture documents, and refuses fields_list", async () => {
    expect(await json2("res.partner", "default_get", { fields: ["type", "active", "name"] })).toEqual([200, DEFAULTS]);
    const [status, error] = await json2("res.partner", "default_get", { fields_list: ["type"] });
    expect(status).toBe(422);
    expect(error).toMatchObject({ message: "got an unexpected keyword argument 'fields_list'" });
    expect((await json2("res.partner.category", "default_get", { fields: ["active"] }))[1]).toEqual({ active: true });
  });

  test("19 JSON-RPC: `fields` by name; the old name is a TypeError of res.partner's override", async () => {
    const fake = fakes["19.0"]!;
    expect((await executeKw(fake, "res.partner", "default_get", [], { fields: ["type"] })).result).toEqual({
      type: "contact",
    });
    expect(
      (await executeKw(fake, "res.partner", "default_get", [], { fields_list: ["type"] })).error?.data,
    ).toMatchObject({
      name: "builtins.TypeError",
      message: "ResPartner.default_get() got an unexpected keyword argument 'fields_list'",
    });
  });

  test("17/18: res.partner's override takes default_fields, other models BaseModel's fields_list", async () => {
    for (const v of ["17.0", "18.0"] as FakeVersion[]) {
      const fake = fakes[v]!;
      const byName = await executeKw(fake, "res.partner", "default_get", [], { default_fields: ["type", "active"] });
      expect(byName.result).toEqual(DEFAULTS);
      expect((await executeKw(fake, "res.partner", "default_get", [["type", "active"]])).result).toEqual(DEFAULTS);
      const old = await executeKw(fake, "res.partner", "default_get", [], { fields_list: ["type"] });
      expect(old.error?.data.message).toBe("Partner.default_get() got an unexpected keyword argument 'fields_list'");
      const none = await executeKw(fake, "res.partner", "default_get", []);
      expect(none.error?.data.message).toBe(
        "Partner.default_get() missing 1 required positional argument: 'default_fields'",
      );
      const tags = await executeKw(fake, "res.partner.category", "default_get", [], { fields_list: ["active"] });
      expect(tags.result).toEqual({ active: true });
    }
  });
});

describe("access checks per version", () => {
  test("17: check_access_rights answers True (False without raise_exception), check_access_rule None, no has_access", async () => {
    const fake = fakes["17.0"]!;
    expect((await executeKw(fake, "res.partner", "check_access_rights", ["write"])).result).toBe(true);
    const denied = await executeKw(fake, "ir.config_parameter", "check_access_rights", ["read"], {}, demo("17.0"));
    expect(denied.error?.data.name).toBe("odoo.exceptions.AccessError");
    const quiet = await executeKw(
      fake,
      "ir.config_parameter",
      "check_access_rights",
      ["read", false],
      {},
      demo("17.0"),
    );
    expect(quiet.result).toBe(false);
    // Record rules only: the demo user's missing ACL on ir.config_parameter is not its business.
    const rule = await executeKw(fake, "ir.config_parameter", "check_access_rule", [[1], "read"], {}, demo("17.0"));
    expect(Object.keys(rule).sort()).toEqual(["id", "jsonrpc"]);
    expect((await executeKw(fake, "res.partner", "has_access", [[3], "read"])).error?.data).toMatchObject({
      name: "builtins.AttributeError",
      message: "The method 'has_access' does not exist on the model 'res.partner'",
    });
  });

  test("18: check_access_rights returns None (deprecated for check_access), has_access a bool", async () => {
    const fake = fakes["18.0"]!;
    const none = await executeKw(fake, "res.partner", "check_access_rights", ["write"]);
    expect(Object.keys(none).sort()).toEqual(["id", "jsonrpc"]);
    const kw = await executeKw(fake, "res.partner", "check_access_rights", [], {
      operation: "unlink",
      raise_exception: false,
    });
    expect(kw.result).toBe(true);
    expect((await executeKw(fake, "res.partner", "has_access", [[3], "write"])).result).toBe(true);
    const d = demo("18.0");
    expect((await executeKw(fake, "ir.config_parameter", "has_access", [[], "read"], {}, d)).result).toBe(false);
    const rule = await executeKw(fake, "ir.config_parameter", "check_access_rule", [[1], "read"], {}, d);
    expect(rule.error?.data.name).toBe("odoo.exceptions.AccessError");
  });

  test("19 JSON-2: has_access on records; check_access_rights is @api.model; check_access stays private", async () => {
    expect(await json2("res.partner", "has_access", { ids: [3], operation: "read" })).toEqual([200, true]);
    expect(await json2("ir.config_parameter", "has_access", { operation: "read" }, "<apikey_demo>")).toEqual([
      200,
      false,
    ]);
    expect(await json2("res.partner", "check_access_rights", { operation: "read", raise_exception: false })).toEqual([
      200,
      true,
    ]);
    expect(await json2("res.partner", "check_access_rights", { operation: "read" })).toEqual([200, null]);
    expect((await json2("res.partner", "check_access_rights", { ids: [3], operation: "read" }))[0]).toBe(422);
    expect((await json2("res.partner", "check_access", { ids: [3], operation: "read" }))[0]).toBe(403);
  });

  test("19's /doc-bearer lists has_access but no deprecated method (check_access_rights, check_access_rule)", async () => {
    const fake = fakes["19.0"]!;
    const res = await fetch(`${fake.url}/doc-bearer/res.partner.json`, {
      headers: { Authorization: "bearer <apikey_admin>" },
    });
    const methods = ((await res.json()) as { methods: Record<string, { signature: string }> }).methods;
    expect(methods.has_access?.signature).toBe("(operation) -> bool");
    expect(methods.check_access_rights).toBeUndefined();
    expect(methods.check_access_rule).toBeUndefined();
  });

  test("an operation that is none of read/write/create/unlink fails ir.model.access's assertion", async () => {
    for (const [v, method] of [
      ["17.0", "check_access_rights"],
      ["18.0", "has_access"],
      ["18.0", "check_access"],
      ["19.0", "check_access_rights"],
    ] as const) {
      const args = method === "check_access_rights" ? ["delete"] : [[3], "delete"];
      const err = (await executeKw(fakes[v]!, "res.partner", method, args)).error?.data;
      expect(err).toMatchObject({ name: "builtins.AssertionError", message: "Invalid access mode" });
    }
  });
});

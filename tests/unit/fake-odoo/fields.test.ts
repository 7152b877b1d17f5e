import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { CAPTURES } from "../odoo/captures.ts";
import { executeKw } from "./rpc.ts";

// res.partner's fields per version, against what Odoo itself describes: 19's /doc-bearer capture carries the full
// fields_get of every field (the replay test compares that capture by shape only).
const doc = JSON.parse(readFileSync(join(CAPTURES, "19.0/doc_bearer_model.json"), "utf8")) as {
  response: { body: { fields: Record<string, Record<string, unknown>> } };
};

const fakes: Partial<Record<FakeVersion, FakeOdoo>> = {};
beforeAll(async () => {
  for (const v of ["17.0", "18.0", "19.0"] as FakeVersion[]) fakes[v] = await startFakeOdoo({ version: v });
});
afterAll(async () => {
  for (const f of Object.values(fakes)) await f.stop();
});

type Described = Record<string, Record<string, unknown>>;
const fieldsGet = async (v: FakeVersion, args: unknown[] = [], kwargs: Record<string, unknown> = {}) =>
  (await executeKw(fakes[v]!, "res.partner", "fields_get", args, kwargs)).result as Described;

describe("res.partner's fields per version", () => {
  test("19: every field the fake has is described exactly as Odoo 19 describes it", async () => {
    const mine = await fieldsGet("19.0");
    const real = doc.response.body.fields;
    const differences: string[] = [];
    for (const [name, attrs] of Object.entries(mine)) {
      const { module: _module, ...expected } = real[name] ?? {};
      if (!real[name]) differences.push(`${name}: not a field of Odoo 19's res.partner`);
      else if (JSON.stringify(attrs) !== JSON.stringify(expected)) {
        for (const key of new Set([...Object.keys(attrs), ...Object.keys(expected)])) {
          if (JSON.stringify(attrs[key]) !== JSON.stringify(expected[key])) differences.push(`${name}.${key}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  test("mobile: in base up to 18, gone in 19 (the 19 capture has none)", async () => {
    for (const v of ["17.0", "18.0"] as FakeVersion[]) {
      expect((await fieldsGet(v, [["mobile"]], { attributes: ["type"] })).mobile).toEqual({ type: "char" });
    }
    expect(doc.response.body.fields.mobile).toBeUndefined();
    expect(await fieldsGet("19.0", [["mobile"]], { attributes: ["type"] })).toEqual({});
    const read = await executeKw(fakes["19.0"]!, "res.partner", "read", [[3], ["mobile"]]);
    expect(read.error?.data).toMatchObject({ name: "builtins.ValueError" });
  });

  test("address types are labelled 'Invoice Address'… up to 18 and 'Invoice'… in 19", async () => {
    const type = async (v: FakeVersion) => (await fieldsGet(v, [["type"]], { attributes: ["selection"] })).type;
    expect((await type("17.0"))?.selection).toContainEqual(["invoice", "Invoice Address"]);
    expect((await type("19.0"))?.selection).toEqual([
      ["contact", "Contact"],
      ["invoice", "Invoice"],
      ["delivery", "Delivery"],
      ["other", "Other"],
    ]);
  });

  test("lang offers the installed languages (English only) and tz every time zone", async () => {
    const meta = await fieldsGet("18.0", [["lang", "tz"]], { attributes: ["selection"] });
    expect(meta.lang?.selection).toEqual([["en_US", "English (US)"]]);
    const zones = meta.tz?.selection as [string, string][];
    expect(zones).toContainEqual(["Europe/Brussels", "Europe/Brussels"]);
    expect(zones).toContainEqual(["America/New_York", "America/New_York"]);
    expect(zones.length).toBeGreaterThan(500);
  });
});

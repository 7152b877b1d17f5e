import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { guardClient } from "../../../src/trust/guard.ts";
import { Policy } from "../../../src/trust/policy.ts";
import { likePattern, trackingDomain } from "../../../src/trust/tracking.ts";
import { adminClient } from "../../support/odoo.ts";

type Rows = Array<Record<string, unknown>>;

describe("the tracking domain", () => {
  test("globs become LIKE patterns, Odoo's own wildcards and the escape taken literally", () => {
    expect(likePattern("api_key*")).toBe("api\\_key%");
    expect(likePattern("totp_?")).toBe("totp\\__");
    expect(likePattern("50%\\x")).toBe("50\\%\\\\x");
  });

  test("one `!` per denied field, model-scoped or not; model rules only when there are some", () => {
    const domain = trackingDomain(
      new Policy({ fields: { deny_secrets: false, deny: ["vat", "res.partner:email*"] } }),
      [],
    );
    expect(domain).toEqual([
      ["field_id", "!=", false],
      "!",
      ["field_id.name", "=like", "vat"],
      "!",
      "&",
      ["field_id.model", "=like", "res.partner"],
      ["field_id.name", "=like", "email%"],
    ]);
    // The default secrets are denied fields too: a tracked token or password change stays out.
    const secrets = JSON.stringify(trackingDomain(new Policy({}), []));
    expect(secrets).toContain(JSON.stringify(["field_id.name", "=like", "%\\_token"]));
    expect(secrets).toContain(JSON.stringify(["field_id.name", "=like", "password"]));
    const models = trackingDomain(new Policy({ fields: { deny_secrets: false }, models: { allow: ["res.*"] } }), []);
    expect(models).toEqual([
      ["field_id", "!=", false],
      ["field_id.model", "=like", "res.%"],
      "|",
      ["field_id.relation", "=", false],
      ["field_id.relation", "=like", "res.%"],
    ]);
  });
});

// Tracked on the fake's res.partner: email, phone, parent_id, user_id, vat.
const POLICY = new Policy({
  models: { deny: ["res.users"] },
  // `emai_` is a glob without wildcards: it names no field, and must not hide `email` as a LIKE `_` would.
  fields: { deny: ["res.partner:phone", "vat", "res.partner:emai_"] },
});

/** An Odoo client counting the calls that reach Odoo. */
function counting(inner: OdooClient): OdooClient & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign(Object.create(inner) as OdooClient, {
    calls,
    executeKw: (model: string, method: string, ...rest: unknown[]) => {
      calls.push(`${model}.${method}`);
      return (inner.executeKw as (...a: unknown[]) => Promise<unknown>)(model, method, ...rest);
    },
  });
}

describe.each(["17.0", "18.0", "19.0"] as FakeVersion[])("tracking values under a policy (Odoo %s)", (version) => {
  let odoo: FakeOdoo;
  let raw: OdooClient;
  let inner: ReturnType<typeof counting>;
  let guarded: OdooClient;
  let all: Rows;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version });
    raw = adminClient(odoo);
    await raw.executeKw("res.partner", "write", [
      [3],
      { email: "shown@example.com", phone: "+32 HIDDEN", vat: "BE0HIDDEN", user_id: 2 },
    ]);
    all = await raw.executeKw<Rows>("mail.tracking.value", "search_read", [[]], {
      fields: ["field_id", "new_value_char", "mail_message_id"],
    });
    inner = counting(raw);
    guarded = guardClient(inner, POLICY);
  });
  afterAll(async () => {
    await raw?.close();
    await odoo?.stop();
  });
  const idOf = (label: string) => all.find((r) => (r.field_id as [number, string])[1].startsWith(label))!.id as number;

  test("searches, counts and groups leave out denied fields and relations to hidden models, in the one call", async () => {
    expect(all).toHaveLength(4);
    const read = () =>
      guarded.executeKw<Rows>("mail.tracking.value", "search_read", [[]], { fields: ["field_id", "new_value_char"] });
    expect((await read()).map((r) => r.new_value_char)).toEqual(["shown@example.com"]);
    // Once the model's fields are known (the guard's cached fields_get under a model policy): no call but the search.
    inner.calls.length = 0;
    await read();
    expect(inner.calls).toEqual(["mail.tracking.value.search_read"]);
    expect(await guarded.executeKw("mail.tracking.value", "search_count", [[]])).toBe(1);
    expect(await guarded.executeKw("mail.tracking.value", "search", [[["id", "!=", 0]]])).toEqual([idOf("Email")]);
    const groups = await guarded.executeKw("mail.tracking.value", "read_group", [[], ["field_id"], ["field_id"]]);
    const text = JSON.stringify(groups);
    expect(text).toContain("Email");
    expect(text).not.toMatch(/Phone|Tax|Salesperson|vat|phone|__domain/);
  });

  test("ids naming a hidden tracking row are answered like missing records", async () => {
    const err = await guarded.executeKw("mail.tracking.value", "read", [[idOf("Phone")]]).catch((e: Error) => e);
    expect(String(err)).toContain("Record does not exist");
    expect(String(err)).not.toContain("HIDDEN");
    const [row] = await guarded.executeKw<Rows>("mail.tracking.value", "read", [[idOf("Email")], ["new_value_char"]]);
    expect(row!.new_value_char).toBe("shown@example.com");
  });

  test("a message's tracking values read with it keep only the visible ones", async () => {
    const [message] = all[0]!.mail_message_id as [number, string];
    const spec = { tracking_value_ids: { fields: { new_value_char: {}, field_id: { fields: { display_name: {} } } } } };
    const read = await guarded.executeKw("mail.message", "web_read", [[message]], { specification: spec });
    expect(JSON.stringify(read)).toContain("shown@example.com");
    expect(JSON.stringify(read)).not.toMatch(/HIDDEN|Salesperson|Mitchell/);
    if (version === "17.0") {
      const formatted = await guarded.executeKw("mail.message", "message_format", [[message]]);
      expect(JSON.stringify(formatted)).toContain("shown@example.com");
      expect(JSON.stringify(formatted)).not.toMatch(/HIDDEN|Salesperson|"phone"|"vat"/);
    }
  });

  test("the demo user, who may not read mail.tracking.value, gets no nested tracking value at all", async () => {
    if (version !== "17.0") return;
    const demo = adminClient(odoo, { login: odoo.users.demo.login, password: odoo.users.demo.password });
    try {
      const [message] = all[0]!.mail_message_id as [number, string];
      const formatted = await guardClient(demo, POLICY).executeKw<Rows>("mail.message", "message_format", [[message]]);
      expect(formatted[0]!.trackingValues).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});

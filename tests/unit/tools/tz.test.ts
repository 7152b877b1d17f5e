import { describe, expect, test } from "bun:test";
import { toLocal, toUtc, utcValues } from "../../../src/tools/tz.ts";
import { type Session, suite } from "../mcp/harness.ts";

describe("time zones", () => {
  test("UTC → local with the offset of that date (summer time included)", () => {
    expect(toLocal("2024-01-31 23:30:00", "Europe/Brussels")).toBe("2024-02-01 00:30:00+01:00");
    expect(toLocal("2024-07-01 12:00:00", "Europe/Brussels")).toBe("2024-07-01 14:00:00+02:00");
    expect(toLocal("2024-07-01 12:00:00", "America/New_York")).toBe("2024-07-01 08:00:00-04:00");
    expect(toLocal("2024-07-01 12:00:00", "Asia/Kolkata")).toBe("2024-07-01 17:30:00+05:30");
    expect(toLocal("2024-07-01", "Europe/Brussels")).toBeUndefined();
  });

  test("a time with an explicit offset → Odoo's naive UTC; without one it is left alone", () => {
    expect(toUtc("2024-02-01 00:30:00+01:00")).toBe("2024-01-31 23:30:00");
    expect(toUtc("2024-07-01T14:00+0200")).toBe("2024-07-01 12:00:00");
    expect(toUtc("2024-07-01T12:00:00Z")).toBe("2024-07-01 12:00:00");
    expect(toUtc("2024-07-01 12:00:00")).toBeUndefined();
    expect(
      utcValues(
        { date: "2024-07-01 14:00:00+02:00", name: "14:00+02:00" },
        { date: { type: "datetime" }, name: { type: "char" } },
      ),
    ).toEqual({ date: "2024-07-01 12:00:00", name: "14:00+02:00" });
  });
});

const call = (session: Session, name: string, args: Record<string, unknown>) =>
  session.client.callTool({ name, arguments: args });

describe.each(["17.0", "18.0", "19.0"] as const)("local times and per-call context against Odoo %s", (version) => {
  const live = suite({ version });

  test("create takes a local time with its offset; read gives UTC, and local times under __local with context.tz", async () => {
    const created = await call(live.session, "odoo_create", {
      model: "mail.message",
      values: { body: "tz", model: "res.partner", res_id: 9, date: "2024-07-01 14:00:00+02:00" },
    });
    const id = (created.structuredContent as { id: number }).id;
    const plain = await call(live.session, "odoo_read", { model: "mail.message", ids: [id], fields: ["date"] });
    expect((plain.structuredContent as { records: unknown[] }).records[0]).toEqual({ id, date: "2024-07-01 12:00:00" });
    const local = await call(live.session, "odoo_search_read", {
      model: "mail.message",
      domain: [["id", "=", id]],
      fields: ["date"],
      context: { tz: "America/New_York" },
    });
    expect((local.structuredContent as { records: unknown[] }).records[0]).toEqual({
      id,
      date: "2024-07-01 12:00:00",
      __local: { date: "2024-07-01 08:00:00-04:00" },
    });
    await call(live.session, "odoo_write", {
      model: "mail.message",
      ids: [id],
      values: { date: "2024-07-01T09:00:00Z" },
      context: { lang: "en_US" },
    });
    const again = await call(live.session, "odoo_read", {
      model: "mail.message",
      ids: [id],
      fields: ["date"],
      context: { tz: "Europe/Brussels" },
    });
    expect((again.structuredContent as { records: Array<Record<string, unknown>> }).records[0]?.["__local"]).toEqual({
      date: "2024-07-01 11:00:00+02:00",
    });
  });

  test("the per-call context reaches Odoo: company_id as allowed_company_ids, over the configured defaults", async () => {
    live.backend.calls.length = 0;
    await call(live.session, "odoo_create", {
      model: "res.partner.category",
      values: { name: "ctx" },
      context: { company_id: 1, lang: "en_US" },
    });
    const sent = live.backend.calls.find((c) => c.method === "create");
    expect(sent?.kwargs["context"]).toMatchObject({ allowed_company_ids: [1], lang: "en_US" });
    live.backend.fake.reset();
  });
});

describe("a configured time zone (context.tz in the config) on 18.0", () => {
  const live = suite({ version: "18.0", config: { context: { tz: "Asia/Kolkata" } } });

  test("read adds __local in the configured zone; a per-call tz wins", async () => {
    const read = await call(live.session, "odoo_read", { model: "res.partner", ids: [9], fields: ["write_date"] });
    const record = (read.structuredContent as { records: Array<Record<string, unknown>> }).records[0];
    const utc = String(record?.["write_date"]);
    expect(record?.["__local"]).toEqual({ write_date: toLocal(utc, "Asia/Kolkata") });
    expect(String((record?.["__local"] as Record<string, string> | undefined)?.["write_date"])).toEndWith("+05:30");
    const other = await call(live.session, "odoo_read", {
      model: "res.partner",
      ids: [9],
      fields: ["write_date"],
      context: { tz: "UTC" },
    });
    const local = (other.structuredContent as { records: Array<Record<string, unknown>> }).records[0]?.["__local"];
    expect(local).toEqual({ write_date: `${utc}+00:00` });
  });
});

import { describe, expect, test } from "bun:test";
import type { FakeOdoo } from "../../../src/fake-odoo/index.ts";
import { everyVersion, executeKw } from "./rpc.ts";

const fakes = everyVersion();

/** A partner created at `utc` (the fake's clock frozen meanwhile). */
async function createdAt(fake: FakeOdoo, utc: string, name: string): Promise<void> {
  fake.setClock(() => `${utc}.000000`);
  try {
    await executeKw(fake, "res.partner", "create", [{ name }]);
  } finally {
    fake.setClock(undefined);
  }
}

type Group = Record<string, unknown>;

describe("date grouping in the context's time zone", () => {
  test("17/18 read_group: the local bucket's label, __range and __domain in naive UTC", async () => {
    for (const version of ["17.0", "18.0"] as const) {
      const fake = fakes[version];
      // Sunday March 29th, 2026, 00:30 in Brussels (still CET, UTC+1: summer time starts at 01:00 UTC that day).
      await createdAt(fake, "2026-03-28 23:30:00", "Weekend Shift");
      const kwargs = { lazy: false, context: { tz: "Europe/Brussels" } };
      const domain = [["name", "=", "Weekend Shift"]];
      const [week] = (await executeKw(fake, "res.partner", "read_group", [domain, [], ["create_date:week"]], kwargs))
        .result as Group[];
      // en_US weeks start on Sunday: this one at local midnight (23:00 UTC), ending in summer time (22:00 UTC).
      expect(week?.["create_date:week"]).toBe("W14 2026");
      expect(week?.["__range"]).toEqual({
        "create_date:week": { from: "2026-03-28 23:00:00", to: "2026-04-04 22:00:00" },
      });
      const [hour] = (await executeKw(fake, "res.partner", "read_group", [domain, [], ["create_date:hour"]], kwargs))
        .result as Group[];
      expect(hour?.["create_date:hour"]).toBe("12:00 29 Mar");
      expect(hour?.["__domain"]).toEqual([
        "&",
        ["name", "=", "Weekend Shift"],
        "&",
        ["create_date", ">=", "2026-03-28 23:00:00"],
        ["create_date", "<", "2026-03-29 00:00:00"],
      ]);
      // Without a time zone (or with one pytz does not know), UTC: still Saturday the 28th.
      for (const context of [{}, { tz: "Mars/Olympus" }]) {
        const [day] = (
          await executeKw(fake, "res.partner", "read_group", [domain, [], ["create_date:day"]], {
            lazy: false,
            context,
          })
        ).result as Group[];
        expect(day?.["create_date:day"]).toBe("28 Mar 2026");
      }
    }
  });

  test("19 formatted_read_group: a datetime bucket is [naive UTC start with its time, local label]", async () => {
    const fake = fakes["19.0"];
    await createdAt(fake, "2026-12-31 23:30:00", "New Year Co");
    const [group] = (
      await executeKw(fake, "res.partner", "formatted_read_group", [], {
        domain: [["name", "=", "New Year Co"]],
        groupby: ["create_date:year"],
        aggregates: ["__count"],
        context: { tz: "Europe/Brussels" },
      })
    ).result as Group[];
    expect(group?.["create_date:year"]).toEqual(["2026-12-31 23:00:00", "2027"]);
    expect(group?.["__extra_domain"]).toEqual([
      "&",
      ["create_date", ">=", "2026-12-31 23:00:00"],
      ["create_date", "<", "2027-12-31 23:00:00"],
    ]);
  });
});

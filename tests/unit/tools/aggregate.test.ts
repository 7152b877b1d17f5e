import { describe, expect, test } from "bun:test";
import { type Session, suite, text } from "../mcp/harness.ts";
import { requestsDuring } from "./requests.ts";

const aggregate = (session: Session, args: Record<string, unknown>) =>
  session.client.callTool({ name: "odoo_aggregate", arguments: { model: "res.partner", ...args } });

interface Out {
  groups: Array<{ key: Record<string, unknown>; count: number; values: Record<string, unknown>; domain: unknown[] }>;
  api: string;
  note?: string;
}

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_aggregate against Odoo %s", (version) => {
  const live = suite({ version });
  const api = version === "19.0" ? "formatted_read_group" : "read_group";

  test(`uses ${api}, one request, and answers the one shape`, async () => {
    await aggregate(live.session, { groupby: ["is_company"] }); // fields_get for the checks, cached
    live.backend.calls.length = 0;
    const { result, requests } = await requestsDuring(live.backend, () =>
      aggregate(live.session, {
        groupby: ["is_company"],
        aggregates: ["__count", "id:count"],
        domain: [["active", "=", true]],
      }),
    );
    expect(requests).toBe(1);
    expect(live.backend.calls.map((c) => c.method)).toEqual([api]);
    const out = result.structuredContent as unknown as Out;
    expect(out.api).toBe(api);
    expect(out.groups.map((g) => g.key)).toEqual([{ is_company: false }, { is_company: true }]);
    for (const g of out.groups) expect(g.values["id:count"]).toBe(g.count);
    const count = await live.session.client.callTool({
      name: "odoo_search_count",
      arguments: { model: "res.partner", domain: out.groups[1]?.domain },
    });
    expect((count.structuredContent as { count: number }).count).toBe(out.groups[1]?.count ?? -1);
  });

  test("a many2one groups as {id, name}; order by count; limit", async () => {
    const result = await aggregate(live.session, {
      groupby: ["country_id"],
      order: "__count desc",
      limit: 1,
    });
    const out = result.structuredContent as unknown as Out;
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]?.key["country_id"]).toEqual({ id: 233, name: "United States" });
  });

  test("a date granularity gives {value, label}", async () => {
    const result = await aggregate(live.session, { groupby: ["create_date:month"] });
    const out = result.structuredContent as unknown as Out;
    const key = out.groups[0]?.key["create_date:month"] as { value: string; label: string };
    expect(key.value).toMatch(/^\d{4}-\d{2}-01$/);
    expect(key.label).toMatch(/^[A-Z][a-z]+ \d{4}$/);
  });

  test("datetimes are bucketed in the call's time zone: local buckets, UTC bounds in the domain", async () => {
    // Created at 23:30 UTC on January 31st: still January in UTC, already February 1st in Brussels (UTC+1).
    live.backend.fake.setClock(() => "2026-01-31 23:30:00.000000");
    try {
      await live.backend.deps.odoo.executeKw("res.partner", "create", [{ name: "Late Night Ltd" }]);
    } finally {
      live.backend.fake.setClock(undefined);
    }
    const domain = [["name", "=", "Late Night Ltd"]];
    const utc = (await aggregate(live.session, { domain, groupby: ["create_date:month"] }))
      .structuredContent as unknown as Out;
    expect(utc.groups.map((g) => g.key["create_date:month"])).toEqual([{ value: "2026-01-01", label: "January 2026" }]);
    live.backend.calls.length = 0;
    const result = await aggregate(live.session, {
      domain,
      groupby: ["create_date:month", "create_date:day"],
      context: { tz: "Europe/Brussels" },
    });
    expect(live.backend.calls.find((c) => c.method.includes("group"))?.kwargs["context"]).toMatchObject({
      tz: "Europe/Brussels",
    });
    const [group] = (result.structuredContent as unknown as Out).groups;
    expect(group?.key).toEqual({
      "create_date:month": { value: "2026-02-01", label: "February 2026" },
      "create_date:day": { value: "2026-02-01", label: "01 Feb 2026" },
    });
    // The group's domain holds Odoo's UTC bounds of the local month, and selects the record.
    expect(group?.domain).toContainEqual(["create_date", ">=", "2026-01-31 23:00:00"]);
    expect(group?.domain).toContainEqual(["create_date", "<", "2026-02-28 23:00:00"]);
    const count = await live.session.client.callTool({
      name: "odoo_search_count",
      arguments: { model: "res.partner", domain: group?.domain },
    });
    expect((count.structuredContent as { count: number }).count).toBe(1);
  });

  test("having keeps the groups whose aggregates satisfy it, on every version", async () => {
    const all = (await aggregate(live.session, { groupby: ["country_id"] })).structuredContent as unknown as Out;
    const result = await aggregate(live.session, { groupby: ["country_id"], having: [["__count", ">", 1]] });
    const out = result.structuredContent as unknown as Out;
    expect(out.groups.length).toBeGreaterThan(0);
    expect(out.groups.every((g) => g.count > 1)).toBe(true);
    expect(out.groups.length).toBe(all.groups.filter((g) => g.count > 1).length);
    if (api === "read_group") expect(out.note).toContain("having");
  });

  test("refused: unknown field, function and granularity, before asking Odoo", async () => {
    live.backend.calls.length = 0;
    const field = await aggregate(live.session, { groupby: ["contry_id"] });
    expect(field.isError).toBe(true);
    expect(text(field)).toContain("did you mean 'country_id'");
    const fn = await aggregate(live.session, { groupby: ["country_id"], aggregates: ["id:median"] });
    expect(text(fn)).toContain("Unknown aggregate function 'median'");
    const granularity = await aggregate(live.session, { groupby: ["create_date:decade"] });
    expect(text(granularity)).toContain("Unknown granularity 'decade'");
    expect(live.backend.calls.filter((c) => c.method.includes("group"))).toHaveLength(0);
  });
});

describe("odoo_aggregate over JSON-2 (Odoo 19, API key)", () => {
  const live = suite({ version: "19.0", apiKey: true });

  test("formatted_read_group by name", async () => {
    const result = await aggregate(live.session, { groupby: ["is_company"], domain: [["active", "=", true]] });
    const out = result.structuredContent as unknown as Out;
    expect(out.api).toBe("formatted_read_group");
    expect(out.groups.map((g) => g.count)).toEqual([28, 10]);
  });
});

describe("odoo_aggregate with a configured time zone (context.tz in the configuration, Odoo 18)", () => {
  const live = suite({ version: "18.0", config: { context: { tz: "Asia/Tokyo" } } });

  test("the configured tz buckets datetimes when the call names none", async () => {
    // 16:00 UTC on March 31st is 01:00 on April 1st in Tokyo (UTC+9).
    live.backend.fake.setClock(() => "2026-03-31 16:00:00.000000");
    try {
      await live.backend.deps.odoo.executeKw("res.partner", "create", [{ name: "Tokyo Trading" }]);
    } finally {
      live.backend.fake.setClock(undefined);
    }
    const result = await aggregate(live.session, {
      domain: [["name", "=", "Tokyo Trading"]],
      groupby: ["create_date:quarter"],
    });
    const [group] = (result.structuredContent as unknown as Out).groups;
    expect(group?.key["create_date:quarter"]).toEqual({ value: "2026-04-01", label: "Q2 2026" });
    expect(group?.domain).toContainEqual(["create_date", ">=", "2026-03-31 15:00:00"]);
  });
});

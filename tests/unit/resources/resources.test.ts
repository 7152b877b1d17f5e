import { describe, expect, test } from "bun:test";
import { connect, type Session, suite } from "../mcp/harness.ts";

const live = suite({ config: { limits: { default_limit: 10, max_limit: 20, binary_max_bytes: 200 } } });

const read = (uri: string) => live.session.client.readResource({ uri });
const json = async (uri: string) => JSON.parse(String((await read(uri)).contents[0]?.["text"]));
const failure = (uri: string, s: Session = live.session) =>
  s.client.readResource({ uri }).then(
    () => undefined,
    (e: { code?: number; message?: string; data?: unknown }) => e,
  );

type ListPage = {
  count: number;
  offset: number;
  limit: number;
  records: Array<{ id: number; display_name: string; uri: string }>;
  next_page: string | null;
};

describe("resource templates", () => {
  test("the three documented templates are listed", async () => {
    const { resourceTemplates } = await live.session.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "odoo://{model}/binary/{field}/{id}",
      "odoo://{model}/list",
      "odoo://{model}/{id}",
    ]);
  });

  test("resources/list offers a list page for each common model this Odoo has, and each one reads", async () => {
    const listResources = (
      live.session.client as unknown as {
        listResources(): Promise<{ resources: Array<{ uri: string; title?: string; mimeType?: string }> }>;
      }
    ).listResources.bind(live.session.client);
    const { resources } = await listResources();
    // The fake has no sales or accounting apps installed: only the base models it has are offered.
    expect(resources.map((r) => r.uri)).toEqual([
      // The MCP Apps views (src/apps), declared for hosts to review: see tests/unit/apps.
      "ui://odoo-mcp/records.html",
      "ui://odoo-mcp/record.html",
      "ui://odoo-mcp/chart.html",
      "odoo://res.partner/list",
      "odoo://res.users/list",
      "odoo://res.company/list",
    ]);
    expect(resources[3]).toMatchObject({ title: "Contacts", mimeType: "application/json" });
    for (const r of resources.filter((r) => r.uri.startsWith("odoo://"))) {
      expect((await json(r.uri)).records.length).toBeGreaterThan(0);
    }
  });

  test("model names complete from ir.model; binary field names from the chosen model", async () => {
    const models = await live.session.client.complete({
      ref: { type: "ref/resource", uri: "odoo://{model}/{id}" },
      argument: { name: "model", value: "res.pa" },
    });
    expect(models.completion.values).toEqual(["res.partner", "res.partner.category"]);
    const inside = await live.session.client.complete({
      ref: { type: "ref/resource", uri: "odoo://{model}/list" },
      argument: { name: "model", value: "attach" },
    });
    expect(inside.completion.values).toEqual(["ir.attachment"]);
    const fields = await live.session.client.complete({
      ref: { type: "ref/resource", uri: "odoo://{model}/binary/{field}/{id}" },
      argument: { name: "field", value: "image" },
      context: { arguments: { model: "res.partner" } },
    });
    expect(fields.completion.values.sort()).toEqual(["image_128", "image_1920"]);
  });
});

describe("record and list resources", () => {
  test("odoo://res.partner/1 is the record as JSON with its main fields", async () => {
    const { contents } = await read("odoo://res.partner/1");
    expect(contents[0]).toMatchObject({ uri: "odoo://res.partner/1", mimeType: "application/json" });
    const record = JSON.parse(String(contents[0]?.["text"]));
    expect(record).toMatchObject({ id: 1, display_name: "YourCompany", name: "YourCompany" });
    expect(Object.keys(record)).not.toContain("image_1920");
  });

  test("odoo://res.partner/list is one bounded page of ids and names that links the next page", async () => {
    const first = (await json("odoo://res.partner/list")) as ListPage;
    expect(first.records).toHaveLength(10);
    expect(first.records[0]).toEqual({
      id: expect.any(Number),
      display_name: expect.any(String),
      uri: expect.any(String),
    });
    expect(first.next_page).toBe("odoo://res.partner/list?offset=10&limit=10");
    const all = [...first.records];
    let next = first.next_page;
    while (next) {
      const page = (await json(next)) as ListPage;
      all.push(...page.records);
      next = page.next_page;
    }
    expect(new Set(all.map((r) => r.id)).size).toBe(first.count);
    expect(all.find((r) => r.id === 1)).toEqual({ id: 1, display_name: "YourCompany", uri: "odoo://res.partner/1" });
  });

  test("?limit= is honoured up to the cap", async () => {
    expect(((await json("odoo://res.partner/list?limit=3&offset=2")) as ListPage).records).toHaveLength(3);
    expect(((await json("odoo://res.partner/list?limit=500")) as ListPage).limit).toBe(20);
  });
});

describe("binary resources", () => {
  test("an attachment comes as a base64 blob with its stored MIME type", async () => {
    const { contents } = await read("odoo://ir.attachment/binary/datas/1");
    expect(contents[0]?.["mimeType"]).toBe("image/png");
    expect(Buffer.from(String(contents[0]?.["blob"]), "base64").subarray(1, 4).toString()).toBe("PNG");
  });

  test("another model's binary field: the MIME type is sniffed from the bytes", async () => {
    const { contents } = await read("odoo://res.partner/binary/image_1920/1");
    expect(contents[0]?.["mimeType"]).toBe("image/png");
  });

  test("over limits.binary_max_bytes is refused before the content is transferred", async () => {
    // The PDF attachment is larger than the 200-byte limit of this live.backend.
    const pdf = await failure("odoo://ir.attachment/binary/datas/2");
    expect(pdf?.code).toBe(-32000);
    expect(pdf?.message).toContain("over the 200 bytes limit");
    const reads = live.backend.calls.filter((c) => c.method === "read");
    expect(reads.map((c) => c.kwargs["fields"])).toEqual([["file_size", "mimetype"]]);

    await live.session.client.callTool({
      name: "odoo_write",
      arguments: { model: "res.partner", ids: [3], values: { image_1920: Buffer.alloc(400, 7).toString("base64") } },
    });
    live.backend.calls.length = 0;
    const image = await failure("odoo://res.partner/binary/image_1920/3");
    expect(image?.code).toBe(-32000);
    expect(live.backend.calls.filter((c) => c.method === "read").map((c) => c.kwargs["context"])).toEqual([
      { bin_size: true },
    ]);
    live.backend.fake.reset();
  });
});

describe("bad URIs are 'resource not found' with the reason", () => {
  const cases: Array<[string, string]> = [
    ["odoo://res.partner/abc", "Invalid record id 'abc'"],
    ["odoo://no.such.model/1", "Unknown model 'no.such.model'"],
    ["odoo://res.partnr/1", "Did you mean 'res.partner'?"],
    ["odoo://res.partner/999999", "Record res.partner 999999 does not exist"],
    ["odoo://res.partner/binary/name/1", "is a char field, not a binary one"],
    ["odoo://res.partner/binary/imag_1920/1", "did you mean 'image_1920'?"],
    ["odoo://res.partner/binary/image_1920/999999", "Record res.partner 999999 does not exist"],
    ["odoo://res.partner/binary/image_1920/2", "is empty"],
    ["odoo://res.partner/list?limit=x", "Invalid limit 'x'"],
    ["odoo://res.partner/1/2/3", "Unknown resource"],
    ["file:///etc/passwd", "Unknown resource"],
  ];

  test.each(cases)("%s → -32002 on a 2025-era connection", async (uri, reason) => {
    const error = await failure(uri);
    expect(error?.code).toBe(-32002);
    expect(error?.message).toContain(reason);
    expect(error?.data).toEqual({ uri });
  });

  test("a 2026-07-28 connection gets -32602 with data.uri, as that revision requires", async () => {
    const modern = await connect(live.backend.deps, "v2-modern");
    const error = await failure("odoo://res.partner/abc", modern);
    expect(error?.code).toBe(-32602);
    expect(error?.data).toEqual({ uri: "odoo://res.partner/abc" });
    expect(error?.message).toContain("Invalid record id 'abc'");
    await modern.close();
  });

  test("Odoo failing while reading a resource is an application error (-32000)", async () => {
    live.backend.fake.faults.drop = 10;
    const error = await failure("odoo://res.partner/2");
    live.backend.fake.faults.drop = 0;
    expect(error?.code).toBe(-32000);
    expect(error?.message).toContain("Cannot reach Odoo");
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TOOLS } from "../../../src/tools/index.ts";
import { type Backend, connect, FLAVOURS, type Session, startBackend, text } from "./harness.ts";

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend({ version: "19.0" });
});
afterAll(() => backend.stop());

describe.each(FLAVOURS)("the registry with the %s client", (flavour) => {
  let session: Session;
  beforeAll(async () => {
    session = await connect(backend.deps, flavour);
  });
  afterAll(() => session.close());

  test("negotiates the revision the host asked for", () => {
    const init = session.received.find((m) => "result" in m && "protocolVersion" in (m.result as object));
    const expected = { v1: "2025-11-25", "v1-2025-06-18": "2025-06-18", v2: "2025-11-25", "v2-modern": undefined };
    // A 2026-07-28 client discovers instead of initializing.
    expect((init as { result?: { protocolVersion?: string } } | undefined)?.result?.protocolVersion).toBe(
      expected[flavour],
    );
  });

  test("lists every tool, the six documented ones first, with their annotations and the three templates", async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    expect(tools.slice(0, 6).map((t) => t.name)).toEqual([
      "odoo_search_read",
      "odoo_read",
      "odoo_create",
      "odoo_write",
      "odoo_unlink",
      "odoo_call_method",
    ]);
    const unlink = tools.find((t) => t.name === "odoo_unlink");
    expect(unlink?.["annotations"]).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tools.every((t) => typeof t["outputSchema"] === "object")).toBe(true);
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates).toHaveLength(3);
  });

  test("the documented search_read call: structuredContent plus the same JSON as text", async () => {
    const result = await session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: [["active", "=", true]], fields: ["name", "email"], limit: 10 },
    });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual(result.structuredContent as object);
    expect((result.structuredContent as { records: unknown[] }).records.length).toBeGreaterThan(0);
  });

  test("a tool failure is a result with isError, not a protocol error", async () => {
    const result = await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [999999] },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("999999");
  });

  test("an unknown tool is a protocol error (invalid params)", async () => {
    const outcome = await session.client.callTool({ name: "odoo_nope", arguments: {} }).then(
      (r) => (r.isError ? { code: "isError", text: text(r) } : r),
      (e: { code?: number }) => ({ code: e.code }),
    );
    expect(outcome).toMatchObject({ code: -32602 });
  });

  test("reads a record resource and completes model names", async () => {
    const { contents } = await session.client.readResource({ uri: "odoo://res.partner/1" });
    expect(JSON.parse(String(contents[0]?.["text"]))).toMatchObject({ id: 1 });
    const { completion } = await session.client.complete({
      ref: { type: "ref/resource", uri: "odoo://{model}/list" },
      argument: { name: "model", value: "ir.att" },
    });
    expect(completion.values).toEqual(["ir.attachment"]);
  });
});

import { expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { recordOdooCall, registry } from "../../../src/metrics.ts";
import { postMcp, tinyApps } from "./fixtures.ts";

const make = tinyApps();
const post = (h: HttpApp, body: unknown, headers: Record<string, string> = {}) =>
  postMcp(h, body, { accept: "application/json, text/event-stream", ...headers });

// Every way a client can put its own text in a label: the JSON-RPC method (web channel and MCP), the tool name.
const hostile = (i: number) => `m${"x".repeat(20_000)}${i}`;

test("client-chosen names never become label values: unknown methods and tools are one 'other' label", async () => {
  const h = make();
  const before = registry.render().length;
  for (let i = 0; i < 30; i++) {
    await post(h, { jsonrpc: "2.0", id: i, method: hostile(i) });
    await post(h, { jsonrpc: "2.0", id: i, method: "call_tool", params: { name: hostile(i), arguments: {} } });
    await post(h, { jsonrpc: "2.0", id: i, method: hostile(i) }, { "mcp-protocol-version": "2026-07-28" });
    recordOdooCall({ model: hostile(i), method: hostile(i), ms: 1, ok: false });
  }
  const text = registry.render();
  // Each request adds at most a few bounded series, whatever the names' size.
  expect(text.length - before).toBeLessThan(20_000);
  expect(text).not.toContain("xxxxxxxxxx");
  expect(text).toMatch(/odoo_mcp_requests_total\{transport="web",method="other",tool="",status="200"\}/);
  expect(text).toMatch(/odoo_mcp_requests_total\{transport="web",method="call_tool",tool="other",status="200"\}/);
  expect(text).toMatch(/odoo_mcp_odoo_calls_total\{model="other",method="other",outcome="error"\}/);
});

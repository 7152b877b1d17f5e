import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { createMcpServer } from "../../../src/mcp/server.ts";
import { type Backend, startBackend } from "../mcp/harness.ts";
import { tinyApp } from "./fixtures.ts";

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.stop());
const realApp = () => tinyApp({ factory: () => createMcpServer(backend.deps), toolNames: undefined });

// The web channel's method table must not answer with JavaScript's own names (Object.prototype's properties).

const apps: HttpApp[] = [];
afterEach(async () => {
  for (const h of apps.splice(0)) await h.close();
});

const post = async (h: HttpApp, body: unknown) => {
  const res = await h.app.handle(
    new Request("http://localhost:8080/mcp", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return (await res.json()) as { id: unknown; error?: { code: number; message: string } };
};

test("every name Object.prototype carries is an unknown method (-32003), answered with its id", async () => {
  const h = tinyApp();
  apps.push(h);
  const names = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "then"];
  for (const [i, method] of names.entries()) {
    const answer = await post(h, { jsonrpc: "2.0", id: i, method });
    expect({ method, id: answer.id, code: answer.error?.code }).toEqual({ method, id: i, code: -32003 });
  }
});

test("a read_resource URI of any size is a resource error naming a bounded part of it, never an internal error", async () => {
  const h = realApp();
  apps.push(h);
  for (const uri of [`odoo://${"a".repeat(1_000_000)}/1`, `odoo://res.partner/${"9".repeat(500_000)}`]) {
    const answer = await post(h, { jsonrpc: "2.0", id: 7, method: "read_resource", params: { uri } });
    expect(answer.id).toBe(7);
    expect(answer.error?.code).not.toBe(-32603);
    expect(answer.error?.message.length).toBeLessThan(1000);
  }
});

test("an unknown tool's name of any size is quoted in a bounded message", async () => {
  const h = realApp();
  apps.push(h);
  const answer = await post(h, { jsonrpc: "2.0", id: 3, method: "call_tool", params: { name: "t".repeat(500_000) } });
  expect(answer.id).toBe(3);
  expect(answer.error?.code).toBe(-32004);
  expect(answer.error?.message.length).toBeLessThanOrEqual(1000);
});

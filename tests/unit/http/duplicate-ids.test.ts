import { expect, test } from "bun:test";
import { fromJsonSchema, McpServer } from "@modelcontextprotocol/server";
import { StreamableEndpoint } from "../../../src/http/streamable.ts";
import { quietLog } from "./fixtures.ts";

// Issue 8 item 5: a second concurrent request with the id of one in flight (2025 Streamable HTTP session) is answered
// with a JSON-RPC error, and the first still gets its own answer.

function slowServer(): McpServer {
  const server = new McpServer({ name: "slow", version: "1" }, { capabilities: {} });
  server.registerTool(
    "slow",
    { description: "waits", inputSchema: fromJsonSchema<Record<string, never>>({ type: "object", properties: {} }) },
    async () => {
      await Bun.sleep(200);
      return { content: [{ type: "text", text: "done" }] };
    },
  );
  return server;
}

const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

test("two concurrent requests with one id: the second is refused with that id, the first is answered", async () => {
  const e = new StreamableEndpoint({
    factory: () => slowServer(),
    log: quietLog,
    maxBodyBytes: 1 << 20,
    eventStoreMax: 10,
  });
  try {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const opened = await e.handle(new Request("http://localhost/mcp", { method: "POST", headers }), init, "");
    await opened.text();
    const sid = opened.headers.get("mcp-session-id") as string;
    const post = (body: unknown) =>
      e.handle(
        new Request("http://localhost/mcp", { method: "POST", headers: { ...headers, "mcp-session-id": sid } }),
        body,
        "",
      );
    await (await post({ jsonrpc: "2.0", method: "notifications/initialized" })).text();
    const call = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "slow", arguments: {} } };
    const [first, second] = await Promise.all([post(call), post(call)]);
    const texts = await Promise.race([
      Promise.all([first.text(), second.text()]),
      Bun.sleep(5000).then(() => ["timeout", "timeout"]),
    ]);
    const refused = texts.find((t) => t.includes("already used"));
    expect(refused).toBeDefined();
    expect(JSON.parse(refused as string)).toMatchObject({ id: 7, error: { code: -32600 } });
    expect(texts.find((t) => t.includes('"done"'))).toBeDefined();
    // Once answered, the id is free again.
    expect(await (await post(call)).text()).toContain('"done"');
  } finally {
    await e.close();
  }
});

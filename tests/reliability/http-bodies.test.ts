import { afterAll, beforeAll, expect, test } from "bun:test";
import { type LiveHttp, reliableConfig, startLiveHttp } from "../support/live-http.ts";

// Issue 8 item 8: a body of any size over http.max_body_bytes gets the documented JSON-RPC error, never an empty 413.

let live: LiveHttp;
beforeAll(async () => {
  live = await startLiveHttp(reliableConfig({ http: { max_body_bytes: 10_000 } }));
});
afterAll(() => live.stop());

const SIZES = [10_001, 80_000, 1_000_000, 20_000_000];

test.each(SIZES)("a %d-byte body on every POST endpoint is a JSON-RPC 413 naming the limit", async (size) => {
  for (const path of ["/mcp", "/messages?sessionId=x"]) {
    const res = await fetch(`${live.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", pad: "x".repeat(size) }),
    });
    expect(res.status).toBe(413);
    const answer = (await res.json()) as { error: { code: number; message: string } };
    expect(answer.error.message).toContain("10000 bytes");
  }
});

test("the 413's code is the one its client reads as 'invalid request': -32600 on MCP transports, -32002 on the web channel", async () => {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", pad: "x".repeat(20_000) });
  for (const [path, headers, code] of [
    ["/messages?sessionId=x", {}, -32600],
    ["/mcp", { "mcp-protocol-version": "2026-07-28" }, -32600],
    ["/mcp", { "mcp-session-id": "x", "mcp-protocol-version": "2025-11-25" }, -32600],
    ["/mcp", {}, -32002],
  ] as const) {
    const res = await fetch(`${live.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(code);
  }
});

test("a streamed (chunked) body over the limit too; the server keeps serving", async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= 5_000_000) return c.close();
      sent += 100_000;
      c.enqueue(new Uint8Array(100_000).fill(0x20));
    },
  });
  const res = await fetch(`${live.url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  expect(res.status).toBe(413);
  expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32002);
  const ok = await fetch(`${live.url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "list_tools" }),
  });
  expect(ok.status).toBe(200);
});

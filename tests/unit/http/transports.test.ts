import { afterEach, describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SseTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1StreamableTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpServer } from "@modelcontextprotocol/server";
import type { HttpApp } from "../../../src/http/app.ts";
import { tinyApp, tinyServer } from "./fixtures.ts";
import { SseReader } from "./sse-reader.ts";

// Every MCP transport over real HTTP (Bun.serve on port 0), with the SDK clients of both generations.

interface Running {
  base: string;
  h: HttpApp;
  servers: McpServer[];
}
const running: Array<{ h: HttpApp; server: ReturnType<typeof Bun.serve> }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.h.close();
    r.server.stop(true);
  }
});

function start(): Running {
  const servers: McpServer[] = [];
  const h = tinyApp({
    factory: () => {
      const s = tinyServer();
      servers.push(s);
      return s;
    },
  });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 60, fetch: (r) => h.app.handle(r) });
  running.push({ h, server });
  return { base: `http://127.0.0.1:${server.port}`, h, servers };
}

const ACCEPT = "application/json, text/event-stream";
const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/** A 2025 session opened by hand: initialize + initialized, returning the session id. */
async function rawSession(base: string): Promise<string> {
  const init = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: ACCEPT },
    body: JSON.stringify(INIT),
  });
  expect(init.status).toBe(200);
  const sid = init.headers.get("mcp-session-id")!;
  await init.text();
  const initialized = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: ACCEPT,
      "mcp-session-id": sid,
      "mcp-protocol-version": "2025-11-25",
    },
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  expect(initialized.status).toBe(202);
  return sid;
}

const getStream = (base: string, sid: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/mcp`, {
    headers: { accept: "text/event-stream", "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25", ...headers },
  });

describe("Streamable HTTP, 2025 era (sessions)", () => {
  test("v1 SDK client: initialize, list and call tools, read a resource template", async () => {
    const { base } = start();
    const client = new V1Client({ name: "v1", version: "1" });
    await client.connect(new V1StreamableTransport(new URL(`${base}/mcp`)));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["echo"]);
    expect(await client.callTool({ name: "echo", arguments: { text: "v1" } })).toEqual({
      content: [{ type: "text", text: "v1" }],
    });
    const read = await client.readResource({ uri: "odoo://res.partner/1" });
    expect(read.contents[0]?.uri).toBe("odoo://res.partner/1");
    await client.close();
  });

  test("v2 SDK client pinned to the 2025 handshake works on the same path", async () => {
    const { base } = start();
    const client = new Client({ name: "v2-legacy", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    expect(client.getProtocolEra()).toBe("legacy");
    expect(await client.callTool({ name: "echo", arguments: { text: "l" } })).toMatchObject({
      content: [{ text: "l" }],
    });
    await client.close();
  });

  test("the GET stream carries server notifications; a reconnect with Last-Event-ID replays what was missed", async () => {
    const { base, servers } = start();
    const sid = await rawSession(base);
    const first = await getStream(base, sid);
    expect(first.status).toBe(200);
    const reader = new SseReader(first.body!);
    const server = servers.at(-1)!;
    server.sendToolListChanged();
    const live = await reader.nextEvent((e) => e.data !== undefined && e.data !== "");
    expect(JSON.parse(live!.data!)).toMatchObject({ method: "notifications/tools/list_changed" });
    expect(live!.id).toBeTruthy();
    await reader.close();
    server.sendToolListChanged();
    const resumed = await getStream(base, sid, { "last-event-id": live!.id! });
    expect(resumed.status).toBe(200);
    const replay = new SseReader(resumed.body!);
    const again = await replay.nextEvent((e) => e.data !== undefined && e.data !== "");
    expect(JSON.parse(again!.data!)).toMatchObject({ method: "notifications/tools/list_changed" });
    expect(again!.id).not.toBe(live!.id);
    await replay.close();
  });

  test("DELETE ends the session; idle sessions expire; unknown ids get 404", async () => {
    const { base, h } = start();
    const sid = await rawSession(base);
    const del = await fetch(`${base}/mcp`, {
      method: "DELETE",
      headers: { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" },
    });
    expect(del.status).toBe(200);
    const after = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT, "mcp-session-id": sid },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
    const idle = await rawSession(base);
    expect(h.streamable.sessionCount).toBe(1);
    h.streamable.sweep(Date.now() + 60 * 60_000);
    expect(h.streamable.sessionCount).toBe(0);
    expect((await getStream(base, idle)).status).toBe(404);
  });

  test("a session with an open stream is not expired by the idle sweep", async () => {
    const { base, h } = start();
    const sid = await rawSession(base);
    const stream = await getStream(base, sid);
    h.streamable.sweep(Date.now() + 60 * 60_000);
    expect(h.streamable.sessionCount).toBe(1);
    await stream.body?.cancel();
  });
});

describe("Streamable HTTP, 2026-07-28", () => {
  test("v2 client with version negotiation lands on the modern era and calls tools", async () => {
    const { base } = start();
    const client = new Client({ name: "v2", version: "1" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    expect(client.getProtocolEra()).toBe("modern");
    expect(await client.callTool({ name: "echo", arguments: { text: "m" } })).toMatchObject({
      content: [{ text: "m" }],
    });
    await client.close();
  });

  test("a hub publish reaches a subscriptions/listen stream as notifications/resources/updated", async () => {
    const { base, h } = start();
    const client = new Client({ name: "v2", version: "1" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    const updated = new Promise<unknown>((resolve) =>
      client.setNotificationHandler("notifications/resources/updated", (n) => resolve(n.params)),
    );
    const sub = await client.listen({ resourceSubscriptions: ["odoo://res.partner/1"] });
    expect(sub.honoredFilter.resourceSubscriptions).toEqual(["odoo://res.partner/1"]);
    h.hub.publish("odoo://res.partner/1", { name: "changed" });
    expect(await updated).toMatchObject({ uri: "odoo://res.partner/1" });
    await sub.close();
    await client.close();
  });
});

describe("HTTP+SSE, 2024-11-05", () => {
  test("the stream opens with an endpoint event naming /messages?sessionId=", async () => {
    const { base } = start();
    const res = await fetch(`${base}/sse`, { headers: { accept: "text/event-stream" } });
    expect(res.status).toBe(200);
    const reader = new SseReader(res.body!);
    const endpoint = await reader.nextEvent();
    expect(endpoint?.event).toBe("endpoint");
    expect(endpoint?.data).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
    const post = await fetch(`${base}${endpoint!.data}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...INIT, params: { ...INIT.params, protocolVersion: "2024-11-05" } }),
    });
    expect(post.status).toBe(202);
    const answer = await reader.nextEvent();
    expect(answer?.event).toBe("message");
    expect(JSON.parse(answer!.data!)).toMatchObject({ id: 1, result: { protocolVersion: "2024-11-05" } });
    await reader.close();
  });

  test("v1 SSEClientTransport: tools and server notifications over the legacy stream", async () => {
    const { base, servers } = start();
    const client = new V1Client({ name: "v1-sse", version: "1" });
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await client.connect(new V1SseTransport(new URL(`${base}/sse`)));
    expect(await client.callTool({ name: "echo", arguments: { text: "sse" } })).toEqual({
      content: [{ type: "text", text: "sse" }],
    });
    servers.at(-1)!.sendToolListChanged();
    await changed;
    await client.close();
  });
});

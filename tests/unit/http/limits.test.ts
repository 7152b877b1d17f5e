import { describe, expect, test } from "bun:test";
import { LegacySseEndpoint } from "../../../src/http/legacy-sse.ts";
import { StreamableEndpoint } from "../../../src/http/streamable.ts";
import { quietLog, tinyServer } from "./fixtures.ts";
import { SseReader } from "./sse-reader.ts";

// Session counts are bounded on every sessionful transport: memory never grows with abandoned clients; and a session
// id is only good from the address that opened the session.

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const initialize = (e: StreamableEndpoint, owner = "") =>
  e.handle(
    new Request("http://localhost/mcp", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    }),
    INIT,
    owner,
  );

describe("session limits", () => {
  test("Streamable HTTP: at the cap the idlest session without a stream makes room; with all streaming, 503", async () => {
    const e = new StreamableEndpoint({
      factory: () => tinyServer(),
      log: quietLog,
      maxBodyBytes: 1 << 20,
      eventStoreMax: 10,
      maxSessions: 1,
    });
    try {
      const first = await initialize(e);
      const firstId = first.headers.get("mcp-session-id")!;
      await first.text();
      const second = await initialize(e);
      await second.text();
      expect(second.status).toBe(200);
      expect(e.sessionCount).toBe(1);
      const gone = await e.handle(
        new Request("http://localhost/mcp", { headers: { accept: "text/event-stream", "mcp-session-id": firstId } }),
      );
      expect(gone.status).toBe(404);
      const stream = await e.handle(
        new Request("http://localhost/mcp", {
          headers: { accept: "text/event-stream", "mcp-session-id": second.headers.get("mcp-session-id")! },
        }),
      );
      expect(stream.status).toBe(200);
      const third = await initialize(e);
      expect(third.status).toBe(503);
      expect(await third.json()).toMatchObject({ error: { code: -32001 } });
      await stream.body?.cancel();
    } finally {
      await e.close();
    }
  });

  test("HTTP+SSE: beyond maxSessions a new stream gets 503 Server busy", async () => {
    const e = new LegacySseEndpoint({ factory: () => tinyServer(), log: quietLog, queueMax: 10, maxSessions: 1 });
    try {
      const first = await e.open(new Request("http://localhost/sse"));
      expect(first.status).toBe(200);
      const second = await e.open(new Request("http://localhost/sse"));
      expect(second.status).toBe(503);
      expect(second.headers.get("retry-after")).toBe("30");
      await first.body?.cancel();
      expect(e.sessionCount).toBe(0);
      expect((await e.open(new Request("http://localhost/sse"))).status).toBe(200);
    } finally {
      await e.close();
    }
  });
});

describe("session ids are bound to the address that opened the session", () => {
  test("Streamable HTTP: another address naming the session gets 404, as for an unknown one", async () => {
    const e = new StreamableEndpoint({
      factory: () => tinyServer(),
      log: quietLog,
      maxBodyBytes: 1 << 20,
      eventStoreMax: 10,
    });
    try {
      const init = await initialize(e, "10.0.0.1");
      await init.text();
      const sid = init.headers.get("mcp-session-id")!;
      const call = (owner: string, method = "DELETE") =>
        e.handle(new Request("http://localhost/mcp", { method, headers: { "mcp-session-id": sid } }), undefined, owner);
      expect((await call("10.0.0.2")).status).toBe(404);
      expect((await call("10.0.0.2", "GET")).status).toBe(404);
      expect(e.sessionCount).toBe(1);
      expect((await call("10.0.0.1")).status).toBe(200);
      expect(e.sessionCount).toBe(0);
    } finally {
      await e.close();
    }
  });

  test("HTTP+SSE: a POST to /messages?sessionId= from another address gets 404", async () => {
    const e = new LegacySseEndpoint({ factory: () => tinyServer(), log: quietLog, queueMax: 10 });
    try {
      const stream = await e.open(new Request("http://localhost/sse"), "10.0.0.1");
      const reader = new SseReader(stream.body!);
      const endpoint = await reader.nextEvent();
      const sid = new URLSearchParams(endpoint!.data!.split("?")[1]).get("sessionId");
      const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
      expect(e.post(new Request("http://localhost/messages"), sid, ping, "10.0.0.2").status).toBe(404);
      expect(e.post(new Request("http://localhost/messages"), sid, ping, "10.0.0.1").status).toBe(202);
      await reader.close();
    } finally {
      await e.close();
    }
  });
});

describe("HTTP+SSE POST /messages", () => {
  test("a message that is not JSON-RPC, or a batch over 100, is answered 400 at once instead of vanishing", async () => {
    const e = new LegacySseEndpoint({ factory: () => tinyServer(), log: quietLog, queueMax: 10 });
    try {
      const stream = await e.open(new Request("http://localhost/sse"));
      const reader = new SseReader(stream.body!);
      const sid = new URLSearchParams((await reader.nextEvent())!.data!.split("?")[1]).get("sessionId");
      const post = (body: unknown) => e.post(new Request("http://localhost/messages"), sid, body);
      for (const bad of [
        { jsonrpc: "2.0", id: 2, method: 5 },
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: "x" },
        { jsonrpc: "2.0" },
        [],
        Array.from({ length: 101 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "ping" })),
      ]) {
        const res = post(bad);
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: -32600 } });
      }
      expect(await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: "x" }).json()).toMatchObject({ id: 3 });
      expect(post({ jsonrpc: "2.0", id: 9, method: "ping" }).status).toBe(202);
      expect(JSON.parse((await reader.nextEvent())!.data!)).toEqual({ jsonrpc: "2.0", id: 9, result: {} });
      await reader.close();
    } finally {
      await e.close();
    }
  });
});

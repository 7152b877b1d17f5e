import { expect, test } from "bun:test";
import { PerClientCap } from "../../../src/http/caps.ts";
import { openEvents } from "../../../src/http/events.ts";
import { LegacySseEndpoint } from "../../../src/http/legacy-sse.ts";
import { StreamableEndpoint } from "../../../src/http/streamable.ts";
import { Hub } from "../../../src/realtime/hub.ts";
import { quietLog, tinyServer } from "./fixtures.ts";

// Issue 8 item 12: one client (one address, an IPv6 /64) cannot hold a whole global cap: each has its own, lower one.

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

test("Streamable HTTP sessions: a client at its own cap gets 503 naming it while others still get sessions", async () => {
  const e = new StreamableEndpoint({
    factory: () => tinyServer(),
    log: quietLog,
    maxBodyBytes: 1 << 20,
    eventStoreMax: 10,
    maxSessions: 10,
    maxSessionsPerClient: 2,
  });
  const init = (owner: string) =>
    e.handle(new Request("http://localhost/mcp", { method: "POST", headers }), INIT, owner);
  const streams: Response[] = [];
  try {
    for (const _ of [1, 2]) {
      const res = await init("10.0.0.1");
      expect(res.status).toBe(200);
      await res.text();
      // Each session streaming: none can be evicted to make room.
      const sid = res.headers.get("mcp-session-id") as string;
      const get = new Request("http://localhost/mcp", {
        headers: { accept: "text/event-stream", "mcp-session-id": sid },
      });
      streams.push(await e.handle(get, undefined, "10.0.0.1"));
    }
    const third = await init("10.0.0.1");
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain("per client");
    // Another client is still served.
    expect((await init("10.0.0.2")).status).toBe(200);
  } finally {
    for (const s of streams) await s.body?.cancel();
    await e.close();
  }
});

test("legacy /sse sessions: per-client cap below the global one; a closed stream gives its slot back", async () => {
  const e = new LegacySseEndpoint({
    factory: () => tinyServer(),
    log: quietLog,
    queueMax: 10,
    maxSessions: 10,
    maxSessionsPerClient: 2,
  });
  try {
    const a = [
      await e.open(new Request("http://localhost/sse"), "2001:db8::1"),
      await e.open(new Request("http://localhost/sse"), "2001:db8::2"),
    ];
    expect(a.map((r) => r.status)).toEqual([200, 200]);
    const over = await e.open(new Request("http://localhost/sse"), "2001:db8::3");
    expect(over.status).toBe(503);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain("per client");
    expect((await e.open(new Request("http://localhost/sse"), "192.0.2.7")).status).toBe(200);
    await a[0]?.body?.cancel();
    await Bun.sleep(10);
    expect((await e.open(new Request("http://localhost/sse"), "2001:db8::3")).status).toBe(200);
  } finally {
    await e.close();
  }
});

test("/events streams: per-client cap below the hub's; a closed stream gives its slot back", async () => {
  const hub = new Hub({ queueMax: 10 });
  const caps = new PerClientCap(2);
  try {
    const open = (owner: string) => openEvents(new Request("http://localhost/events"), hub, owner, caps);
    const a = [open("10.1.1.1"), open("10.1.1.1")];
    expect(a.map((r) => r.status)).toEqual([200, 200]);
    const over = open("10.1.1.1");
    expect(over.status).toBe(503);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain("per client");
    expect(open("10.1.1.2").status).toBe(200);
    await a[0]?.body?.cancel();
    await Bun.sleep(10);
    expect(open("10.1.1.1").status).toBe(200);
  } finally {
    hub.close();
  }
});

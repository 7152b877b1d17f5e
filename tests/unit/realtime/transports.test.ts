import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { Client as V2Client, StreamableHTTPClientTransport as V2Streamable } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1Sse } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1Streamable } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { type RunningHttp, startHttp } from "../../../src/http/serve.ts";
import { Realtime } from "../../../src/realtime/realtime.ts";
import { webCall } from "../../support/live-http.ts";
import { SseReader } from "../http/sse-reader.ts";
import { type Backend, connect, startBackend } from "../mcp/harness.ts";

// Every way in receives a change made to ANY field through another connection to Odoo, found by polling alone
// (poll_interval 0.2 s); clients that did not subscribe receive nothing.

const URI = "odoo://res.partner/9";
let b: Backend;
let comments = 0;
const writeComment = () =>
  b.deps.odoo.executeKw("res.partner", "write", [[9], { comment: `<p>change ${++comments}</p>` }]);

/** Resolves with the first value `next` yields that `pred` accepts, or fails after `ms`. */
async function within<T>(ms: number, check: () => T | undefined): Promise<T> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const v = check();
    if (v !== undefined) return v;
    await Bun.sleep(20);
  }
  throw new Error(`nothing within ${ms} ms`);
}

const updatedUris = (messages: JSONRPCMessage[]) =>
  messages.flatMap((m) =>
    "method" in m && m.method === "notifications/resources/updated" ? [(m.params as { uri: string }).uri] : [],
  );

beforeAll(async () => {
  b = await startBackend({ config: { realtime: { poll_interval: 0.2 }, connection_type: "sse", http: { port: 0 } } });
});
afterAll(() => b.stop());
beforeEach(() => b.fake.reset());

describe("stdio", () => {
  for (const flavour of ["v1", "v2", "v2-modern"] as const) {
    test(`${flavour}: a subscribed client is told; an unsubscribed one is not`, async () => {
      const realtime = new Realtime(b.deps);
      const deps = { ...b.deps, realtime };
      const watcher = await connect(deps, flavour);
      const idle = await connect(deps, flavour);
      try {
        let listening: { close(): Promise<void> } | undefined;
        if (flavour === "v2-modern") {
          const v2 = watcher.client as unknown as V2Client;
          listening = await v2.listen({ resourceSubscriptions: [URI] });
        } else {
          await (watcher.client as unknown as V1Client).subscribeResource({ uri: URI });
        }
        await writeComment();
        expect(await within(3000, () => updatedUris(watcher.received).at(0))).toBe(URI);
        expect(updatedUris(idle.received)).toEqual([]);
        await listening?.close();
      } finally {
        await watcher.close();
        await idle.close();
        expect(realtime.hub.uris()).toEqual([]);
        realtime.close();
      }
    });
  }
});

describe("HTTP", () => {
  let running: RunningHttp;
  beforeAll(async () => {
    running = await startHttp({ ...b.deps, demo: false });
  });
  afterAll(() => running.stop());

  test("2025 Streamable HTTP session and legacy /sse: subscribed sessions are told, others not", async () => {
    const v1 = new V1Client({ name: "sub", version: "1" });
    const sse = new V1Client({ name: "sse", version: "1" });
    const idle = new V1Client({ name: "idle", version: "1" });
    const got: Record<string, string[]> = { v1: [], sse: [], idle: [] };
    for (const [name, client] of [
      ["v1", v1],
      ["sse", sse],
      ["idle", idle],
    ] as const) {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        got[name]!.push(n.params.uri);
      });
    }
    await v1.connect(new V1Streamable(new URL(`${running.url}/mcp`)));
    await sse.connect(new V1Sse(new URL(`${running.url}/sse`)));
    await idle.connect(new V1Streamable(new URL(`${running.url}/mcp`)));
    expect(v1.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await v1.subscribeResource({ uri: URI });
    await sse.subscribeResource({ uri: URI });
    await writeComment();
    await within(3000, () => (got.v1!.length && got.sse!.length ? true : undefined));
    expect(got).toEqual({ v1: [URI], sse: [URI], idle: [] });
    await v1.unsubscribeResource({ uri: URI });
    await sse.close();
    await within(1000, () => (running.http.hub.uris().length === 0 ? true : undefined));
    await writeComment();
    await Bun.sleep(600);
    expect(got).toEqual({ v1: [URI], sse: [URI], idle: [] });
    await v1.close();
    await idle.close();
  });

  test("2026-07-28 subscriptions/listen: told while the stream is open; a refused URI answers as a read would", async () => {
    const client = new V2Client({ name: "v2", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(new V2Streamable(new URL(`${running.url}/mcp`)));
    const got: string[] = [];
    client.setNotificationHandler("notifications/resources/updated", (n) => {
      got.push(n.params.uri);
    });
    const bad = await client.listen({ resourceSubscriptions: ["odoo://res.partner/999999"] }).catch((e) => e);
    expect(String(bad)).toContain("999999");
    const sub = await client.listen({ resourceSubscriptions: [URI] });
    await writeComment();
    expect(await within(3000, () => got.at(0))).toBe(URI);
    await sub.close();
    await within(2000, () => (running.http.hub.uris().length === 0 ? true : undefined));
    await client.close();
  });

  test("/events: subscribe_resource gets the new data; a missing record is refused as read_resource refuses it", async () => {
    const res = await fetch(`${running.url}/events`);
    const reader = new SseReader(res.body!);
    const hello = JSON.parse((await reader.nextEvent())!.data!);
    const clientId = hello.params.client_id as string;
    const post = (method: string, params: Record<string, unknown>) => webCall(running.url, method, params);
    const missing = "odoo://res.partner/999999";
    const [refused, read] = await Promise.all([
      post("subscribe_resource", { uri: missing, client_id: clientId }),
      post("read_resource", { uri: missing }),
    ]);
    expect(refused.error).toEqual(read.error);
    expect(await post("subscribe_resource", { uri: URI, client_id: clientId })).toMatchObject({
      result: { subscribed: true },
    });
    await b.deps.odoo.executeKw("res.partner", "write", [[9], { name: "Renamed elsewhere" }]);
    const event = await reader.nextEvent((e) => e.event === "notifications/resources/updated");
    expect(JSON.parse(event!.data!).params).toMatchObject({ uri: URI, data: { id: 9, name: "Renamed elsewhere" } });
    await reader.close();
  });
});

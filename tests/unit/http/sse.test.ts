import { afterEach, describe, expect, test } from "bun:test";
import { primeEventStream, sseFrame, sseStream } from "../../../src/http/sse.ts";
import { metrics } from "../../../src/metrics.ts";
import { readRpcAnswer, sseData } from "./sse-read.ts";
import { SseReader } from "./sse-reader.ts";

const servers: Array<ReturnType<typeof Bun.serve>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

describe("SSE framing", () => {
  test("frames carry event, id, retry and one data line per line of data", () => {
    expect(sseFrame({ event: "message", id: "7", data: '{"a":1}' })).toBe('event: message\nid: 7\ndata: {"a":1}\n\n');
    expect(sseFrame({ data: "a\nb", retry: 100 })).toBe("retry: 100\ndata: a\ndata: b\n\n");
    expect(sseData("event: x\ndata: a\ndata: b\n\n: comment\n\ndata: c\n\n")).toEqual(["a\nb", "c"]);
  });

  test("readRpcAnswer finds the answer in a JSON body or in an event stream", async () => {
    const json = new Response(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { ok: 1 } }), {
      headers: { "content-type": "application/json" },
    });
    expect(await readRpcAnswer(json, 1)).toEqual({ jsonrpc: "2.0", id: 1, result: { ok: 1 } });
    const frames =
      "id: p\ndata: \n\n" +
      sseFrame({ data: JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: {} }) }) +
      sseFrame({ data: JSON.stringify({ jsonrpc: "2.0", id: 1, result: { ok: 2 } }) });
    const sse = new Response(frames, { headers: { "content-type": "text/event-stream" } });
    expect(await readRpcAnswer(sse, 1)).toMatchObject({ result: { ok: 2 } });
    const none = new Response("{}", { headers: { "content-type": "application/json" } });
    expect(await readRpcAnswer(none, 1)).toBeUndefined();
  });
});

describe("streams over real HTTP", () => {
  test("an idle stream sends keep-alive comments, then ends when its source does", async () => {
    let calls = 0;
    const body = sseStream({
      kind: "test",
      first: sseFrame({ event: "hello", data: "{}" }),
      keepAliveMs: 1,
      source: async () => (++calls <= 2 ? "idle" : calls === 3 ? sseFrame({ data: "last" }) : null),
    });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(body) });
    servers.push(server);
    const reader = new SseReader((await fetch(`http://127.0.0.1:${server.port}/`)).body!);
    expect((await reader.next())?.event).toBe("hello");
    expect((await reader.next())?.comment).toBe("keep-alive");
    expect((await reader.next())?.comment).toBe("keep-alive");
    expect((await reader.next())?.data).toBe("last");
    expect(await reader.next()).toBeUndefined();
  });

  test("a primed event stream sends its headers before the first event (Bun holds them until a body chunk)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const silent = new ReadableStream<Uint8Array>({
      async pull(c) {
        await gate;
        c.enqueue(new TextEncoder().encode(sseFrame({ data: "late" })));
        c.close();
      },
    });
    const open = metrics.openStreams.get({ kind: "test-prime" });
    const primed = primeEventStream(new Response(silent, { headers: { "content-type": "text/event-stream" } }), {
      kind: "test-prime",
    });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => primed });
    servers.push(server);
    // Without priming this fetch would not resolve until the gate opens, and the test would time out.
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(metrics.openStreams.get({ kind: "test-prime" })).toBe(open + 1);
    release();
    const reader = new SseReader(res.body!);
    expect(await reader.nextEvent()).toMatchObject({ data: "late" });
    expect(await reader.next()).toBeUndefined();
    expect(metrics.openStreams.get({ kind: "test-prime" })).toBe(open);
  });

  test("a reader that stops reading is disconnected once maxQueued chunks wait: the SDK's pushes stay bounded", async () => {
    let pushed = 0;
    let cancelled: () => void = () => {};
    const producerCancelled = new Promise<void>((r) => {
      cancelled = r;
    });
    const chatty = new ReadableStream<Uint8Array>({
      pull(c) {
        pushed += 1;
        c.enqueue(new TextEncoder().encode(sseFrame({ data: String(pushed) })));
      },
      cancel: () => cancelled(),
    });
    const before = metrics.queueDisconnects.get({ kind: "test-bound" });
    const primed = primeEventStream(new Response(chatty, { headers: { "content-type": "text/event-stream" } }), {
      kind: "test-bound",
      maxQueued: 5,
    });
    // Nobody reads the primed body: the producer is cancelled once 5 chunks wait, not buffered forever.
    await producerCancelled;
    expect(pushed).toBeLessThan(20);
    expect(metrics.queueDisconnects.get({ kind: "test-bound" })).toBe(before + 1);
    const reader = new SseReader(primed.body!);
    expect((await reader.next())?.comment).toBe("stream open");
    expect(await reader.next()).toBeUndefined();
  });

  test("non-stream responses pass through priming untouched", async () => {
    const res = new Response("{}", { headers: { "content-type": "application/json" } });
    expect(primeEventStream(res, { kind: "x" })).toBe(res);
  });
});

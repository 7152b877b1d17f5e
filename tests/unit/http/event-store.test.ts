import { describe, expect, test } from "bun:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { BoundedEventStore } from "../../../src/http/event-store.ts";

const note = (text: string): JSONRPCMessage => ({ jsonrpc: "2.0", method: "notifications/message", params: { text } });

async function replay(store: BoundedEventStore, after: string) {
  const got: Array<[string, JSONRPCMessage]> = [];
  const stream = await store.replayEventsAfter(after, { send: async (id, m) => void got.push([id, m]) });
  return { stream, got };
}

describe("BoundedEventStore", () => {
  test("replays the events of one stream after the given id, in order, and not other streams'", async () => {
    const store = new BoundedEventStore(10);
    const first = await store.storeEvent("a", note("1"));
    await store.storeEvent("b", note("other stream"));
    const second = await store.storeEvent("a", note("2"));
    expect(await store.getStreamIdForEventId(second)).toBe("a");
    const { stream, got } = await replay(store, first);
    expect(stream).toBe("a");
    expect(got).toEqual([[second, note("2")]]);
  });

  test("keeps at most max events: a client away too long misses the oldest", async () => {
    const store = new BoundedEventStore(2);
    for (const t of ["1", "2", "3", "4"]) await store.storeEvent("s", note(t));
    expect(store.size).toBe(2);
    const { got } = await replay(store, "s::0");
    expect(got.map(([, m]) => m)).toEqual([note("3"), note("4")]);
  });

  test("keeps at most maxBytes of JSON: big results push old events out, one over the budget is not kept", async () => {
    const store = new BoundedEventStore(1000, 200);
    for (let i = 0; i < 50; i++) await store.storeEvent("s", note(`event ${i}`));
    expect(store.storedBytes).toBeLessThanOrEqual(200);
    expect(store.size).toBeGreaterThan(0);
    const huge = await store.storeEvent("s", note("x".repeat(500)));
    expect(huge).toBe("s::51");
    expect(store.storedBytes).toBeLessThanOrEqual(200);
    const { got } = await replay(store, "s::50");
    expect(got).toEqual([]);
    await store.storeEvent("s", note("after"));
    expect((await replay(store, "s::51")).got.map(([, m]) => m)).toEqual([note("after")]);
  });

  test("an event id it never issued is refused", async () => {
    const store = new BoundedEventStore(2);
    expect(await store.getStreamIdForEventId("garbage")).toBeUndefined();
    await expect(replay(store, "garbage")).rejects.toThrow(/unknown event id/);
  });
});

import { describe, expect, test } from "bun:test";
import { BoundedQueue } from "../../../src/realtime/queue.ts";

describe("BoundedQueue", () => {
  test("delivers in order and never holds more than max items (drop-oldest)", async () => {
    const overflows: boolean[] = [];
    const q = new BoundedQueue<number>(3, "drop-oldest", (closed) => overflows.push(closed));
    for (let i = 1; i <= 10; i++) expect(q.push(i)).toBe(true);
    expect(q.size).toBe(3);
    expect(q.dropped).toBe(7);
    expect(overflows).toEqual(Array(7).fill(false));
    expect(await q.next()).toEqual({ item: 8 });
    expect(await q.next()).toEqual({ item: 9 });
    expect(await q.next()).toEqual({ item: 10 });
  });

  test("disconnect policy closes the queue on overflow and refuses the item", async () => {
    let closedByOverflow = false;
    const q = new BoundedQueue<string>(2, "disconnect", (closed) => {
      closedByOverflow = closed;
    });
    expect(q.push("a")).toBe(true);
    expect(q.push("b")).toBe(true);
    expect(q.push("c")).toBe(false);
    expect(closedByOverflow).toBe(true);
    expect(q.closed).toBe(true);
    expect(await q.next()).toEqual({ none: "closed" });
  });

  test("a waiting consumer gets the next push directly", async () => {
    const q = new BoundedQueue<number>(1);
    const waiting = q.next();
    q.push(42);
    expect(await waiting).toEqual({ item: 42 });
    expect(q.size).toBe(0);
  });

  test("next() with a timeout resolves 'timeout' when nothing arrives, and the queue still works after", async () => {
    const q = new BoundedQueue<number>(1);
    expect(await q.next(1)).toEqual({ none: "timeout" });
    q.push(1);
    expect(await q.next(1)).toEqual({ item: 1 });
  });

  test("a second consumer supersedes the first; interrupt wakes it without closing", async () => {
    const q = new BoundedQueue<number>(5);
    const first = q.next();
    const second = q.next();
    expect(await first).toEqual({ none: "superseded" });
    q.interrupt();
    expect(await second).toEqual({ none: "superseded" });
    q.push(7);
    expect(await q.next()).toEqual({ item: 7 });
  });

  test("close wakes the consumer, discards items and refuses pushes", async () => {
    const q = new BoundedQueue<number>(5);
    const waiting = q.next();
    q.close();
    expect(await waiting).toEqual({ none: "closed" });
    expect(q.push(1)).toBe(false);
    expect(() => new BoundedQueue<number>(0)).toThrow(RangeError);
  });
});

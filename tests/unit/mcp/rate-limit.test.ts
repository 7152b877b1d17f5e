import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RateLimiter } from "../../../src/mcp/rate-limit.ts";
import { type Backend, connect, FLAVOURS, startBackend } from "./harness.ts";

describe("RateLimiter", () => {
  test("bursts up to the minute's allowance, then one request per 60/N seconds, per key", () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(20_000);
    expect(limiter.take("b")).toBe(0);
    now = 10_000;
    expect(limiter.take("a")).toBe(10_000);
    now = 20_000;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(20_000);
  });

  test("memory stays bounded however many distinct clients appear", () => {
    const limiter = new RateLimiter(2, () => 0);
    for (let i = 0; i < 25_000; i++) expect(limiter.take(`client-${i}`)).toBe(0);
    expect(limiter.size).toBeLessThanOrEqual(10_000);
  });

  test("0 requests per minute means unlimited", () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take("k")).toBe(0);
  });
});

describe("requests_per_minute over stdio", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend({ config: { requests_per_minute: 2 } });
  });
  afterAll(() => backend.stop());

  test.each(FLAVOURS)(
    "%s: over the limit is -32001 Server busy; initialize and ping are never refused",
    async (flavour) => {
      let now = 1_000_000;
      const session = await connect(backend.deps, flavour, { now: () => now });
      const list = () => session.client.listResourceTemplates();
      await list();
      await list();
      const refused = await list().then(
        () => undefined,
        (e: { code?: number; message?: string }) => e,
      );
      expect(refused?.code).toBe(-32001);
      expect(refused?.message).toContain("retry in 30 s");
      // 2026-07-28 removed ping; older clients may always ping.
      if (flavour !== "v2-modern") await (session.client as unknown as { ping(): Promise<unknown> }).ping();
      now += 30_000;
      await list();
      await session.close();
    },
  );
});

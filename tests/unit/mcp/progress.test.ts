import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Backend, connect, FLAVOURS, type OdooCall, startBackend } from "./harness.ts";

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.stop());

/** Resolves once `predicate` holds; gives up (rejecting) after `tries` event-loop turns of 10 ms. */
async function until(predicate: () => boolean, what: string, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (predicate()) return;
    await Bun.sleep(10);
  }
  throw new Error(`never happened: ${what}`);
}

describe.each(FLAVOURS)("with the %s client", (flavour) => {
  test("a progressToken gets progress notifications: searching, then read with the count", async () => {
    const session = await connect(backend.deps, flavour);
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await session.call(
      "odoo_search_read",
      { model: "res.partner", fields: ["name"], limit: 2 },
      { onprogress: (p) => seen.push(p) },
    );
    expect(result.isError).toBeFalsy();
    await until(() => seen.length === 2, "two progress notifications");
    expect(seen.map((p) => p.progress)).toEqual([0, 1]);
    expect(seen.every((p) => p.total === 1)).toBe(true);
    expect(seen.map((p) => p.message)).toEqual([
      "searching res.partner",
      expect.stringMatching(/^read 2 of \d+ matching records$/),
    ]);
    await session.close();
  });

  test("a long Odoo call in any tool reports that it is still waiting, with increasing progress", async () => {
    const session = await connect(backend.deps, flavour);
    await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
    const seen: Array<{ progress: number; message?: string }> = [];
    backend.fake.faults.latencyMs = 1_700;
    try {
      const result = await session.call(
        "odoo_call_method",
        { model: "res.partner", method: "search_count", args: [[]] },
        { onprogress: (p) => seen.push(p) },
      );
      expect(result.isError).toBeFalsy();
    } finally {
      backend.fake.faults.latencyMs = 0;
    }
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]?.message).toMatch(/^waiting for Odoo: res\.partner\.search_count \(\d+ s\)$/);
    expect(seen[0]!.progress).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
    await session.close();
  });

  test("no progressToken, no progress notifications", async () => {
    const session = await connect(backend.deps, flavour);
    await session.client.callTool({ name: "odoo_search_read", arguments: { model: "res.partner", limit: 1 } });
    expect(session.received.some((m) => "method" in m && m.method === "notifications/progress")).toBe(false);
    await session.close();
  });

  test("cancelling a call aborts the Odoo request in flight", async () => {
    const session = await connect(backend.deps, flavour);
    const logged: Array<{ level: string; message: string }> = [];
    const unsubscribe = backend.log.subscribe((r) => logged.push({ level: r.level, message: r.message }));
    // Warm the session and the fields_get cache, then make Odoo slow.
    await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
    backend.fake.faults.latencyMs = 10_000;
    backend.calls.length = 0;
    const controller = new AbortController();
    const pending = session.call(
      "odoo_read",
      { model: "res.partner", ids: [1], fields: ["name"] },
      { signal: controller.signal },
    );
    pending.catch(() => {});
    await until(() => backend.calls.some((c) => c.method === "read"), "the read reached Odoo");
    const inFlight = backend.calls.find((c) => c.method === "read") as OdooCall;
    expect(inFlight.signal?.aborted).toBe(false);
    controller.abort("user cancelled");
    await until(() => inFlight.signal?.aborted === true, "the Odoo request was aborted");
    await expect(pending).rejects.toBeDefined();
    backend.fake.faults.latencyMs = 0;
    await until(() => logged.some((r) => /cancel/i.test(r.message)), "the cancellation was logged");
    unsubscribe();
    // A cancellation is the client's normal choice, not a failure: nothing at WARNING or above.
    expect(logged.filter((r) => r.level !== "DEBUG" && r.level !== "INFO")).toEqual([]);
    await session.close();
  });
});

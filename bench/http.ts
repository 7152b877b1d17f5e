// HTTP throughput: tool calls per second at concurrency 1, 16 and 64 (the web channel's JSON POST /mcp), beside the
// floor — the same number of bare Odoo requests per second at the same concurrency. Against a zero-latency fake (the
// goal: ≥ 5,000 calls/s at 64 on 2 cores) and against a fake with a service time (the goal: ≥ 95% of Odoo's rate).
import { type BenchContext, type Row, type Section, serverCommand } from "./lib.ts";
import { callBody, floorRequest, httpServer, target } from "./odoo.ts";

const SECONDS = Number(process.env["BENCH_HTTP_SECONDS"] ?? 3);
const SERVICE_MS = 20;

/** Requests per second `send` sustains with `concurrency` workers for SECONDS (after a short warm-up). */
async function rate(send: () => Promise<unknown>, concurrency: number): Promise<number> {
  const until = { t: performance.now() + 300 };
  const worker = async (count: { n: number }) => {
    while (performance.now() < until.t) {
      await send();
      count.n++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker({ n: 0 })));
  const count = { n: 0 };
  const start = performance.now();
  until.t = start + SECONDS * 1000;
  await Promise.all(Array.from({ length: concurrency }, () => worker(count)));
  return count.n / ((performance.now() - start) / 1000);
}

export const section: Section = {
  title: "HTTP throughput",
  order: 30,
  async run(ctx: BenchContext) {
    const t = await target(ctx);
    const rows: Row[] = [];
    const server = await httpServer(serverCommand(ctx), t, "session");
    try {
      const call = async () => {
        const res = await fetch(`${server.url}/mcp`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: callBody,
        });
        const text = await res.text();
        if (!res.ok || text.includes('"isError":true')) throw new Error(`call failed: ${text.slice(0, 200)}`);
      };
      await call();
      const bare = await floorRequest(t, "session");
      for (const [label, serviceMs] of [
        ["zero-latency fake", 0],
        [`fake with ${SERVICE_MS} ms service time`, SERVICE_MS],
      ] as const) {
        if (t.fake) t.fake.faults.latencyMs = serviceMs;
        for (const c of [1, 16, 64]) {
          const floor = await rate(bare, c);
          const value = await rate(call, c);
          const row: Row = { section: "HTTP", name: `calls/s at ${c}, ${label}`, value, unit: "/s", floor };
          if (c === 64 && serviceMs === 0) Object.assign(row, { goal: "≥ 5000/s", met: value >= 5000 });
          if (serviceMs > 0) Object.assign(row, { goal: "≥ 95% of floor", met: value >= 0.95 * floor });
          rows.push(row);
        }
      }
    } finally {
      await server.stop();
      await t.stop();
    }
    return rows;
  },
};

// Per tool call over stdio (the compiled server, an MCP v1 client): p50/p99 per protocol and Odoo requests per call,
// beside the floor — the one bare request that answers the same query over the same protocol. Against the fake, each
// stateless request is charged a credential check as real Odoo does; against a real Odoo (ODOO_URL), as it comes.
// The fake runs in its own process, as Odoo does, and floor and tool calls alternate: both meet the same machine load.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type BenchContext, percentile, type Row, type Section, serverCommand } from "./lib.ts";
import { floorRequest, type Path, paths, QUERY, serverEnv, type Target, target } from "./odoo.ts";

/** Starts the server over stdio for `path` and connects an MCP v1 client. */
export async function stdioClient(ctx: BenchContext, t: Target, path: Path, extraEnv: Record<string, string> = {}) {
  const [command = "", ...args] = serverCommand(ctx);
  const transport = new StdioClientTransport({
    command,
    args,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...serverEnv(t, path), ...extraEnv },
    stderr: "ignore",
  });
  const client = new Client({ name: "odoo-mcp-bench", version: "1" });
  await client.connect(transport);
  return { client, pid: transport.pid, close: () => client.close() };
}

/** One `odoo_search_read` call; throws on a tool error so a broken path cannot pass for a fast one. */
export async function searchRead(client: Client): Promise<void> {
  const r = await client.callTool({ name: "odoo_search_read", arguments: QUERY });
  if (r.isError) throw new Error(`odoo_search_read failed: ${JSON.stringify(r.content).slice(0, 300)}`);
}

/** p50 and p99 (ms) of `a` and of `b`, run in turn `n` times each (after `warmup` turns). */
async function timeAlternating(a: () => Promise<unknown>, b: () => Promise<unknown>, n: number, warmup = 30) {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const times: [number[], number[]] = [[], []];
  const run = [a, b];
  for (let i = 0; i < n; i++) {
    for (const k of [0, 1] as const) {
      const start = performance.now();
      await run[k]?.();
      times[k].push(performance.now() - start);
    }
  }
  return times.map((t) => {
    t.sort((x, y) => x - y);
    return { p50: percentile(t, 0.5), p99: percentile(t, 0.99) };
  }) as [{ p50: number; p99: number }, { p50: number; p99: number }];
}

/** Odoo requests per tool call, over `n` calls alone (NaN against a real Odoo, whose requests are not counted). */
async function requestsPerCall(t: Target, client: Client, n = 20): Promise<number> {
  if (!t.requests) return Number.NaN;
  const before = await t.requests();
  for (let i = 0; i < n; i++) await searchRead(client);
  return ((await t.requests()) - before) / n;
}

export const section: Section = {
  title: "per call (stdio)",
  order: 20,
  real: true,
  async run(ctx) {
    const t = await target(ctx, "19.0", { ownProcess: true });
    const rows: Row[] = [];
    try {
      for (const path of paths(t)) {
        const bare = await floorRequest(t, path);
        const server = await stdioClient(ctx, t, path);
        try {
          // The warm-up logs in and learns the fields: the timed calls are the steady state.
          const [floor, tool] = await timeAlternating(bare, () => searchRead(server.client), ctx.n);
          const perCall = await requestsPerCall(t, server.client);
          const s = "per call";
          rows.push({
            section: s,
            name: `p50 ${path}`,
            value: tool.p50,
            unit: "ms",
            floor: floor.p50,
            goal: "≤ floor + 0.5 ms",
            met: tool.p50 <= floor.p50 + 0.5,
          });
          rows.push({ section: s, name: `p99 ${path}`, value: tool.p99, unit: "ms", floor: floor.p99 });
          if (t.requests) {
            rows.push({
              section: s,
              name: `Odoo requests per call ${path}`,
              value: perCall,
              unit: "",
              floor: 1,
              goal: "1",
              met: perCall <= 1.0001,
            });
          }
        } finally {
          await server.close();
        }
      }
    } finally {
      await t.stop();
    }
    return rows;
  },
};

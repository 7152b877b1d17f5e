// Per tool call over stdio (the compiled server, an MCP v1 client): p50/p99 per protocol and Odoo requests per call,
// beside the floor — the one bare request that answers the same query over the same protocol. Against the fake, each
// stateless request is charged a credential check as real Odoo does; against a real Odoo (ODOO_URL), as it comes.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type BenchContext, type Row, type Section, serverCommand, timeCalls } from "./lib.ts";
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

export const section: Section = {
  title: "per call (stdio)",
  order: 20,
  real: true,
  async run(ctx) {
    const t = await target(ctx);
    const rows: Row[] = [];
    try {
      for (const path of paths(t)) {
        const floor = await timeCalls(await floorRequest(t, path), ctx.n);
        const server = await stdioClient(ctx, t, path);
        try {
          // Warm: logged in, fields known. Then every request the fake answers during the timed calls is theirs.
          for (let i = 0; i < 30; i++) await searchRead(server.client);
          const before = t.fake?.counters.requests ?? 0;
          const tool = await timeCalls(() => searchRead(server.client), ctx.n, 0);
          const perCall = t.fake ? (t.fake.counters.requests - before) / ctx.n : Number.NaN;
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
          if (t.fake) {
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

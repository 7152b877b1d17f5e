import { beforeAll, expect, test } from "bun:test";
import { ensureBinary } from "./binary.ts";

// The README's MCP Inspector commands, run as written against the built binary in demo mode. The inspector comes
// from the npm registry through npx (pinned; cached after the first run). Note the `--`: the inspector has a
// `--config` option of its own.
const INSPECTOR = ["npx", "--yes", "@modelcontextprotocol/inspector@2.12.0", "--cli"];
let binary: string;
beforeAll(async () => {
  binary = await ensureBinary();
}, 120_000);

async function inspect(args: string[]): Promise<unknown> {
  const proc = Bun.spawn([...INSPECTOR, ...args, "--", binary, "--demo"], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`inspector exited ${code}: ${err.slice(-2000)}`);
  return JSON.parse(out);
}

test("npx @modelcontextprotocol/inspector --cli --method tools/list -- odoo-mcp …", async () => {
  const { tools } = (await inspect(["--method", "tools/list"])) as { tools: Array<{ name: string }> };
  expect(tools.map((t) => t.name)).toContain("odoo_search_read");
  expect(tools).toHaveLength(6);
}, 180_000);

test("npx @modelcontextprotocol/inspector --cli --method tools/call … -- odoo-mcp …", async () => {
  const result = (await inspect([
    "--method",
    "tools/call",
    "--tool-name",
    "odoo_search_read",
    "--tool-arg",
    "model=res.partner",
    "--tool-arg",
    "limit=2",
  ])) as { structuredContent: { records: unknown[]; next_offset: number | null } };
  expect(result.structuredContent.records).toHaveLength(2);
  expect(result.structuredContent.next_offset).toBe(2);
}, 180_000);

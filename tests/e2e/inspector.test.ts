import { beforeAll, expect, test } from "bun:test";
import { TOOLS } from "../../src/tools/index.ts";
import { ensureBinary } from "./binary.ts";

// The README's MCP Inspector commands, run as written against the built binary in demo mode. The inspector comes
// from the npm registry through npx (pinned; cached after the first run). Note the `--`: the inspector has a
// `--config` option of its own.
// On a machine with only Bun (no npx), `bun x` runs the same package.
const RUNNER = Bun.which("npx") ? ["npx", "--yes"] : [process.execPath, "x"];
const INSPECTOR = [...RUNNER, "@modelcontextprotocol/inspector@2.12.0", "--cli"];
let binary: string;
beforeAll(async () => {
  binary = await ensureBinary();
}, 120_000);

async function inspect(args: string[]): Promise<unknown> {
  return (await inspectWithLog(args)).result;
}

/** The inspector's JSON answer and what it wrote on stderr (its schema lint, the server's log). */
async function inspectWithLog(args: string[]): Promise<{ result: unknown; stderr: string }> {
  const proc = Bun.spawn([...INSPECTOR, ...args, "--", binary, "--demo"], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`inspector exited ${code}: ${err.slice(-2000)}`);
  return { result: JSON.parse(out), stderr: err };
}

test("npx @modelcontextprotocol/inspector --cli --method tools/list -- odoo-mcp …", async () => {
  const { tools } = (await inspect(["--method", "tools/list"])) as { tools: Array<{ name: string }> };
  expect(tools.map((t) => t.name)).toContain("odoo_search_read");
  expect(tools).toHaveLength(TOOLS.length);
}, 180_000);

test("inspector --strict finds every tool schema portable: no error, no warning", async () => {
  const { result, stderr } = await inspectWithLog(["--strict", "--method", "tools/list"]);
  expect((result as { tools: unknown[] }).tools).toHaveLength(TOOLS.length);
  expect(stderr).not.toMatch(/(Error|Warning): tool "/);
  expect(stderr).not.toContain("Schema portability");
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

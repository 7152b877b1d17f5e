import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { ensureBinary } from "./binary.ts";

let odoo: FakeOdoo;
let binary: string;

beforeAll(async () => {
  [odoo, binary] = await Promise.all([startFakeOdoo({ version: "19.0" }), ensureBinary()]);
}, 120_000);
afterAll(() => odoo?.stop());

async function run(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([binary, "push", ...args], {
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PATH: process.env.PATH ?? "",
      ODOO_URL: odoo.url,
      DATABASE: odoo.database,
      ODOO_MCP_UID: "demo",
      PASSWORD: odoo.users.demo.password,
      ...env,
    },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

describe("odoo-mcp push (the compiled binary)", () => {
  test("a non-administrator is refused; install as the administrator given by --login, then uninstall", async () => {
    const admin = { ODOO_ADMIN_PASSWORD: odoo.users.admin.password };
    const refused = await run(["install", "--models", "res.partner"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("need an administrator");
    const dry = await run(["install", "--models", "res.partner", "--dry-run", "--login", "admin"], admin);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("would create base.automation 'odoo-mcp push res.partner on_create_or_write'");
    const installed = await run(["install", "--models", "res.partner", "--login", "admin"], admin);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/realtime\.push\.channel: odoo-mcp-[A-Za-z0-9_-]{22}\n/);
    const removed = await run(["uninstall", "--login", "admin"], admin);
    expect(removed.code).toBe(0);
    expect(removed.stdout.split("\n").filter((l) => l.startsWith("delete "))).toHaveLength(4);
  }, 60_000);
});

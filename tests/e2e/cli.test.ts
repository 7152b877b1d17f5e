import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { ensureBinary } from "./binary.ts";
import { httpConfig, runToExit, spawnHttp } from "./http-spawn.ts";

let odoo: FakeOdoo;
let binary: string;

beforeAll(async () => {
  [odoo, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
}, 120_000);
afterAll(() => odoo?.stop());

async function output(argv: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", ...env } });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

describe("the compiled binary's own commands", () => {
  test("--version prints the version and the platform it was built for", async () => {
    const { stdout, code } = await output([binary, "--version"]);
    expect(code).toBe(0);
    const platform = `${process.platform}-${process.arch === "x64" ? "x64" : process.arch}`;
    expect(stdout).toMatch(new RegExp(`^odoo-mcp \\d+\\.\\d+\\.\\d+\\S* ${platform}\\S*\\n$`));
  });

  test("a .env or bunfig.toml in the working directory changes nothing", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-autoload-"));
    writeFileSync(join(dir, ".env"), "ODOO_MCP_NO_SUCH_KEY=1\n");
    writeFileSync(join(dir, "bunfig.toml"), 'preload = ["./missing.ts"]\n');
    // An unknown ODOO_MCP_ variable is refused: were .env loaded, this would exit 2 naming it.
    const proc = Bun.spawn([binary, "doctor", "--demo"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(stderr).not.toContain("NO_SUCH_KEY");
    expect(stderr).not.toContain("missing.ts");
    expect(code).toBe(0);
  });

  test("healthcheck exits 0 against a healthy server, 1 with a one-line reason otherwise", async () => {
    const served = await spawnHttp(binary, ["--config", httpConfig(odoo, "health.yaml")]);
    try {
      const ok = await output([binary, "healthcheck", "--url", served.url]);
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      const port = new URL(served.url).port;
      // Without --url it asks 127.0.0.1 on ODOO_MCP_HTTP_PORT, as inside the container.
      expect((await output([binary, "healthcheck"], { ODOO_MCP_HTTP_PORT: port })).code).toBe(0);
      const wrong = await output([binary, "healthcheck", "--url", `${served.url}/nothing-here`]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/^odoo-mcp healthcheck: .*HTTP 404.*\n$/);
    } finally {
      await served.stop();
    }
    const down = await runToExit(binary, ["healthcheck", "--url", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
    expect(down.stderr).toContain("http://127.0.0.1:9/health");
  });

  test("healthcheck reports an unreachable Odoo as degraded", async () => {
    const dead = await startFakeOdoo({ version: "18.0" });
    const served = await spawnHttp(binary, ["--config", httpConfig(dead, "degraded.yaml")]);
    try {
      await dead.stop();
      const { code, stderr } = await output([binary, "healthcheck", "--url", served.url]);
      expect(code).toBe(1);
      expect(stderr).toContain("HTTP 503 degraded");
    } finally {
      await served.stop();
    }
  });
});

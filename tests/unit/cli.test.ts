import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parseCli } from "../../src/cli.ts";

describe("parseCli", () => {
  test("serve is the default command and flags become config overrides named by their flag", () => {
    const cli = parseCli(["--config", "c.yaml", "--port", "9000", "--transport", "sse", "--uid", "admin"]);
    expect(cli.command).toBe("serve");
    expect(cli.configPath).toBe("c.yaml");
    expect(cli.overrides).toEqual([
      { key: "uid", value: "admin", source: "--uid" },
      { key: "connection_type", value: "sse", source: "--transport" },
      { key: "http.port", value: "9000", source: "--port" },
    ]);
  });

  test("doctor, --version, --help and --demo", () => {
    expect(parseCli(["doctor", "-c", "x.yaml"]).command).toBe("doctor");
    expect(parseCli(["--version"]).command).toBe("version");
    expect(parseCli(["-h"]).command).toBe("help");
    expect(parseCli(["--demo"]).demo).toBe(true);
  });

  test("unknown flags and commands are refused with their name", () => {
    expect(() => parseCli(["--pasword", "x"])).toThrow(/pasword/);
    expect(() => parseCli(["srve"])).toThrow(/unknown command 'srve'/);
    expect(() => parseCli(["serve", "extra"])).toThrow(/unexpected argument 'extra'/);
  });

  test("secrets are not accepted as flags", () => {
    expect(() => parseCli(["--password", "admin"])).toThrow(/password/);
  });
});

describe("odoo-mcp --demo doctor, from source", () => {
  test("logs the effective configuration at DEBUG, keeps the login visible, ends the session before the demo Odoo", async () => {
    const main = join(import.meta.dir, "../../src/main.ts");
    // The environment's logging applies; its connection settings (a real Odoo's) do not.
    const env = {
      PATH: process.env.PATH ?? "",
      ODOO_MCP_LOGGING_LEVEL: "DEBUG",
      ODOO_URL: "http://127.0.0.1:1",
      ODOO_MCP_API_KEY: "a-real-key",
      PROTOCOL: "json2",
    };
    const proc = Bun.spawn([process.execPath, main, "--demo", "doctor"], { stdout: "pipe", stderr: "pipe", env });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    expect(code).toBe(0);
    expect(out).toContain("OK: odoo-mcp can work with this Odoo.");
    expect(err).toContain("effective configuration (secrets hidden):\nprotocol: auto");
    expect(err).toContain('password: "***"');
    // The demo admin's password is its login: a line naming the user must still name it.
    expect(err).toContain("as admin (uid 2)");
    expect(err).not.toContain("ending the Odoo session failed");
  });
});

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseArgv, parseCli } from "../../src/cli.ts";

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

describe("parseArgv", () => {
  // The reference: util.parseArgs in strict mode over the same flags (cli.ts has its own parser to keep node:util out
  // of the start-up).
  const string = { type: "string" as const };
  const options = {
    ...Object.fromEntries(
      ["odoo-url", "database", "uid", "protocol", "transport", "connection-type", "host", "port", "log-level"]
        .concat(["timeout", "url", "models", "login", "password-file"])
        .map((k) => [k, string]),
    ),
    config: { ...string, short: "c" },
    demo: { type: "boolean" as const },
    "dry-run": { type: "boolean" as const },
    help: { type: "boolean" as const, short: "h" },
    version: { type: "boolean" as const, short: "V" },
  };
  const reference = (args: string[]) => {
    try {
      const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
      const values: Record<string, unknown> = parsed.values;
      const flags: Record<string, unknown> = Object.fromEntries(
        Object.entries(values).filter(([, v]) => typeof v === "string"),
      );
      const switches = Object.keys(values).filter((k) => values[k] === true);
      const positionals = parsed.positionals;
      return { flags, switches: switches.sort(), positionals };
    } catch {
      return "refused";
    }
  };
  const ours = (args: string[]) => {
    try {
      const { values, switches, positionals } = parseArgv(args);
      const flags: Record<string, unknown> = values;
      return { flags, switches: [...switches].sort(), positionals };
    } catch {
      return "refused";
    }
  };

  test("accepts and refuses what util.parseArgs (strict) does, with the same values", () => {
    const cases = [
      [],
      ["serve", "--config", "c.yaml"],
      ["--config=c.yaml", "doctor"],
      ["-c", "c.yaml"],
      ["-cc.yaml"],
      ["-c=c.yaml"],
      ["-hV"],
      ["-Vc", "x"],
      ["-hc", "x"],
      ["--demo", "--port", "9000", "--port", "9001"],
      ["--demo=1"],
      ["--help=yes"],
      ["--config"],
      ["-c"],
      ["--config", "--demo"],
      ["--config", "-"],
      ["--config=--demo"],
      ["--nope"],
      ["-x"],
      ["-"],
      ["--", "--demo", "-c"],
      ["push", "install", "--models", "a,b", "--dry-run", "--login", "admin"],
      ["--uid", ""],
      ["--uid="],
      ["--database", "db", "extra", "--", "more"],
      ["---x"],
      ["-ch"],
      ["--port", "-5"],
      ["--=x"],
      ["--"],
      ["-h", "-"],
    ];
    for (const args of cases) expect({ args, got: ours(args) }).toEqual({ args, got: reference(args) });
  });

  test("says which flag is wrong", () => {
    expect(() => parseArgv(["--pasword", "x"])).toThrow("Unknown option '--pasword'");
    expect(() => parseArgv(["--config"])).toThrow("Option '--config <value>' argument missing");
    expect(() => parseArgv(["--demo=1"])).toThrow("Option '--demo' does not take an argument");
    expect(() => parseArgv(["-c", "--demo"])).toThrow(/'-c' argument is ambiguous/);
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

import { describe, expect, test } from "bun:test";
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

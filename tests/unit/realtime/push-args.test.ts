import { describe, expect, test } from "bun:test";
import { parseCli } from "../../../src/cli.ts";

describe("odoo-mcp push", () => {
  test("install with models, dry run and an admin login", () => {
    const cli = parseCli([
      "push",
      "install",
      "-c",
      "c.yaml",
      "--models",
      "res.partner, sale.order",
      "--dry-run",
      "--login",
      "root",
    ]);
    expect(cli.command).toBe("push");
    expect(cli.configPath).toBe("c.yaml");
    expect(cli.push).toEqual({ action: "install", dryRun: true, models: ["res.partner", "sale.order"], login: "root" });
  });

  test("uninstall; a missing or unknown action and push flags elsewhere are refused", () => {
    expect(parseCli(["push", "uninstall"]).push).toEqual({ action: "uninstall", dryRun: false });
    expect(() => parseCli(["push"])).toThrow("'push' needs 'install' or 'uninstall'");
    expect(() => parseCli(["push", "remove"])).toThrow("'push' needs 'install' or 'uninstall'");
    expect(() => parseCli(["push", "install", "extra"])).toThrow("unexpected argument 'extra'");
    expect(() => parseCli(["serve", "--models", "res.partner"])).toThrow("--models is a flag of 'push'");
    expect(() => parseCli(["--dry-run"])).toThrow("--dry-run is a flag of 'push'");
  });
});

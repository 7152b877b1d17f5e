import { describe, expect, test } from "bun:test";
import { parseCli } from "../../src/cli.ts";
import { healthUrl } from "../../src/healthcheck.ts";

describe("healthcheck", () => {
  test("is a command with its own --url flag", () => {
    expect(parseCli(["healthcheck"])).toMatchObject({ command: "healthcheck", url: undefined });
    expect(parseCli(["healthcheck", "--url", "http://h:1"])).toMatchObject({
      command: "healthcheck",
      url: "http://h:1",
    });
    expect(() => parseCli(["--url", "http://h:1"])).toThrow(/--url is a flag of 'healthcheck'/);
  });

  test("asks /health on this machine's HTTP port unless told where", () => {
    expect(healthUrl(undefined, {})).toBe("http://127.0.0.1:8080/health");
    expect(healthUrl(undefined, { ODOO_MCP_HTTP_PORT: "9000" })).toBe("http://127.0.0.1:9000/health");
    expect(healthUrl("http://mcp.internal:8080", {})).toBe("http://mcp.internal:8080/health");
    expect(healthUrl("http://mcp.internal:8080/health", {})).toBe("http://mcp.internal:8080/health");
    expect(() => healthUrl("not a url", {})).toThrow();
  });
});

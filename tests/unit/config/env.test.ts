import { describe, expect, test } from "bun:test";
import { ENV_VARS, envName, envOverrides } from "../../../src/config/env.ts";

describe("ENV_VARS", () => {
  const names = ENV_VARS.map((v) => v.name);

  test("lists the documented names first, then an ODOO_MCP_ name for every key", () => {
    expect(names.slice(0, 9)).toEqual([
      "ODOO_URL",
      "DATABASE",
      "UID",
      "PASSWORD",
      "PROTOCOL",
      "CONNECTION_TYPE",
      "REQUESTS_PER_MINUTE",
      "SSE_QUEUE_MAXSIZE",
      "ALLOWED_ORIGINS",
    ]);
    for (const n of ["ODOO_MCP_ODOO_URL", "ODOO_MCP_API_KEY", "ODOO_MCP_HTTP_PORT", "ODOO_MCP_HTTP_AUTH_TOKEN"]) {
      expect(names).toContain(n);
    }
    for (const n of ["ODOO_MCP_LOGGING_LEVEL", "ODOO_MCP_CONTEXT_LANG", "ODOO_MCP_PASSWORD_FILE", "ODOO_MCP_TIMEOUT"]) {
      expect(names).toContain(n);
    }
  });

  test("sections are not variables themselves, their keys are", () => {
    expect(names).not.toContain("ODOO_MCP_HTTP");
    expect(names).not.toContain("ODOO_MCP_LOGGING");
    expect(ENV_VARS.find((v) => v.name === "ODOO_MCP_HTTP_AUTH_TOKEN_FILE")?.key).toBe("http.auth_token_file");
  });

  test("envName joins nested keys with _", () => {
    expect(envName("limits.binary_max_bytes")).toBe("ODOO_MCP_LIMITS_BINARY_MAX_BYTES");
  });
});

describe("envOverrides", () => {
  test("bare names come before ODOO_MCP_ names so the latter win; other variables are ignored", () => {
    const { overrides, problems } = envOverrides({ ODOO_MCP_UID: "b", UID: "a", HOME: "/root", PATH: "/bin" });
    expect(overrides).toEqual([
      { key: "uid", value: "a", source: "env UID" },
      { key: "uid", value: "b", source: "env ODOO_MCP_UID" },
    ]);
    expect(problems).toEqual([]);
  });
});

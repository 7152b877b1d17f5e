import { expect, test } from "bun:test";
import { describeConfig, loadConfig } from "../../../src/config/load.ts";

test("describeConfig shows the effective settings with every secret redacted", async () => {
  const env = {
    ODOO_URL: "http://odoo:8069",
    DATABASE: "db",
    ODOO_MCP_UID: "admin",
    PASSWORD: "pw-secret",
    ODOO_MCP_API_KEY: "key-secret",
    ODOO_MCP_HTTP_AUTH_TOKEN: "tok-secret",
  };
  const { config } = await loadConfig({ env });
  const text = describeConfig(config);
  for (const s of ["pw-secret", "key-secret", "tok-secret"]) expect(text).not.toContain(s);
  expect(text).toContain(`password: "***"`);
  expect(text).toContain(`api_key: "***"`);
  expect(text).toContain(`auth_token: "***"`);
  expect(text).toContain("odoo_url: http://odoo:8069");
  expect(text).toContain("port: 8080");
});

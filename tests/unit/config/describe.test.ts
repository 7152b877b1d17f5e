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
  const text = await describeConfig(config);
  for (const s of ["pw-secret", "key-secret", "tok-secret"]) expect(text).not.toContain(s);
  expect(text).toContain(`password: "***"`);
  expect(text).toContain(`api_key: "***"`);
  expect(text).toContain(`auth_token: "***"`);
  expect(text).toContain("odoo_url: http://odoo:8069");
  expect(text).toContain("port: 8080");
});

test("a password in odoo_url (a proxy's basic auth) is a secret: hidden in the description, listed for redaction", async () => {
  const env = { ODOO_URL: "https://bob:p%40ss@erp.example.com", DATABASE: "db", ODOO_MCP_UID: "admin", PASSWORD: "pw" };
  const { config, secrets } = await loadConfig({ env });
  expect(await describeConfig(config)).toContain("odoo_url: https://bob:***@erp.example.com");
  expect(secrets).toEqual(expect.arrayContaining(["p%40ss", "p@ss"]));
});

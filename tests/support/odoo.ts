import * as v from "valibot";
import { type Config, ConfigSchema } from "../../src/config/schema.ts";
import type { FakeOdoo } from "../../src/fake-odoo/index.ts";
import { createOdooClient, type OdooClientOptions } from "../../src/odoo/client.ts";
import type { OdooClient } from "../../src/odoo/types.ts";

/**
 * odoo-mcp's parsed configuration for serving HTTP (port 0) in front of `odoo` as its admin (password); `over` is
 * laid on top, its `http` merged into the default one.
 */
export function fakeConfig(odoo: FakeOdoo, over: Record<string, unknown> = {}): Config {
  const { admin } = odoo.users;
  return v.parse(ConfigSchema, {
    odoo_url: odoo.url,
    database: odoo.database,
    uid: admin.login,
    password: admin.password,
    connection_type: "sse",
    ...over,
    http: { port: 0, ...(over.http as Record<string, unknown> | undefined) },
  });
}

/** An Odoo client logged in as the fake's admin (password, protocol auto, 5 s timeout); `extra` overrides. */
export function adminClient(odoo: FakeOdoo, extra: Partial<OdooClientOptions> = {}): OdooClient {
  return createOdooClient({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    password: odoo.users.admin.password,
    protocol: "auto",
    timeoutMs: 5000,
    ...extra,
  });
}

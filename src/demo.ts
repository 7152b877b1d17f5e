// The demo serves the same fake Odoo the tests use (plain Bun code, no test dependencies), bundled into the binary.

import { ENV_VARS } from "./config/load.ts";
import type { Config } from "./config/schema.ts";
import { startFakeOdoo } from "./fake-odoo/index.ts";
import type { OdooClient } from "./odoo/types.ts";
import { applyInstall, planInstall } from "./realtime/push-install.ts";

/** A running built-in fake Odoo for `--demo`, and the config overrides that point odoo-mcp at it. */
export interface DemoOdoo {
  url: string;
  version: string;
  overrides: Array<{ key: string; value: string; source: string }>;
  stop(): Promise<void>;
}

/** Starts the fake Odoo in-process on a free loopback port, logged in as its admin user. */
export async function startDemoOdoo(version: "17.0" | "18.0" | "19.0" = "18.0"): Promise<DemoOdoo> {
  const fake = await startFakeOdoo({ version });
  const set = (key: string, value: string) => ({ key, value, source: "--demo" });
  return {
    url: fake.url,
    version: fake.version,
    overrides: [
      set("odoo_url", fake.url),
      set("database", fake.database),
      set("uid", fake.users.admin.login),
      set("password", fake.users.admin.password),
    ],
    stop: () => fake.stop(),
  };
}

// --demo connects to its own fake Odoo: the environment's connection settings (a real ODOO_URL, an API key) stay out,
// the rest (logging, transport, HTTP) still applies.
const DEMO_IGNORES = new Set([
  "odoo_url",
  "database",
  "uid",
  "password",
  "password_file",
  "api_key",
  "api_key_file",
  "protocol",
]);

/** The environment without the variables that would point `--demo` away from its fake Odoo. */
export const demoEnv = (env: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(env).filter(([name]) => !ENV_VARS.some((v) => v.name === name && DEMO_IGNORES.has(v.key))),
  );

/**
 * `--demo` with `realtime.push.enabled`: installs push mode's rules in the demo's fake Odoo (for
 * `realtime.push.models`, else res.partner) on the configured channel or a new one, and returns the config with it.
 */
export async function demoPush(config: Config, odoo: OdooClient): Promise<Config> {
  const push = config.realtime.push;
  const models = push.models.length > 0 ? push.models : ["res.partner"];
  const plan = await planInstall(odoo, models, push.channel);
  await applyInstall(odoo, plan);
  return { ...config, realtime: { ...config.realtime, push: { ...push, models, channel: plan.channel } } };
}

import { startFakeOdoo } from "../tests/fake-odoo/index.ts";

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

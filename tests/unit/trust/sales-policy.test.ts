import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import type { Config } from "../../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createLogger } from "../../../src/log.ts";
import { TOOLS } from "../../../src/tools/index.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { connect, type Session, text } from "../mcp/harness.ts";

// The README's "read-only sales assistant" policy, exactly as written there, loaded through the real configuration
// loader and served against the fake. The fake has no Sales app (nor do the captured databases): sale.order and
// sales_team's groups do not exist, so the assistant runs as the demo user, an Internal User; the rules about
// sale.order are checked as far as configuration goes.

const readme = readFileSync(join(import.meta.dir, "..", "..", "..", "README.md"), "utf8");
const intro = readme.indexOf("A complete policy for a read-only sales assistant:");
const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(intro))?.[1] ?? "";

async function load(dir: string, overrides: Record<string, string>): Promise<Config> {
  const path = join(dir, "sales.yaml");
  writeFileSync(path, block);
  const list = Object.entries(overrides).map(([key, value]) => ({ key, value, source: "test" }));
  return (await loadConfig({ path, env: {}, overrides: list })).config;
}

test("the README block is there and is the policy the README describes", async () => {
  expect(intro).toBeGreaterThan(0);
  expect(block).toContain("read_only: true");
  const dir = mkdtempSync(join(tmpdir(), "sales-policy-"));
  try {
    const config = await load(dir, { odoo_url: "http://odoo", database: "db", uid: "demo", password: "x" });
    expect(config.policy.read_only).toBe(true);
    expect(config.policy.tools?.disabled).toEqual(["odoo_call_method"]);
    expect(config.policy.models?.deny).toEqual(["res.partner.bank"]);
    expect(config.policy.fields?.deny).toContain("res.partner:vat");
    expect(config.approval.tools).toEqual(["odoo_unlink"]);
    expect(config.audit.file).toBe("/var/log/odoo-mcp/audit.jsonl");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe.each(["17.0", "18.0", "19.0"] as FakeVersion[])("the read-only sales assistant (Odoo %s)", (version) => {
  let odoo: FakeOdoo;
  let dir: string;
  let audit: string;
  let s: Session;
  let close: () => Promise<void>;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version });
    dir = mkdtempSync(join(tmpdir(), "sales-policy-"));
    audit = join(dir, "audit.jsonl");
    const { demo } = odoo.users;
    const config = await load(dir, {
      odoo_url: odoo.url,
      database: odoo.database,
      uid: demo.login,
      password: demo.password,
      "audit.file": audit,
    });
    const log = createLogger({ ...config.logging, handlers: [] }, { stderr: { write() {} } });
    const client = odooClientFromConfig(config, log);
    s = await connect({ config, odoo: client, log }, "v1");
    close = async () => {
      await s.close();
      await client.close();
    };
  });
  afterAll(async () => {
    await close?.();
    await odoo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("only reading tools are listed: no write tool, no odoo_call_method", async () => {
    const listed = (await s.client.listTools()).tools.map((t) => t.name);
    const writers = TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    expect(writers).toContain("odoo_unlink");
    expect(listed.filter((name) => writers.includes(name) || name === "odoo_call_method")).toEqual([]);
    expect(listed).toEqual(expect.arrayContaining(["odoo_search_read", "odoo_read", "odoo_list_models"]));
    // An unlisted tool is a tool the server does not have: a protocol error, whatever approval would have said.
    const unlink = await s.call("odoo_unlink", { model: "res.partner", ids: [9] }, {}).catch((e: Error) => e);
    expect(String(unlink instanceof Error ? unlink.message : JSON.stringify(unlink))).toContain("odoo_unlink");
    expect(unlink).toBeInstanceOf(Error);
  });

  test("allowed models answer, others are as missing as res.partner.bank, and vat is hidden", async () => {
    const partners = await s.call("odoo_search_read", { model: "res.partner", limit: 5 }, {});
    expect(partners.isError).toBeFalsy();
    expect(text(partners)).toContain("Azure Interior");
    expect(text(partners)).not.toMatch(/"vat"|"bank_ids"|"user_id"/);
    const countries = await s.call("odoo_search_read", { model: "res.country", fields: ["name"], limit: 2 }, {});
    expect(countries.isError).toBeFalsy();
    for (const model of ["res.partner.bank", "res.users", "ir.attachment", "res.company"]) {
      const refused = await s.call("odoo_search_read", { model }, {});
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain(`Model '${model}' is not available`);
    }
    const byVat = await s.call("odoo_search_read", { model: "res.partner", domain: [["vat", "!=", false]] }, {});
    expect(byVat.isError).toBe(true);
    const models = text(await s.call("odoo_list_models", {}, {}));
    expect(models).toContain("res.partner");
    expect(models).not.toMatch(/res\.users|ir\.attachment|res\.partner\.bank/);
    const described = text(await s.call("odoo_describe_model", { model: "res.partner" }, {}));
    expect(described).toContain("email");
    expect(described).not.toMatch(/\bvat\b|Tax ID/);
  });

  test("reading writes no audit line (the trail is for changes and method calls)", () => {
    expect(existsSync(audit) ? readFileSync(audit, "utf8") : "").toBe("");
  });
});

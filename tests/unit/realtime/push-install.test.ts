import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { type PushCommand, runPushCommand } from "../../../src/realtime/push-cli.ts";
import { PUSH_PREFIX, pushCode } from "../../../src/realtime/push-code.ts";
import { type Backend, startBackend } from "../mcp/harness.ts";

type Row = Record<string, unknown>;

for (const version of ["17.0", "18.0", "19.0"] as FakeVersion[]) {
  describe(`push install/uninstall on ${version}`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend({ version });
    });
    afterAll(() => b.stop());

    const run = async (cmd: Partial<PushCommand>, config = b.deps.config, env: Record<string, string> = {}) => {
      const lines: string[] = [];
      const code = await runPushCommand(
        { action: "install", dryRun: false, ...cmd },
        { ...b.deps, config, out: (l) => lines.push(l), env },
      );
      return { code, lines };
    };
    const ours = async () => {
      const like = [["name", "like", PUSH_PREFIX]];
      const ctx = { context: { active_test: false } };
      const rules = await b.deps.odoo.executeKw<Row[]>("base.automation", "search_read", [like], {
        fields: ["name", "model_id", "trigger", "active", "action_server_ids"],
        ...ctx,
      });
      const actions = await b.deps.odoo.executeKw<Row[]>("ir.actions.server", "search_read", [like], {
        fields: ["name", "model_id", "state", "code", "base_automation_id"],
      });
      return { rules, actions };
    };
    const channelLine = (lines: string[]) => lines.find((l) => l.includes("realtime.push.channel: "))?.split(": ")[1];

    test("dry run creates nothing and says what it would create", async () => {
      const { code, lines } = await run({ models: ["res.partner"], dryRun: true });
      expect(code).toBe(0);
      expect(lines).toContain(
        "would create base.automation 'odoo-mcp push res.partner on_create_or_write' trigger on_create_or_write",
      );
      expect(lines).toContain("would create base.automation 'odoo-mcp push res.partner on_unlink' trigger on_unlink");
      expect(await ours()).toEqual({ rules: [], actions: [] });
    });

    test("install: one code action + one rule per model and trigger, linked, sending on a new 128-bit channel", async () => {
      const { code, lines } = await run({ models: ["res.partner", "res.company"] });
      expect(code).toBe(0);
      const channel = channelLine(lines)!;
      expect(channel).toMatch(/^odoo-mcp-[A-Za-z0-9_-]{22}$/);
      expect(lines).toContainEqual(expect.stringMatching(/^add res\.partner, res\.company to realtime\.push\.models/));
      const { rules, actions } = await ours();
      const names = ["res.partner", "res.company"].flatMap((m) =>
        ["on_create_or_write", "on_unlink"].map((t) => `odoo-mcp push ${m} ${t}`),
      );
      expect(rules.map((r) => r.name).sort()).toEqual([...names].sort());
      expect(actions.map((a) => a.name).sort()).toEqual([...names].sort());
      for (const rule of rules) {
        const action = actions.find((a) => a.name === rule.name)!;
        expect(rule.action_server_ids).toEqual([action.id]);
        expect((action.base_automation_id as unknown[])[0]).toBe(rule.id);
        expect(action).toMatchObject({ state: "code", code: pushCode(channel) });
        expect(rule.trigger).toBe(String(rule.name).split(" ").at(-1)!);
        expect(rule.active).toBe(true);
        expect((rule.model_id as unknown[])[0]).toBe((action.model_id as unknown[])[0]);
      }
    });

    test("install twice: the same records, the channel read back from Odoo; fewer models deletes the others", async () => {
      const before = await ours();
      const again = await run({ models: ["res.partner", "res.company"] });
      expect(again.lines.filter((l) => !/^(keep |triggers:|add )/.test(l))).toEqual([
        expect.stringContaining("read from the rules in Odoo"),
        expect.stringContaining("realtime.push.channel: odoo-mcp-"),
        expect.stringContaining("done"),
      ]);
      expect(await ours()).toEqual(before);
      await run({ models: ["res.partner"] });
      const after = await ours();
      expect(after.rules.map((r) => r.name).sort()).toEqual([
        "odoo-mcp push res.partner on_create_or_write",
        "odoo-mcp push res.partner on_unlink",
      ]);
      expect(after.actions).toHaveLength(2);
    });

    test("a configured channel replaces the one in Odoo, in place", async () => {
      const before = await ours();
      const channel = "configured-channel-0123456789abcdef";
      const config = {
        ...b.deps.config,
        realtime: { ...b.deps.config.realtime, push: { ...b.deps.config.realtime.push, channel } },
      };
      const { lines } = await run({ models: ["res.partner"] }, config);
      expect(channelLine(lines)).toBeUndefined();
      const after = await ours();
      expect(after.actions.map((a) => a.id)).toEqual(before.actions.map((a) => a.id));
      for (const a of after.actions) expect(a.code).toBe(pushCode(channel));
    });

    test("uninstall removes exactly what install made and leaves other rules alone", async () => {
      const other = await b.deps.odoo.executeKw<number>("base.automation", "create", [
        { name: "Someone else's rule", model_id: 1, trigger: "on_create" },
      ]);
      const dry = await run({ action: "uninstall", dryRun: true });
      expect(dry.lines.filter((l) => l.startsWith("would delete"))).toHaveLength(4);
      expect((await ours()).rules).toHaveLength(2);
      expect((await run({ action: "uninstall" })).code).toBe(0);
      expect(await ours()).toEqual({ rules: [], actions: [] });
      const left = await b.deps.odoo.executeKw<Row[]>("base.automation", "read", [[other], ["name"]]);
      expect(left).toEqual([{ id: other, name: "Someone else's rule" }]);
      expect((await run({ action: "uninstall" })).lines).toEqual(["nothing to remove: no push rules in this Odoo"]);
    });

    test("refuses with how to install base_automation when the module is not installed", async () => {
      // The fake keeps ir.module.module's state read-only: the answer is rewritten as a database without it reads.
      const real = b.deps.odoo;
      const odoo = {
        ...real,
        executeKw: async <T>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>) => {
          const rows = await real.executeKw<Row[]>(model, method, args, kwargs);
          return (model === "ir.module.module" ? rows.map((r) => ({ ...r, state: "uninstalled" })) : rows) as T;
        },
      };
      const errors: string[] = [];
      const log = { ...b.deps.log, error: (m: string) => errors.push(m) } as typeof b.deps.log;
      const cmd = { action: "install" as const, dryRun: false, models: ["res.partner"] };
      expect(await runPushCommand(cmd, { ...b.deps, odoo, log, out: () => {} })).toBe(2);
      expect(errors.join("\n")).toContain("base_automation (Automation Rules) is not installed (state: uninstalled)");
      expect(errors.join("\n")).toContain("-i base_automation");
      expect(await ours()).toEqual({ rules: [], actions: [] });
    });

    test("a non-administrator is refused, told to use --login; --login takes the admin password from the env", async () => {
      const demo = b.fake.users.demo;
      const config = { ...b.deps.config, uid: demo.login, password: demo.password };
      const { odooClientFromConfig } = await import("../../../src/wire.ts");
      const odoo = odooClientFromConfig(config, b.deps.log);
      const errors: string[] = [];
      const log = { ...b.deps.log, error: (m: string) => errors.push(m) } as typeof b.deps.log;
      const cmd = { action: "install" as const, dryRun: true, models: ["res.partner"] };
      expect(await runPushCommand(cmd, { config, odoo, log, out: () => {}, env: {} })).toBe(2);
      expect(errors.join("\n")).toContain("need an administrator");
      const lines: string[] = [];
      const env = { ODOO_ADMIN_PASSWORD: b.fake.users.admin.password };
      const withAdmin = { ...cmd, login: "admin" };
      expect(await runPushCommand(withAdmin, { config, odoo, log, out: (l) => lines.push(l), env })).toBe(0);
      expect(lines.join("\n")).not.toContain(
        b.fake.users.admin.password === "admin" ? "\0" : b.fake.users.admin.password,
      );
      await odoo.close();
    });
  });
}

describe("--demo with push enabled", () => {
  test("installs the rules in the fake on a new channel and returns the config with it", async () => {
    const b = await startBackend({ config: { realtime: { push: { enabled: true } } } });
    try {
      const { demoPush } = await import("../../../src/demo.ts");
      const config = await demoPush(b.deps.config, b.deps.odoo);
      expect(config.realtime.push.channel).toMatch(/^odoo-mcp-/);
      const actions = await b.deps.odoo.executeKw<Row[]>(
        "ir.actions.server",
        "search_read",
        [[["name", "like", PUSH_PREFIX]]],
        {
          fields: ["code"],
        },
      );
      expect(actions.map((a) => a.code)).toEqual([
        pushCode(config.realtime.push.channel!),
        pushCode(config.realtime.push.channel!),
      ]);
    } finally {
      await b.stop();
    }
  });
});

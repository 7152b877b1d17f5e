import { readFile } from "node:fs/promises";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { OdooClient } from "../odoo/types.ts";
import { odooClientFromConfig } from "../wire.ts";
import {
  applyInstall,
  applyUninstall,
  describeSteps,
  PushSetupError,
  planInstall,
  planUninstall,
} from "./push-install.ts";

/** What `odoo-mcp push install|uninstall` was asked. */
export interface PushCommand {
  action: "install" | "uninstall";
  models?: string[];
  dryRun: boolean;
  /** An administrator's login (else the configured user); the password from ODOO_ADMIN_PASSWORD or a file. */
  login?: string;
  passwordFile?: string;
}

/** Where the admin password comes from besides a file (never a flag: other users see the process list). */
export const ADMIN_PASSWORD_ENV = "ODOO_ADMIN_PASSWORD";

/** The client to install with: the configured credentials, or `--login` with the admin password from env or file. */
async function adminClient(cmd: PushCommand, config: Config, log: Logger, env: Record<string, string | undefined>) {
  if (cmd.login === undefined) return undefined;
  const password = cmd.passwordFile
    ? (await readFile(cmd.passwordFile, "utf8")).replace(/[\r\n]+$/, "")
    : env[ADMIN_PASSWORD_ENV];
  if (!password) throw new PushSetupError(`--login needs the password in ${ADMIN_PASSWORD_ENV} or --password-file`);
  const admin = { ...config, uid: cmd.login, password, password_file: undefined, api_key: undefined };
  return odooClientFromConfig(admin, log);
}

/**
 * Runs `push install` or `push uninstall` and prints what it did (or would do, with --dry-run) on `out`; returns
 * the exit code. Credentials are never printed; the channel is printed when it is not configured yet, since the
 * server needs it (`realtime.push.channel`).
 */
export async function runPushCommand(
  cmd: PushCommand,
  deps: {
    config: Config;
    odoo: OdooClient;
    log: Logger;
    out: (line: string) => void;
    env?: Record<string, string | undefined>;
  },
): Promise<number> {
  const { config, log, out } = deps;
  let own: OdooClient | undefined;
  try {
    own = await adminClient(cmd, config, log, deps.env ?? process.env);
    const odoo = own ?? deps.odoo;
    if (cmd.action === "uninstall") {
      const steps = await planUninstall(odoo);
      for (const line of describeSteps(steps, cmd.dryRun)) out(line);
      if (steps.length === 0) out("nothing to remove: no push rules in this Odoo");
      if (!cmd.dryRun) await applyUninstall(odoo, steps);
      return 0;
    }
    const models = cmd.models ?? config.realtime.push.models;
    const plan = await planInstall(odoo, models, config.realtime.push.channel);
    out(`triggers: ${plan.triggers.join(", ")}`);
    for (const line of describeSteps(plan.steps, cmd.dryRun)) out(line);
    if (!cmd.dryRun) await applyInstall(odoo, plan);
    if (plan.channelFrom !== "config") {
      out(
        `${cmd.dryRun ? "the channel would be" : "channel"} (${plan.channelFrom === "new" ? "new" : "read from the rules in Odoo"}); ` +
          "give it to the server as realtime.push.channel (or ODOO_MCP_REALTIME_PUSH_CHANNEL), and keep it secret:",
      );
      out(`  realtime.push.channel: ${plan.channel}`);
    }
    const listed = new Set(config.realtime.push.models);
    const missing = models.filter((m) => !listed.has(m));
    if (missing.length > 0)
      out(
        `add ${missing.join(", ")} to realtime.push.models: polling slows down while the bus is up only when every ` +
          "watched model is listed there",
      );
    if (!cmd.dryRun) out("done: set realtime.push.enabled: true and restart odoo-mcp to use push mode");
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`push ${cmd.action}: ${message}`);
    return e instanceof PushSetupError ? 2 : 1;
  } finally {
    await own?.close();
  }
}

import { OdooError } from "../odoo/errors.ts";
import type { OdooClient } from "../odoo/types.ts";
import { channelOf, newChannel, PUSH_PREFIX, pushCode, validChannel } from "./push-code.ts";

type Row = Record<string, unknown>;
type Odoo = Pick<OdooClient, "executeKw">;

/** `push install`/`uninstall` cannot go on; the message says what to do. */
export class PushSetupError extends Error {}

/** One thing install or uninstall does (or, with --dry-run, would do) in Odoo. */
export interface PushStep {
  op: "create" | "update" | "keep" | "delete";
  model: "ir.actions.server" | "base.automation";
  name: string;
  id?: number;
  values?: Row;
}

/** What `push install` found and decided. */
export interface PushPlan {
  channel: string;
  /** Where the channel came from: the configuration, the rules already in Odoo, or new. */
  channelFrom: "config" | "odoo" | "new";
  triggers: string[];
  steps: PushStep[];
}

// Triggers that see every change: create and write in one rule, deletion in another (where the version has it).
const WANTED_TRIGGERS = ["on_create_or_write", "on_unlink"];
const ALL = { context: { active_test: false } };

/** The name of the rule (and of its server action) for `model` and `trigger`: the prefix identifies them. */
export const ruleName = (model: string, trigger: string) => `${PUSH_PREFIX}${model} ${trigger}`;

async function call<T>(odoo: Odoo, model: string, method: string, args: unknown[], kwargs: Row = {}): Promise<T> {
  try {
    return await odoo.executeKw<T>(model, method, args, kwargs);
  } catch (e) {
    if (e instanceof OdooError && e.kind === "access")
      throw new PushSetupError(
        `Odoo refused ${model}.${method} to this user: push install and uninstall need an administrator ` +
          `(Settings access); give one with --login and ODOO_ADMIN_PASSWORD (${e.message})`,
      );
    throw e;
  }
}

/** Refuses with how to install it when Odoo's `base_automation` module (Automation Rules) is not installed. */
export async function checkBaseAutomation(odoo: Odoo): Promise<void> {
  const rows = await call<Row[]>(odoo, "ir.module.module", "search_read", [[["name", "=", "base_automation"]]], {
    fields: ["state"],
  });
  if (rows[0]?.state === "installed") return;
  throw new PushSetupError(
    "Odoo's module base_automation (Automation Rules) is not installed" +
      (rows[0] ? ` (state: ${String(rows[0].state)})` : "") +
      ": install it (Apps, search 'Automation Rules', or `odoo-bin -d <db> -i base_automation`), then run " +
      "'odoo-mcp push install' again",
  );
}

/** The rules and server actions a previous install made (found by their name prefix), archived ones included. */
async function existing(odoo: Odoo): Promise<{ rules: Row[]; actions: Row[] }> {
  const like = [["name", "like", PUSH_PREFIX]];
  const [rules, actions] = await Promise.all([
    call<Row[]>(odoo, "base.automation", "search_read", [like], { fields: ["name", "trigger", "active"], ...ALL }),
    call<Row[]>(odoo, "ir.actions.server", "search_read", [like], { fields: ["name", "code", "base_automation_id"] }),
  ]);
  const ours = (r: Row) => String(r.name).startsWith(PUSH_PREFIX);
  return { rules: rules.filter(ours), actions: actions.filter(ours) };
}

const m2oId = (v: unknown) => (Array.isArray(v) ? Number(v[0]) : typeof v === "number" ? v : undefined);

/**
 * Decides what `push install` does: per model and trigger (on_create_or_write, and on_unlink where the version's
 * base.automation offers it — read from fields_get, 17/18/19 spell the selection differently), one server action
 * running `bus.bus._sendone` on the channel and one rule; existing ones are kept or updated, rules of models no
 * longer asked for are deleted. The channel: the configured one, else the one the rules in Odoo use, else a new one.
 */
export async function planInstall(odoo: Odoo, models: string[], configured?: string): Promise<PushPlan> {
  if (models.length === 0)
    throw new PushSetupError("no models to push: give --models res.partner,sale.order or set realtime.push.models");
  if (configured !== undefined && !validChannel(configured))
    throw new PushSetupError("realtime.push.channel must be 22–200 letters, digits, '-' or '_' (a random secret)");
  await checkBaseAutomation(odoo);
  const fields = await call<Record<string, { selection?: [string, string][] }>>(
    odoo,
    "base.automation",
    "fields_get",
    [["trigger"]],
    { attributes: ["type", "selection"] },
  );
  const offered = new Set((fields.trigger?.selection ?? []).map(([key]) => key));
  if (!offered.has("on_create_or_write"))
    throw new PushSetupError("this Odoo's automation rules have no on_create_or_write trigger: push mode cannot work");
  const triggers = WANTED_TRIGGERS.filter((t) => offered.has(t));
  const modelRows = await call<Row[]>(odoo, "ir.model", "search_read", [[["model", "in", models]]], {
    fields: ["model"],
  });
  const modelIds = new Map(modelRows.map((r) => [String(r.model), Number(r.id)]));
  const unknown = models.filter((m) => !modelIds.has(m));
  if (unknown.length) throw new PushSetupError(`no such model in this Odoo: ${unknown.join(", ")}`);

  const found = await existing(odoo);
  const inOdoo = found.actions.map((a) => channelOf(a.code)).find((c) => c !== undefined);
  const channel = configured ?? inOdoo ?? newChannel();
  const channelFrom = configured ? "config" : inOdoo ? "odoo" : "new";
  const code = pushCode(channel);
  const steps: PushStep[] = [];
  const wanted = new Set<string>();
  for (const model of models) {
    const model_id = modelIds.get(model)!;
    for (const trigger of triggers) {
      const name = ruleName(model, trigger);
      wanted.add(name);
      const rule = found.rules.find((r) => r.name === name);
      const action = found.actions.find((a) => a.name === name && (!rule || m2oId(a.base_automation_id) === rule.id));
      const actionValues = { name, model_id, state: "code", code };
      if (!action) steps.push({ op: "create", model: "ir.actions.server", name, values: actionValues });
      else if (action.code !== code)
        steps.push({ op: "update", model: "ir.actions.server", name, id: Number(action.id), values: { code } });
      else steps.push({ op: "keep", model: "ir.actions.server", name, id: Number(action.id) });
      const ruleValues = { name, model_id, trigger };
      if (!rule) steps.push({ op: "create", model: "base.automation", name, values: ruleValues });
      else if (rule.trigger !== trigger || rule.active !== true || !action)
        steps.push({
          op: "update",
          model: "base.automation",
          name,
          id: Number(rule.id),
          values: { trigger, active: true },
        });
      else steps.push({ op: "keep", model: "base.automation", name, id: Number(rule.id) });
    }
  }
  for (const rule of found.rules) {
    if (!wanted.has(String(rule.name)))
      steps.push({ op: "delete", model: "base.automation", name: String(rule.name), id: Number(rule.id) });
  }
  for (const action of found.actions) {
    if (!wanted.has(String(action.name)))
      steps.push({ op: "delete", model: "ir.actions.server", name: String(action.name), id: Number(action.id) });
  }
  return { channel, channelFrom, triggers, steps };
}

/** Applies a plan: server actions first, each rule then created or relinked with its action (as the capture did). */
export async function applyInstall(odoo: Odoo, plan: PushPlan): Promise<void> {
  const actionIds = new Map<string, number>();
  for (const s of plan.steps) {
    if (s.model !== "ir.actions.server" || s.op === "delete") continue;
    if (s.op === "create") actionIds.set(s.name, await call<number>(odoo, s.model, "create", [s.values]));
    else {
      if (s.op === "update") await call(odoo, s.model, "write", [[s.id], s.values]);
      actionIds.set(s.name, s.id!);
    }
  }
  for (const s of plan.steps) {
    if (s.model !== "base.automation" || s.op === "delete" || s.op === "keep") continue;
    const link = { action_server_ids: [[6, 0, [actionIds.get(s.name)!]]] };
    if (s.op === "create") await call(odoo, s.model, "create", [{ ...s.values, ...link }]);
    else await call(odoo, s.model, "write", [[s.id], { ...s.values, ...link }]);
  }
  await removeSteps(odoo, plan.steps);
}

/** Deletes the rules, then the server actions still there (Odoo 17+ deletes a rule's actions with it). */
async function removeSteps(odoo: Odoo, steps: PushStep[]): Promise<void> {
  const ids = (model: PushStep["model"]) =>
    steps.filter((s) => s.op === "delete" && s.model === model).map((s) => s.id!);
  const rules = ids("base.automation");
  if (rules.length) await call(odoo, "base.automation", "unlink", [rules]);
  const actions = ids("ir.actions.server");
  if (actions.length === 0) return;
  const left = await call<number[]>(odoo, "ir.actions.server", "search", [[["id", "in", actions]]]);
  if (left.length) await call(odoo, "ir.actions.server", "unlink", [left]);
}

/** What `push uninstall` removes: every rule and server action whose name has the push prefix. */
export async function planUninstall(odoo: Odoo): Promise<PushStep[]> {
  const found = await existing(odoo);
  return [
    ...found.rules.map((r) => ({
      op: "delete" as const,
      model: "base.automation" as const,
      name: String(r.name),
      id: Number(r.id),
    })),
    ...found.actions.map((a) => ({
      op: "delete" as const,
      model: "ir.actions.server" as const,
      name: String(a.name),
      id: Number(a.id),
    })),
  ];
}

/** Removes what `planUninstall` found. */
export const applyUninstall = (odoo: Odoo, steps: PushStep[]) => removeSteps(odoo, steps);

/** One line per step, for the terminal. */
export function describeSteps(steps: PushStep[], dryRun: boolean): string[] {
  const verb = { create: "create", update: "update", keep: "keep", delete: "delete" } as const;
  return steps.map((s) => {
    const what = `${s.model} '${s.name}'${s.id !== undefined ? ` (id ${s.id})` : ""}`;
    const detail = s.values && "trigger" in s.values ? ` trigger ${String(s.values.trigger)}` : "";
    return `${dryRun && s.op !== "keep" ? "would " : ""}${verb[s.op]} ${what}${detail}`;
  });
}

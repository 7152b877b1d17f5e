import { defineModel, F, type FieldDef, type ModelDef } from "./schema.ts";

// base.automation's triggers as fields_get lists them (base_automation_fields.json): 19 swaps the first two
// record triggers and renames them.
const TRIGGERS_17: [string, string][] = [
  ["on_stage_set", "Stage is set to"],
  ["on_user_set", "User is set"],
  ["on_tag_set", "Tag is added"],
  ["on_state_set", "State is set to"],
  ["on_priority_set", "Priority is set to"],
  ["on_archive", "On archived"],
  ["on_unarchive", "On unarchived"],
  ["on_create_or_write", "On save"],
  ["on_create", "On creation"],
  ["on_write", "On update"],
  ["on_unlink", "On deletion"],
  ["on_change", "On UI change"],
  ["on_time", "Based on date field"],
  ["on_time_created", "After creation"],
  ["on_time_updated", "After last update"],
  ["on_message_received", "On incoming message"],
  ["on_message_sent", "On outgoing message"],
  ["on_webhook", "On webhook"],
];
const TRIGGERS_19: [string, string][] = TRIGGERS_17.flatMap(([key, label]): [string, string][] => {
  if (key === "on_create_or_write") return [["on_create", "On create"]];
  if (key === "on_create") return [["on_create_or_write", "On create and edit"]];
  return [[key, label]];
});

const trigger: FieldDef = {
  ...F.sel("Trigger", TRIGGERS_17, { required: true }),
  perVersion: (major) => (major >= 19 ? { selection: TRIGGERS_19 } : {}),
};

/** `ir.actions.server` (administrators only): the fake runs only the bus `_sendone` code of `push install`. */
export const serverActionModel: ModelDef = defineModel({
  model: "ir.actions.server",
  description: "Server Action",
  order: "sequence,name",
  recName: "name",
  adminOnly: true,
  fields: {
    name: F.char("Action Name", { required: true }),
    model_id: F.m2o("Model", "ir.model", { required: true, ondelete: "set null" }),
    state: F.sel(
      "Type",
      [
        ["object_write", "Update Record"],
        ["object_create", "Create Record"],
        ["code", "Execute Code"],
        ["webhook", "Send Webhook Notification"],
        ["multi", "Execute Existing Actions"],
      ],
      { required: true, default: "object_write" },
    ),
    code: F.text("Python Code"),
    sequence: F.int("Sequence", { default: 5 }),
    // base_automation/models/ir_actions_server.py (17+): ondelete='cascade', a rule's actions go with it.
    base_automation_id: F.m2o("Automation Rule", "base.automation", { ondelete: "cascade" }),
  },
});

/** `base.automation` (module base_automation; administrators only). */
export const automationModel: ModelDef = defineModel({
  model: "base.automation",
  description: "Automation Rule",
  order: "id",
  recName: "name",
  adminOnly: true,
  fields: {
    name: F.char("Automation Rule Name", { required: true }),
    model_id: F.m2o("Model", "ir.model", { required: true, ondelete: "set null" }),
    action_server_ids: F.o2m("Actions", "ir.actions.server", "base_automation_id"),
    active: F.bool("Active", { default: true }),
    trigger,
    filter_pre_domain: F.char("Before Update Domain"),
    filter_domain: F.char("Apply on"),
    trigger_field_ids: F.m2m("Trigger Fields", "ir.model.fields"),
  },
});

// The one piece of server-action Python the fake runs: what `odoo-mcp push install` creates (and what
// bus_push_automation.json recorded on 17, 18 and 19).
const SENDONE =
  /^for rec in records:\n\s+env\['bus\.bus'\]\._sendone\('([^'\\]*)', '([^'\\]*)', \{'model': rec\._name, 'id': rec\.id, 'write_date': str\(rec\.write_date\)\}\)\s*$/;

/** The bus message a server action's code sends per record, when it is the `_sendone` the fake understands. */
export function sendOneOf(code: unknown): { channel: string; type: string } | undefined {
  const m = typeof code === "string" ? SENDONE.exec(code) : null;
  return m ? { channel: m[1]!, type: m[2]! } : undefined;
}

/** Triggers that fire on a create or on a write. */
export const TRIGGERS_ON = {
  create: new Set(["on_create", "on_create_or_write"]),
  write: new Set(["on_write", "on_create_or_write"]),
  unlink: new Set(["on_unlink"]),
};

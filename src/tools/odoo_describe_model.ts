import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import description from "./odoo_describe_model.md" with { type: "text" };
import { args, Model } from "./schemas.ts";

const ATTRIBUTES = ["string", "type", "required", "readonly", "relation", "selection", "help", "store"];
// Bookkeeping every model has; left out unless asked for by name.
const NOISE = /^(message_|activity_|website_message|has_message|__last_update$)/;
const HELP_MAX = 160;

interface RawField {
  type: string;
  string?: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  selection?: unknown;
  help?: string;
  store?: boolean;
}

const Field = v.object({
  name: v.string(),
  type: v.string(),
  label: v.string(),
  required: v.optional(v.literal(true)),
  readonly: v.optional(v.literal(true)),
  computed: v.optional(v.pipe(v.literal(true), v.description("Not stored: cannot be grouped or sorted on"))),
  relation: v.optional(v.string()),
  selection: v.optional(v.pipe(v.array(v.string()), v.description('Allowed values as "key: Label"'))),
  help: v.optional(v.string()),
});

// Methods users ask for on the common business models (the Odoo 17–19 sources); only listed for those models.
const BUSINESS_METHODS: Record<string, string[]> = {
  "sale.order": ["action_confirm", "action_cancel", "action_draft", "action_quotation_send", "_create_invoices"],
  "purchase.order": ["button_confirm", "button_cancel", "button_draft", "action_create_invoice"],
  "account.move": ["action_post", "button_draft", "button_cancel", "action_reverse", "action_register_payment"],
  "stock.picking": ["action_confirm", "action_assign", "button_validate", "action_cancel"],
  "crm.lead": ["action_set_won", "action_set_lost", "convert_opportunity", "action_set_won_rainbowman"],
  "project.task": ["action_open_parent_task"],
  "hr.leave": ["action_approve", "action_refuse"],
  "res.partner": ["action_archive", "action_unarchive"],
};

/** The field list, trimmed: `fields` selects, else the noise of mixins (chatter, activities) is left out. */
function trim(raw: Record<string, RawField>, wanted?: string[]) {
  const names = wanted?.length ? wanted : Object.keys(raw).filter((n) => !NOISE.test(n));
  return names
    .filter((n) => Object.hasOwn(raw, n))
    .map((name) => {
      const f = raw[name] as RawField;
      const selection = Array.isArray(f.selection)
        ? f.selection.map((s) => (Array.isArray(s) ? `${s[0]}: ${s[1]}` : String(s)))
        : undefined;
      const help = f.help ? f.help.replace(/\s+/g, " ").trim() : undefined;
      return {
        name,
        type: f.type,
        label: f.string ?? name,
        ...(f.required ? { required: true as const } : {}),
        ...(f.readonly ? { readonly: true as const } : {}),
        ...(f.store === false ? { computed: true as const } : {}),
        ...(f.relation ? { relation: f.relation } : {}),
        ...(selection ? { selection } : {}),
        ...(help ? { help: help.length > HELP_MAX ? `${help.slice(0, HELP_MAX - 1)}…` : help } : {}),
      };
    });
}

/** Name and chatter of a model from Odoo's list of readable models and the chatter models (cached, ≤ 2 requests). */
async function fallbackInfo(ctx: ToolContext, model: string, lang: string | undefined) {
  const [available, chatter] = await Promise.all([
    ctx.meta.availableModels(lang).catch(() => undefined),
    ctx.meta.chatterModels(),
  ]);
  const name = available?.get(model);
  return {
    ...(name ? { name } : {}),
    ...(chatter ? { is_mail_thread: chatter.has(model) } : {}),
  } as Record<string, unknown>;
}

/** `odoo_describe_model`: what a model's fields are, from `fields_get` and `ir.model`, in two parallel requests. */
export const odooDescribeModel = defineTool({
  name: "odoo_describe_model",
  title: "Describe an Odoo model",
  description,
  input: args({
    model: Model,
    fields: v.optional(
      v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.description("Only these fields (default: all but chatter")),
    ),
    search: v.optional(v.pipe(v.string(), v.description('Only fields whose name or label contains this, e.g. "date"'))),
    context: CallContext,
  }),
  output: v.object({
    model: v.string(),
    name: v.pipe(v.string(), v.description("The model's description")),
    display_name_field: v.pipe(
      v.nullable(v.string()),
      v.description("Field Odoo most likely shows as the record's name (name when the model has one)"),
    ),
    default_order: v.pipe(v.nullable(v.string()), v.description("Order of records when none is asked")),
    has_chatter: v.boolean(),
    fields: v.array(Field),
    business_methods: v.optional(
      v.pipe(v.array(v.string()), v.description("Usual workflow methods, for odoo_call_method with the record ids")),
    ),
    note: v.optional(v.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, fields, search, context }, ctx) {
    const lang = context?.lang ?? ctx.config.context.lang;
    const [raw, info] = await Promise.all([
      ctx.execute<Record<string, RawField>>(model, "fields_get", [], withContext({ attributes: ATTRIBUTES }, context)),
      // Odoo 17+ opens ir.model to Administration / Access Rights only: for other users the description and the
      // chatter come from Odoo's list of readable models and the chatter models (both cached), the order stays unknown.
      ctx.meta.irModelClosed
        ? fallbackInfo(ctx, model, lang)
        : ctx
            .execute<Array<Record<string, unknown>>>(
              "ir.model",
              "search_read",
              [[["model", "=", model]]],
              withContext({ fields: ["name", "order", "is_mail_thread"], limit: 1 }, context),
            )
            .then((rows) => rows[0])
            .catch((e: unknown) => {
              if (e instanceof Error && /^Access denied/.test(e.message)) ctx.meta.irModelClosed = true;
              return fallbackInfo(ctx, model, lang);
            }),
    ]);
    const unknown = (fields ?? []).filter((n) => !Object.hasOwn(raw, n));
    if (unknown.length && unknown.length === fields?.length) {
      throw new ToolError(`No field ${unknown.join(", ")} on ${model}; call odoo_describe_model without fields`);
    }
    const needle = search?.toLowerCase();
    const listed = trim(raw, fields).filter(
      (f) => !needle || f.name.toLowerCase().includes(needle) || f.label.toLowerCase().includes(needle),
    );
    const methods = BUSINESS_METHODS[model];
    const notes = [
      ...(unknown.length ? [`unknown fields left out: ${unknown.join(", ")}`] : []),
      ...(typeof info?.["order"] === "string"
        ? []
        : ["ir.model is not readable for this user (Odoo 17+: Administration / Access Rights only): order unknown"]),
    ];
    return {
      model,
      name: typeof info?.["name"] === "string" ? info["name"] : model,
      display_name_field: raw["name"] ? "name" : raw["x_name"] ? "x_name" : null,
      default_order: typeof info?.["order"] === "string" ? info["order"] : null,
      has_chatter: info?.["is_mail_thread"] === true || Object.hasOwn(raw, "message_ids"),
      fields: listed,
      ...(methods ? { business_methods: methods.filter((m) => !m.startsWith("_")) } : {}),
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});

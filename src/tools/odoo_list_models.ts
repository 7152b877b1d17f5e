import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { CallContext, type CallContextValue, withContext } from "./context.ts";
import description from "./odoo_list_models.md" with { type: "text" };
import { args, integer } from "./schemas.ts";

const Row = v.object({
  model: v.pipe(v.string(), v.description("Technical name, used as `model` in the other tools")),
  name: v.pipe(v.string(), v.description("What Odoo calls it (in the context's language)")),
  has_chatter: v.pipe(
    v.nullable(v.boolean()),
    v.description("Has a chatter: odoo_message_post works on its records (null: Odoo would not say)"),
  ),
  transient: v.pipe(v.boolean(), v.description("A wizard model, whose records are temporary")),
  available: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "With installed_only false: whether Odoo has the model loaded and lets you read it (wizards: false)",
      ),
    ),
  ),
});
type ModelRow = v.InferOutput<typeof Row>;

interface IrModelRow {
  model: string;
  name: unknown;
  transient?: boolean;
  is_mail_thread?: boolean;
}

const DEFAULT_LIMIT = 200;

/** Whether every word is in the technical name or the description (Odoo's ilike, case-insensitive). */
const matcher = (search: string | undefined) => {
  const words = (search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return (model: string, name: string) =>
    words.every((w) => model.toLowerCase().includes(w) || name.toLowerCase().includes(w));
};

/** Every ir.model row matching: wizards and models Odoo has not loaded included (Access Rights group only, 17+). */
async function irModelRows(
  ctx: ToolContext,
  includeTransient: boolean,
  context: CallContextValue,
): Promise<{ rows: IrModelRow[]; chatterKnown: boolean }> {
  const domain = includeTransient ? [] : [["transient", "=", false]];
  const read = (fields: string[]) =>
    ctx.execute<IrModelRow[]>("ir.model", "search_read", [domain], withContext({ fields, order: "model" }, context));
  try {
    return { rows: await read(["model", "name", "transient", "is_mail_thread"]), chatterKnown: true };
  } catch (e) {
    // ctx.execute made Odoo's AccessError readable ("Access denied: …"), which is what is caught here.
    if (e instanceof Error && /^Access denied/.test(e.message)) {
      throw new ToolError(
        "Listing wizards or models Odoo has not loaded reads ir.model, which Odoo (17 and later) opens only to the " +
          "Administration / Access Rights group, and this user is not in it. Without include_transient and with " +
          "installed_only true (the defaults), odoo_list_models lists the models this user may read.",
      );
    }
    // is_mail_thread comes with the mail module; without it, ask again.
    if (!/is_mail_thread/.test(e instanceof Error ? e.message : "")) throw e;
    return { rows: await read(["model", "name", "transient"]), chatterKnown: false };
  }
}

/** `odoo_list_models`: the models this user may read, as Odoo's own model selector lists them; ≤ 2 requests. */
export const odooListModels = defineTool({
  name: "odoo_list_models",
  title: "List Odoo models",
  description,
  input: args({
    search: v.optional(
      v.pipe(v.string(), v.description('Words in the technical name or description, e.g. "sale" or "invoice"')),
    ),
    installed_only: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          "true (default): the models Odoo has loaded from installed modules that you may read; false: every " +
            "ir.model row (also models whose module's code is gone, and models you may not read), each marked " +
            "`available` (needs the Administration / Access Rights group)",
        ),
      ),
      true,
    ),
    include_transient: v.optional(
      v.pipe(v.boolean(), v.description("Also list wizard (transient) models; false by default")),
      false,
    ),
    limit: v.optional(integer(1, `Most models returned (default ${DEFAULT_LIMIT})`), DEFAULT_LIMIT),
    context: CallContext,
  }),
  output: v.object({
    models: v.array(Row),
    truncated: v.pipe(v.boolean(), v.description("More models match than listed: narrow with search")),
    note: v.optional(v.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ search, installed_only, include_transient, limit, context }, ctx) {
    const lang = context?.lang ?? ctx.config.context.lang;
    const [available, chatter] = await Promise.all([ctx.meta.availableModels(lang), ctx.meta.chatterModels()]);
    const matches = matcher(search);
    const notes: string[] = [];
    let listed: ModelRow[];
    if (installed_only && !include_transient) {
      listed = [...available]
        .filter(([model, name]) => matches(model, name))
        .map(([model, name]) => ({
          model,
          name,
          has_chatter: chatter ? chatter.has(model) : null,
          transient: false,
        }));
    } else {
      const { rows, chatterKnown } = await irModelRows(ctx, include_transient, context);
      if (!chatterKnown) notes.push("the mail module is not installed: no model has a chatter");
      listed = rows
        .map((r) => ({ ...r, name: typeof r.name === "string" ? r.name : r.model }))
        .filter((r) => matches(r.model, r.name))
        // Wizards are never in Odoo's list of readable models: with installed_only they are kept unchecked.
        .filter((r) => !installed_only || r.transient === true || available.has(r.model))
        .map((r) => ({
          model: r.model,
          name: r.name,
          has_chatter: chatterKnown ? r.is_mail_thread === true : false,
          transient: r.transient === true,
          ...(installed_only ? {} : { available: r.transient !== true && available.has(r.model) }),
        }));
    }
    if (!chatter && installed_only && !include_transient) {
      notes.push("whether a model has a chatter is unknown here (mail.activity.type is not readable)");
    }
    listed.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
    const more = listed.length > limit;
    if (more) notes.push(`more models match: narrow with search, or raise limit (${limit} listed)`);
    return {
      models: listed.slice(0, limit),
      truncated: more,
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});

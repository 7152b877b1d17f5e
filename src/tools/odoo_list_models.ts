import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import description from "./odoo_list_models.md" with { type: "text" };
import { args, integer } from "./schemas.ts";

const Row = v.object({
  model: v.pipe(v.string(), v.description("Technical name, used as `model` in the other tools")),
  name: v.pipe(v.string(), v.description("What Odoo calls it (in the context's language)")),
  has_chatter: v.pipe(v.boolean(), v.description("Has a chatter: odoo_message_post works on its records")),
  transient: v.pipe(v.boolean(), v.description("A wizard model, whose records are temporary")),
});

interface IrModelRow {
  model: string;
  name: string;
  transient?: boolean;
  is_mail_thread?: boolean;
}

const DEFAULT_LIMIT = 200;

/** `odoo_list_models`: the models of the installed modules, from `ir.model`, in one request. */
export const odooListModels = defineTool({
  name: "odoo_list_models",
  title: "List Odoo models",
  description,
  input: args({
    search: v.optional(
      v.pipe(v.string(), v.description('Words in the technical name or description, e.g. "sale" or "invoice"')),
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
  async run({ search, include_transient, limit, context }, ctx) {
    const domain: unknown[] = [];
    if (!include_transient) domain.push(["transient", "=", false]);
    for (const word of (search ?? "").split(/\s+/).filter(Boolean)) {
      domain.push("|", ["model", "ilike", word], ["name", "ilike", word]);
    }
    // is_mail_thread comes with the mail module, installed on nearly every database; without it, ask again.
    const read = (fields: string[]) =>
      ctx.execute<IrModelRow[]>(
        "ir.model",
        "search_read",
        [domain],
        withContext({ fields, order: "model", limit: limit + 1 }, context),
      );
    let rows: IrModelRow[];
    let note: string | undefined;
    try {
      rows = await read(["model", "name", "transient", "is_mail_thread"]);
    } catch (e) {
      if (!/is_mail_thread/.test(e instanceof Error ? e.message : "")) throw e;
      rows = await read(["model", "name", "transient"]);
      note = "the mail module is not installed: no model has a chatter";
    }
    const more = rows.length > limit;
    const models = rows.slice(0, limit).map((r) => ({
      model: r.model,
      name: typeof r.name === "string" ? r.name : r.model,
      has_chatter: r.is_mail_thread === true,
      transient: r.transient === true,
    }));
    const notes = [
      ...(note ? [note] : []),
      ...(more ? [`more models match: narrow with search, or raise limit (${limit} listed)`] : []),
    ];
    return {
      models,
      truncated: more,
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});

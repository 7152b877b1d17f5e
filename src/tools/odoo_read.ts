import * as v from "valibot";
import { defineTool, ToolError } from "../mcp/tool.ts";
import { readWithBinaries } from "./binaries.ts";
import { fitRecords } from "./budget.ts";
import { CallContext, odooContext } from "./context.ts";
import { missingMessage } from "./errors.ts";
import { checkFields, defaultFields } from "./fields.ts";
import description from "./odoo_read.md" with { type: "text" };
import { args, Fields, Ids, Model, RecordOut } from "./schemas.ts";
import { withLocalTimes } from "./tz.ts";

const Output = v.object({
  records: v.array(RecordOut),
  missing_ids: v.pipe(v.array(v.number()), v.description("Requested ids that do not exist or are not visible")),
  unread_ids: v.optional(
    v.pipe(v.array(v.number()), v.description("Ids left out to keep the result small; read them in another call")),
  ),
  note: v.optional(v.string()),
});

/** `odoo_read`: records by id; says which ids do not exist (Odoo itself just leaves them out). */
export const odooRead = defineTool({
  name: "odoo_read",
  title: "Read Odoo records by id",
  description,
  input: args({ model: Model, ids: Ids, fields: v.optional(Fields), context: CallContext }),
  output: Output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, ids, fields, context: callContext }, ctx) {
    const own = odooContext(callContext);
    // Odoo reads every field (binaries included) for an empty list; [] means "no preference" here.
    const names = fields?.length ? fields : defaultFields(await ctx.fields(model));
    await checkFields(ctx.meta, model, names);
    // An unknown model is left to Odoo's own error on the read.
    const known = await ctx.meta.fields(model).catch(() => ({}));
    const read = await readWithBinaries(ctx, { model, names, fields: known }, (context) =>
      ctx.execute<Record<string, unknown>[]>(model, "read", [ids], {
        fields: names,
        ...(context || own ? { context: { ...own, ...context } } : {}),
      }),
    );
    const tz = callContext?.tz ?? ctx.config.context.tz;
    const records = tz ? withLocalTimes(read.rows, known, tz) : read.rows;
    const found = new Set(records.map((r) => r["id"]));
    const missing = [...new Set(ids)].filter((id) => !found.has(id));
    if (records.length === 0) throw new ToolError(missingMessage(model, missing));
    const fit = await fitRecords(records, { model, names, fields: async () => known }, () => "read unread_ids next");
    const note = [read.note, fit.note].filter(Boolean).join("; ");
    const unread = records.slice(fit.records.length).map((r) => r["id"] as number);
    return {
      records: fit.records,
      missing_ids: missing,
      ...(unread.length > 0 ? { unread_ids: unread } : {}),
      ...(note ? { note } : {}),
    };
  },
});

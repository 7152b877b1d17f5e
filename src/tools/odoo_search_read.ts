import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { readWithBinaries } from "./binaries.ts";
import { fitRecords } from "./budget.ts";
import { CallContext, odooContext, withContext } from "./context.ts";
import { Domain } from "./domain.ts";
import { checkDomain, checkFields, checkOrder, defaultFields } from "./fields.ts";
import description from "./odoo_search_read.md" with { type: "text" };
import { args, Fields, integer, Model, RecordOut } from "./schemas.ts";
import { fromSpecification, specification, type WebPage } from "./specification.ts";
import { withLocalTimes } from "./tz.ts";

const Input = args({
  model: Model,
  domain: v.optional(Domain, []),
  fields: v.optional(Fields),
  limit: v.optional(integer(1, "Page size; the server applies a default and a cap")),
  offset: v.optional(integer(0, "Records to skip"), 0),
  order: v.optional(v.pipe(v.string(), v.description('Sort order, e.g. "name" or "date desc, id"'))),
  context: CallContext,
});

const Output = v.object({
  records: v.array(RecordOut),
  count: v.pipe(v.number(), v.description("Total number of matching records")),
  offset: v.number(),
  limit: v.number(),
  next_offset: v.pipe(v.nullable(v.number()), v.description("Offset of the next page, or null on the last page")),
  note: v.optional(v.string()),
});

/** `odoo_search_read`: one page of matching records, the total count, and how to get the next page. */
export const odooSearchRead = defineTool({
  name: "odoo_search_read",
  title: "Search and read Odoo records",
  description,
  input: Input,
  output: Output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, domain, fields, limit, offset, order, context: callContext }, ctx) {
    const own = odooContext(callContext);
    const { default_limit, max_limit } = ctx.config.limits;
    const pageSize = Math.min(limit ?? default_limit, max_limit);
    const known = await ctx.fields(model);
    // Odoo reads every field (binaries included) for an empty list; [] means "no preference" here.
    const names = fields?.length ? fields : defaultFields(known);
    await checkFields(ctx.meta, model, names);
    await checkDomain(ctx.meta, model, domain);
    if (order) await checkOrder(ctx.meta, model, order);

    await ctx.progress(0, 1, `searching ${model}`);
    // One request: web_search_read answers the page and the total together ({length, records}).
    let length = 0;
    const records = await readWithBinaries(ctx, { model, names, fields: known }, async (context) => {
      const page = await ctx.execute<WebPage>(model, "web_search_read", [], {
        domain,
        specification: specification(names, known),
        offset,
        limit: pageSize,
        ...(order ? { order } : {}),
        ...(context || own ? { context: { ...own, ...context } } : {}),
      });
      length = page.length;
      return page.records.map((row) => fromSpecification(row, known));
    });
    // Odoo answers length 0 for an empty page even past the end; only then is the total a second request.
    const count =
      records.rows.length === 0 && offset > 0
        ? await ctx.execute<number>(model, "search_count", [domain], withContext({}, callContext))
        : length;
    await ctx.progress(1, 1, `read ${records.rows.length} of ${count} matching records`);
    // A page must fit in the model's context: cut it short and let next_offset carry on from there.
    const tz = callContext?.tz ?? ctx.config.context.tz;
    const rows = tz ? withLocalTimes(records.rows, known, tz) : records.rows;
    const fit = await fitRecords(rows, { model, names, fields: async () => known }, (kept) => {
      return `continue with offset ${offset + kept}`;
    });
    const notes = [
      ...(limit !== undefined && limit > max_limit ? [`limit capped at ${max_limit} per page`] : []),
      ...(records.note ? [records.note] : []),
      ...(fit.note ? [fit.note] : []),
    ];
    const end = offset + fit.records.length;
    return {
      records: fit.records,
      count,
      offset,
      limit: pageSize,
      next_offset: fit.records.length > 0 && end < count ? end : null,
      ...(notes.length > 0 ? { note: notes.join("; ") } : {}),
    };
  },
});

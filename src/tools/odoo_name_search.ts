import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { CallContext, IdName, withContext } from "./context.ts";
import { Domain } from "./domain.ts";
import { checkDomain } from "./fields.ts";
import description from "./odoo_name_search.md" with { type: "text" };
import { args, integer, Model } from "./schemas.ts";

const OPERATORS = ["ilike", "=", "=ilike", "like", "=like", "not ilike", "!="] as const;

/** `odoo_name_search`: records whose name matches, as Odoo's own many2one search box finds them. */
export const odooNameSearch = defineTool({
  name: "odoo_name_search",
  title: "Find Odoo records by name",
  description,
  input: args({
    model: Model,
    name: v.optional(
      v.pipe(v.string(), v.description('Text to look for, e.g. "Wood"; "" lists the first records')),
      "",
    ),
    domain: v.optional(Domain, []),
    operator: v.optional(
      v.pipe(v.picklist(OPERATORS), v.description('How name is compared; "ilike" (contains, any case) by default')),
      "ilike",
    ),
    limit: v.optional(integer(1, "Most matches returned (default 20)"), 20),
    context: CallContext,
  }),
  output: v.object({
    results: v.pipe(v.array(IdName), v.description("Matching records as {id, name}, best matches first")),
    note: v.optional(v.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, name, domain, operator, limit, context }, ctx) {
    await checkDomain(ctx.meta, model, domain);
    const capped = Math.min(limit, ctx.config.limits.max_limit);
    // Positional: the domain parameter is `args` up to 17 and `domain` from 18; JSON-2 names them itself.
    const rows = await ctx.execute<Array<[number, string]>>(
      model,
      "name_search",
      [name, domain, operator, capped],
      withContext({}, context),
    );
    const results = rows.map(([id, label]) => ({ id, name: label }));
    return {
      results,
      ...(limit > capped ? { note: `limit capped at ${capped}` } : {}),
    };
  },
});

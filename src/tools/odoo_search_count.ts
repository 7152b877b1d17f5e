import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import { Domain } from "./domain.ts";
import { checkDomain } from "./fields.ts";
import description from "./odoo_search_count.md" with { type: "text" };
import { args, Model } from "./schemas.ts";

/** `odoo_search_count`: how many records match a domain, in one Odoo request. */
export const odooSearchCount = defineTool({
  name: "odoo_search_count",
  title: "Count Odoo records",
  description,
  input: args({ model: Model, domain: v.optional(Domain, []), context: CallContext }),
  output: v.object({ count: v.pipe(v.number(), v.description("Number of matching records")) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, domain, context }, ctx) {
    await checkDomain(ctx.meta, model, domain);
    const count = await ctx.execute<number>(model, "search_count", [domain], withContext({}, context));
    return { count };
  },
});

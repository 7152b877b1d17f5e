import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import description from "./odoo_unlink.md" with { type: "text" };
import { args, Ids, Model } from "./schemas.ts";

/** `odoo_unlink`: deletes records. */
export const odooUnlink = defineTool({
  name: "odoo_unlink",
  title: "Delete Odoo records",
  description,
  input: args({ model: Model, ids: Ids, context: CallContext }),
  output: v.object({ success: v.boolean(), ids: v.array(v.number()) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ model, ids, context }, ctx) {
    const result = await ctx.execute<boolean | null>(model, "unlink", [ids], withContext({}, context));
    return { success: result !== false, ids };
  },
});

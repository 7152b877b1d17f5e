import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { checkFields } from "./fields.ts";
import description from "./odoo_write.md" with { type: "text" };
import { args, Ids, Model, Values } from "./schemas.ts";

/** `odoo_write`: the same values written to every given record. */
export const odooWrite = defineTool({
  name: "odoo_write",
  title: "Update Odoo records",
  description,
  input: args({ model: Model, ids: Ids, values: Values }),
  output: v.object({ success: v.boolean(), ids: v.array(v.number()) }),
  // Overwrites data; x2many create commands would add records again on a repeat, so not idempotent.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ model, ids, values }, ctx) {
    await checkFields(ctx.meta, model, Object.keys(values));
    const result = await ctx.execute<boolean | null>(model, "write", [ids, values]);
    return { success: result !== false, ids };
  },
});

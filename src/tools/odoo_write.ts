import * as v from "valibot";
import { defineTool } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import { checkFields } from "./fields.ts";
import description from "./odoo_write.md" with { type: "text" };
import { args, Ids, Model, Values } from "./schemas.ts";
import { utcValues } from "./tz.ts";

/** `odoo_write`: the same values written to every given record. */
export const odooWrite = defineTool({
  name: "odoo_write",
  title: "Update Odoo records",
  description,
  input: args({ model: Model, ids: Ids, values: Values, context: CallContext }),
  output: v.object({ success: v.boolean(), ids: v.array(v.number()) }),
  // Overwrites data; x2many create commands would add records again on a repeat, so not idempotent.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ model, ids, values, context }, ctx) {
    await checkFields(ctx.meta, model, Object.keys(values));
    const known = await ctx.meta.fields(model).catch(() => ({}));
    const result = await ctx.execute<boolean | null>(
      model,
      "write",
      [ids, utcValues(values, known)],
      withContext({}, context),
    );
    return { success: result !== false, ids };
  },
});

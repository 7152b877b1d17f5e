import * as v from "valibot";
import { defineTool, ToolError } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import { checkFields } from "./fields.ts";
import description from "./odoo_create.md" with { type: "text" };
import { args, Model, Values } from "./schemas.ts";
import { utcValues } from "./tz.ts";

/** `odoo_create`: one new record from field values; returns its id. */
export const odooCreate = defineTool({
  name: "odoo_create",
  title: "Create an Odoo record",
  description,
  input: args({ model: Model, values: Values, context: CallContext }),
  output: v.object({ id: v.pipe(v.number(), v.description("Id of the new record")) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ model, values, context }, ctx) {
    await checkFields(ctx.meta, model, Object.keys(values));
    const known = await ctx.meta.fields(model).catch(() => ({}));
    // create is model_create_multi: JSON-2 (and some servers) answer a list of ids even for one record.
    const created = await ctx.execute<number | number[]>(
      model,
      "create",
      [utcValues(values, known)],
      withContext({}, context),
    );
    const id = Array.isArray(created) ? created[0] : created;
    if (typeof id !== "number") throw new ToolError(`Odoo answered create on ${model} without an id: ${created}`);
    return { id };
  },
});

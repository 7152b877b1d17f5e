import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { isOdooError } from "../odoo/errors.ts";
import description from "./odoo_call_method.md" with { type: "text" };
import { args, JsonValue, jsonObject, list, Model, object } from "./schemas.ts";

const Input = args({
  model: Model,
  method: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a method name such as action_confirm"),
    v.description("Public method name, e.g. action_confirm, name_search, message_post"),
  ),
  args: v.optional(list(v.pipe(v.array(JsonValue), v.description("Positional arguments; record ids first"))), []),
  kwargs: v.optional(
    object(v.pipe(jsonObject(JsonValue), v.description('Keyword arguments, e.g. {"context": {...}}'))),
    {},
  ),
});

/** `[[id, display_name], …]` the way name_get answered before Odoo 18 removed it. */
async function nameGet(ctx: ToolContext, model: string, ids: unknown): Promise<Array<[number, string]>> {
  const list = (Array.isArray(ids) ? ids : [ids]).filter((x): x is number => typeof x === "number");
  const rows = await ctx.execute<Array<{ id: number; display_name: string }>>(model, "read", [list], {
    fields: ["display_name"],
  });
  return rows.map((r) => [r.id, r.display_name]);
}

const isMissingNameGet = (e: unknown) =>
  e instanceof ToolError && isOdooError(e.cause) && e.cause.kind === "not-found" && /name_get/.test(e.cause.message);

/** `odoo_call_method`: any public model method; private ones are refused, name_get works on every version. */
export const odooCallMethod = defineTool({
  name: "odoo_call_method",
  title: "Call an Odoo model method",
  description,
  input: Input,
  output: v.object({ result: v.pipe(JsonValue, v.description("What the method returned (null for nothing)")) }),
  // Methods can do anything: post messages, send e-mail, confirm orders, call payment providers.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run({ model, method, args: positional, kwargs }, ctx) {
    if (method.startsWith("_")) {
      throw new ToolError(
        `'${method}' is a private method (its name starts with "_"): Odoo does not allow calling private methods ` +
          "remotely. Call a public method instead, or read the fields it would compute.",
      );
    }
    // The documentation shows name_get, which Odoo 18 removed: answer it from display_name there.
    if (method === "name_get") {
      const major = await ctx.odoo.version().then(
        (v) => v.major,
        () => 0,
      );
      if (major >= 18) return { result: await nameGet(ctx, model, positional[0]) };
      try {
        return { result: await ctx.execute(model, method, positional, kwargs) };
      } catch (e) {
        if (isMissingNameGet(e)) return { result: await nameGet(ctx, model, positional[0]) };
        throw e;
      }
    }
    const result = await ctx.execute(model, method, positional, kwargs);
    return { result: result ?? null };
  },
});

import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { isOdooError } from "../odoo/errors.ts";
import { fitting, kilobytes, overBudget, RESULT_BUDGET_BYTES } from "./budget.ts";
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
async function nameFromDisplayName(ctx: ToolContext, model: string, args: unknown[], kwargs: Record<string, unknown>) {
  const ids = args[0];
  const list = (Array.isArray(ids) ? ids : [ids]).filter((x): x is number => typeof x === "number");
  const context = kwargs["context"] === undefined ? {} : { context: kwargs["context"] };
  const rows = await ctx.execute<Array<{ id: number; display_name: string }>>(model, "read", [list], {
    fields: ["display_name"],
    ...context,
  });
  return rows.map((r) => [r.id, r.display_name]);
}

const isMissingNameGet = (e: unknown) =>
  e instanceof ToolError && isOdooError(e.cause) && e.cause.kind === "not-found" && /name_get/.test(e.cause.message);

/** name_get on every version: the documentation shows it, and Odoo 18 removed it (17 still has it, deprecated). */
async function nameGet(ctx: ToolContext, model: string, args: unknown[], kwargs: Record<string, unknown>) {
  const major = await ctx.odoo.version().then(
    (v) => v.major,
    () => 0,
  );
  if (major >= 18) return nameFromDisplayName(ctx, model, args, kwargs);
  try {
    return await ctx.execute(model, "name_get", args, kwargs);
  } catch (e) {
    if (isMissingNameGet(e)) return nameFromDisplayName(ctx, model, args, kwargs);
    throw e;
  }
}

/** The method's answer, cut to what fits in a result: a prefix of a list or of a dict's entries, with a note. */
function fitted(model: string, method: string, result: unknown): { result: unknown; note?: string } {
  const bytes = overBudget(result);
  if (bytes === undefined) return { result: result ?? null };
  const budget = kilobytes(RESULT_BUDGET_BYTES);
  const list = Array.isArray(result) ? result : undefined;
  const entries = list ?? (typeof result === "object" && result !== null ? Object.entries(result) : []);
  const kept = fitting(entries);
  if (kept === 0) {
    // The method has run; only its answer is too big to hand over.
    throw new ToolError(
      `${model}.${method} ran, but its answer is ${kilobytes(bytes)}, over the ${budget} a result may carry. ` +
        "Ask for less: a limit, fewer fields, fewer ids.",
    );
  }
  const head = entries.slice(0, kept);
  return {
    result: list ? head : Object.fromEntries(head as Array<[string, unknown]>),
    note:
      `answer cut to the first ${kept} of ${entries.length} ${list ? "items" : "keys"} to stay under ${budget}: ` +
      "ask for less (a limit, fewer fields, fewer ids, an offset for the rest)",
  };
}

/** `odoo_call_method`: any public model method; private ones are refused, name_get works on every version. */
export const odooCallMethod = defineTool({
  name: "odoo_call_method",
  title: "Call an Odoo model method",
  description,
  input: Input,
  output: v.object({
    result: v.pipe(JsonValue, v.description("What the method returned (null for nothing)")),
    note: v.optional(v.string()),
  }),
  // Methods can do anything: post messages, send e-mail, confirm orders, call payment providers.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run({ model, method, args: positional, kwargs }, ctx) {
    if (method.startsWith("_")) {
      throw new ToolError(
        `'${method}' is a private method (its name starts with "_"): Odoo does not allow calling private methods ` +
          "remotely. Call a public method instead, or read the fields it would compute.",
      );
    }
    const result =
      method === "name_get"
        ? await nameGet(ctx, model, positional, kwargs)
        : await ctx.execute(model, method, positional, kwargs);
    return fitted(model, method, result);
  },
});

import { ProtocolError, type ReadResourceResult, ResourceNotFoundError } from "@modelcontextprotocol/server";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import { APPLICATION_ERROR } from "../mcp/protocol-compat.ts";
import { isOdooError } from "../odoo/errors.ts";
import type { OdooClient } from "../odoo/types.ts";
import { describeOdooError, missingMessage } from "../tools/errors.ts";
import { similarModel } from "../tools/fields.ts";
import type { FieldMap, OdooMeta } from "../tools/meta.ts";
import { PolicyError } from "../trust/guard.ts";

/** What a resource reader works with for one `resources/read`. */
export interface ResourceContext {
  readonly uri: string;
  readonly config: Config;
  readonly odoo: OdooClient;
  readonly meta: OdooMeta;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** One reader per resource kind. */
export type ResourceReader<P> = (ctx: ResourceContext, parsed: P) => Promise<ReadResourceResult>;

/** -32002 (resource not found) with a message saying what was wrong with the URI. */
export const notFound = (ctx: ResourceContext, message: string) => new ResourceNotFoundError(ctx.uri, message);

/** Maps an Odoo failure: unknown model or record → not found; anything else → -32000 with a readable message. */
export function fromOdoo(ctx: ResourceContext, e: unknown, model: string, method: string, ids?: number[]): unknown {
  if (e instanceof PolicyError) {
    return e.unknownModel ? notFound(ctx, e.message) : new ProtocolError(APPLICATION_ERROR, e.message);
  }
  if (!isOdooError(e)) return e;
  if (e.kind === "missing" && ids) return notFound(ctx, `${missingMessage(model, ids)} (${ctx.uri})`);
  if (e.kind === "not-found" && !/method/i.test(e.message)) {
    return notFound(ctx, `Unknown model '${model}' in ${ctx.uri}: ${e.message}`);
  }
  const level = ["auth", "network", "timeout", "server"].includes(e.kind) ? "warning" : "info";
  ctx.log[level](`resource ${ctx.uri}: Odoo ${model}.${method} failed (${e.kind}): ${e.message}`);
  return new ProtocolError(APPLICATION_ERROR, describeOdooError(e, { model, method, ...(ids ? { ids } : {}) }));
}

/** `model.method(...)` on Odoo with the request's signal and resource-flavoured errors. */
export async function call<T>(
  ctx: ResourceContext,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<T> {
  try {
    return await ctx.odoo.executeKw<T>(model, method, args, kwargs, { signal: ctx.signal });
  } catch (e) {
    const first = args[0];
    const ids = Array.isArray(first) && first.every((x) => typeof x === "number") ? first : undefined;
    throw fromOdoo(ctx, e, model, method, ids);
  }
}

/** `fields_get` of the model (cached); an unknown model is "not found", with the model it most likely meant. */
export async function fieldsOf(ctx: ResourceContext, model: string): Promise<FieldMap> {
  try {
    return await ctx.meta.fields(model);
  } catch (e) {
    const error = fromOdoo(ctx, e, model, "fields_get");
    if (!(error instanceof ResourceNotFoundError)) throw error;
    const similar = await similarModel(ctx.meta, model);
    throw similar ? notFound(ctx, `${error.message.replace(/\.?$/, ".")} Did you mean '${similar}'?`) : error;
  }
}

/** A JSON resource body. */
export const jsonContents = (uri: string, value: unknown): ReadResourceResult => ({
  contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }],
});

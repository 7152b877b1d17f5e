import { defaultFields } from "../tools/fields.ts";
import { call, fieldsOf, jsonContents, notFound, type ResourceReader } from "./context.ts";

/** `odoo://{model}/{id}`: the record as JSON, with the default field set of the search tool. */
export const readRecord: ResourceReader<{ model: string; id: number }> = async (ctx, { model, id }) => {
  const fields = defaultFields(await fieldsOf(ctx, model));
  const rows = await call<Record<string, unknown>[]>(ctx, model, "read", [[id]], { fields });
  const record = rows[0];
  if (!record) throw notFound(ctx, `Record ${model} ${id} does not exist (or has been deleted): ${ctx.uri}`);
  return jsonContents(ctx.uri, record);
};

import { call, fieldsOf, jsonContents, type ResourceReader } from "./context.ts";
import { listUri } from "./uri.ts";

/** `odoo://{model}/list[?offset=&limit=]`: one bounded page of ids and display names, and the next page's URI. */
export const readList: ResourceReader<{ model: string; offset?: number; limit?: number }> = async (ctx, page) => {
  const { model } = page;
  const { default_limit, max_limit } = ctx.config.limits;
  const limit = Math.min(page.limit ?? default_limit, max_limit);
  const offset = page.offset ?? 0;
  await fieldsOf(ctx, model);
  const [count, rows] = await Promise.all([
    call<number>(ctx, model, "search_count", [[]]),
    call<Array<{ id: number; display_name: string }>>(ctx, model, "search_read", [[]], {
      fields: ["display_name"],
      offset,
      limit,
    }),
  ]);
  const end = offset + rows.length;
  const next = rows.length > 0 && end < count ? end : null;
  return jsonContents(ctx.uri, {
    model,
    count,
    offset,
    limit,
    records: rows.map((r) => ({ id: r.id, display_name: r.display_name, uri: `odoo://${model}/${r.id}` })),
    next_offset: next,
    next_page: next === null ? null : listUri(model, next, limit),
  });
};

import type { ToolContext } from "../mcp/tool.ts";
import { type FieldHint, HINTS_KEY, type ViewHints } from "./views/hints.ts";

/** The fields with the attributes views need (labels of selections, currencies): the tools' own field cache. */
const fieldHints = (ctx: ToolContext, model: string): Promise<Readonly<Record<string, FieldHint>>> =>
  ctx.meta.fields(model);

/** The Odoo URL a browser may open: `user:password@` (a proxy's basic auth) never leaves the server. */
export function publicUrl(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.href.replace(/\/+$/, "");
}

/** The field names a view shows: the keys of the records, the groupings and measures of a read_group. */
export interface HintRequest {
  tool: string;
  model: string;
  names: Iterable<string>;
  args: Record<string, unknown>;
}

/** The result `_meta` of a view-bearing tool; undefined when Odoo cannot describe the model (the view copes). */
export async function viewMeta(ctx: ToolContext, req: HintRequest): Promise<Record<string, unknown> | undefined> {
  try {
    const [all, version] = await Promise.all([fieldHints(ctx, req.model), ctx.odoo.version()]);
    const fields: Record<string, FieldHint> = {};
    for (const name of req.names) {
      const f = all[name.split(":")[0] ?? name];
      if (!f) continue;
      const { type, string, selection, relation, currency_field } = f;
      fields[name] = { type, string, relation, currency_field, ...(Array.isArray(selection) ? { selection } : {}) };
      if (currency_field && all[currency_field])
        fields[currency_field] ??= { type: "many2one", relation: "res.currency" };
    }
    const hints: ViewHints = {
      tool: req.tool,
      model: req.model,
      major: version.major,
      web: publicUrl(ctx.config.odoo_url),
      fields,
      chatter: "message_ids" in all,
      args: req.args,
    };
    return { [HINTS_KEY]: hints };
  } catch {
    return undefined;
  }
}

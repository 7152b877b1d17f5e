import type { ToolContext } from "../mcp/tool.ts";
import { binSize } from "../resources/mime.ts";
import { RESULT_BUDGET_BYTES } from "./budget.ts";
import type { FieldMap } from "./meta.ts";

type Row = Record<string, unknown>;

/** The base64 length of `bytes` of content. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * Reads rows (`read(context)`: a search_read or a read) whose fields may include binary ones without pulling files
 * Odoo may hold by the megabyte: with binary fields the rows are read first with `bin_size` (Odoo answers sizes),
 * and the contents are fetched only when all of them fit in one result; otherwise the sizes stay, with a note.
 */
export async function readWithBinaries(
  ctx: ToolContext,
  what: { model: string; names: readonly string[]; fields: FieldMap },
  read: (context?: Record<string, unknown>) => Promise<Row[]>,
): Promise<{ rows: Row[]; note?: string }> {
  const { model, names, fields } = what;
  const binary = names.filter((name) => fields[name]?.type === "binary");
  if (binary.length === 0) return { rows: await read() };
  const rows = await read({ bin_size: true });
  const total = rows.reduce((sum, row) => sum + binary.reduce((s, f) => s + base64Length(binSize(row[f]) ?? 0), 0), 0);
  if (total > RESULT_BUDGET_BYTES) {
    return {
      rows,
      note:
        `${binary.join(", ")} shown as sizes: the files are too large for one answer; ` +
        `read each as the resource odoo://${model}/binary/${binary[0]}/{id}`,
    };
  }
  const ids = rows.map((row) => row["id"]);
  if (ids.length === 0) return { rows };
  const contents = await ctx.execute<Row[]>(model, "read", [ids], { fields: binary });
  const byId = new Map(contents.map((row) => [row["id"], row]));
  return {
    rows: rows.map((row) => ({ ...row, ...Object.fromEntries(binary.map((f) => [f, byId.get(row["id"])?.[f]])) })),
  };
}

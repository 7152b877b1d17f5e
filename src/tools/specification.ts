import type { FieldMap } from "./meta.ts";

type Row = Record<string, unknown>;

/** What `web_search_read` answers: the page and the total (see web/models/models.py for when `length` is exact). */
export interface WebPage {
  length: number;
  records: Row[];
}

/**
 * The `web_read` specification reading `names` as `read` would: many2one with `{fields: {display_name: {}}}` (then
 * `{id, display_name}`), everything else `{}` (x2many stay ids, references stay "model,id").
 */
export function specification(names: readonly string[], fields: FieldMap): Record<string, object> {
  const spec: Record<string, object> = {};
  for (const name of names) spec[name] = fields[name]?.type === "many2one" ? { fields: { display_name: {} } } : {};
  return spec;
}

/** A `web_read` row back in `read`'s format: many2one `{id, display_name}` → `[id, display_name]`. */
export function fromSpecification(row: Row, fields: FieldMap): Row {
  for (const [name, value] of Object.entries(row)) {
    if (fields[name]?.type !== "many2one" || value === null || typeof value !== "object") continue;
    const { id, display_name } = value as { id?: unknown; display_name?: unknown };
    row[name] = [id, display_name ?? ""];
  }
  return row;
}

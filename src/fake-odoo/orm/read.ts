import { E } from "../errors.ts";
import { base64Size, humanSize } from "../models/blobs.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { type Db, toSeconds } from "./store.ts";

/** Options of `read`/`search_read`. */
export interface ReadOptions {
  context?: Record<string, Json>;
  load?: string;
}

/** Checks a field list like Odoo's `_read_format`, returning the list to read. */
export function fieldList(def: ModelDef, fields: Json | undefined): string[] {
  if (fields === undefined || fields === null || fields === false || (Array.isArray(fields) && fields.length === 0)) {
    return Object.keys(def.fields).filter((f) => f !== "id");
  }
  if (!Array.isArray(fields)) throw E.type(`'${typeof fields}' object is not iterable`);
  const names = fields.map(String).filter((f) => f !== "id");
  for (const name of names) {
    if (!def.fields[name]) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
  }
  return names;
}

/** One field of one record as Odoo's `read` returns it (m2o as [id, name], binaries per `bin_size`). */
export function readValue(db: Db, def: ModelDef, row: Row, name: string, opts: ReadOptions): Json {
  const field = def.fields[name];
  const v = db.value(def, row, name);
  if (!field) return v;
  if (field.type === "many2one") {
    if (typeof v !== "number") return false;
    return opts.load === "_classic_write" ? v : [v, db.nameOf(field.relation ?? "", v) ?? ""];
  }
  if (field.type === "datetime" && typeof v === "string") return toSeconds(v);
  if (field.type === "binary" && typeof v === "string" && opts.context?.bin_size) {
    return humanSize(base64Size(v));
  }
  return v ?? false;
}

/** Odoo's `read`: `id` first, then the requested fields in order. */
export function readRows(db: Db, def: ModelDef, rows: Row[], fields: Json | undefined, opts: ReadOptions = {}): Row[] {
  const names = fieldList(def, fields);
  return rows.map((row) => {
    const out: Row = { id: Number(row.id) };
    for (const name of names) out[name] = readValue(db, def, row, name, opts);
    return out;
  });
}

import { E } from "../errors.ts";
import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, type Env, missingError } from "./env.ts";
import { odooNow } from "./store.ts";

const MIME: Record<string, string> = { png: "image/png", jpg: "image/jpeg", pdf: "application/pdf", txt: "text/plain" };

function x2many(current: Json, value: Json): number[] {
  let ids = Array.isArray(current) ? current.filter((x): x is number => typeof x === "number") : [];
  if (!Array.isArray(value)) return ids;
  for (const cmd of value) {
    if (typeof cmd === "number") {
      ids = [...new Set([...ids, cmd])];
      continue;
    }
    if (!Array.isArray(cmd)) continue;
    const [code, id, arg] = cmd;
    if (code === 6 && Array.isArray(arg)) ids = arg.filter((x): x is number => typeof x === "number");
    else if (code === 5) ids = [];
    else if (code === 4 && typeof id === "number") ids = [...new Set([...ids, id])];
    else if ((code === 3 || code === 2) && typeof id === "number") ids = ids.filter((x) => x !== id);
  }
  return ids;
}

function convert(field: FieldDef, current: Json, value: Json): Json {
  if (field.type === "many2many") return x2many(current, value);
  if (field.type === "many2one")
    return typeof value === "number" ? value : Array.isArray(value) ? (value[0] ?? false) : false;
  if (value === null) return false;
  return value;
}

function mandatory(def: ModelDef, name: string): Error {
  const field = def.fields[name]!;
  return E.validation(
    "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n" +
      "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
      `Model: ${def.description} (${def.model})\nField: ${field.string} (${name})`,
  );
}

/** Applies vals to a copy of a row, checks constraints, and returns the new row. */
function apply(env: Env, def: ModelDef, row: Row, vals: Json): Row {
  if (!vals || typeof vals !== "object" || Array.isArray(vals)) throw E.value(`Invalid values ${JSON.stringify(vals)}`);
  const next: Row = { ...row };
  for (const [name, value] of Object.entries(vals)) {
    const field = def.fields[name];
    if (!field) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
    if (field.compute || field.type === "one2many" || field.readonly) continue;
    next[name] = convert(field, row[name] ?? false, value);
  }
  if (def.model === "res.partner" && "image_1920" in vals) next.image_128 = next.image_1920 ?? false;
  if (def.model === "ir.attachment" && "datas" in vals) {
    next.file_size = typeof next.datas === "string" ? Buffer.from(next.datas, "base64").length : 0;
    next.mimetype = MIME[String(next.name).split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
  }
  for (const [name, field] of Object.entries(def.fields)) {
    if (field.required && !field.compute && (next[name] === false || next[name] === "")) throw mandatory(def, name);
  }
  def.check?.(next);
  next.write_date = odooNow();
  next.write_uid = env.uid;
  return next;
}

/** Odoo's `create` for a list of value dicts; returns the new ids. */
export function createRecords(env: Env, def: ModelDef, valsList: Json[]): number[] {
  checkAccess(env, def, "create");
  const table = env.db.table(def.model)!;
  const rows = valsList.map((vals, i) => {
    const base = env.db.fill(def, { id: table.nextId + i });
    const row = apply(env, def, base, vals);
    row.create_date = row.write_date!;
    row.create_uid = env.uid;
    return row;
  });
  for (const row of rows) table.rows.set(Number(row.id), row);
  table.nextId += rows.length;
  return rows.map((r) => Number(r.id));
}

/** Odoo's `write`: MissingError on unknown ids, constraints checked before anything is stored. */
export function writeRecords(env: Env, def: ModelDef, ids: number[], vals: Json): true {
  checkAccess(env, def, "write");
  const table = env.db.table(def.model)!;
  const missing = ids.filter((id) => !table.rows.has(id));
  if (missing.length) throw missingError(env, def.model, missing);
  const updated = ids.map((id) => apply(env, def, table.rows.get(id)!, vals));
  for (const row of updated) table.rows.set(Number(row.id), row);
  return true;
}

/** Odoo's `unlink`. */
export function unlinkRecords(env: Env, def: ModelDef, ids: number[]): true {
  checkAccess(env, def, "unlink");
  const table = env.db.table(def.model)!;
  const missing = ids.filter((id) => !table.rows.has(id));
  if (missing.length) throw missingError(env, def.model, missing);
  for (const id of ids) table.rows.delete(id);
  return true;
}

import { E, foreignKeyViolation, notNullViolation, type Violation } from "../errors.ts";
import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, type Env, missingError } from "./env.ts";
import { pyRepr } from "./pyrepr.ts";
import { trackChanges } from "./tracking.ts";

/** `create` sends the values to PostgreSQL as given; `write` puts them in the ORM cache first. */
type Mode = "create" | "write";

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

/**
 * A many2one value. `create` binds it into the INSERT as given (`convert_to_column` is `value or None`), so a string
 * reaches PostgreSQL, whose error no handler converts (psycopg2's DataError is no IntegrityError). `write` goes
 * through `Many2one.convert_to_cache`, which keeps ints (and records, pairs, dicts) and turns anything else into
 * None: the field is cleared without an error.
 */
function many2one(value: Json, mode: Mode): Json {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value[0] ?? false;
  return typeof value === "string" && mode === "create" ? value : false;
}

/** Selection.convert_to_cache: a value outside the selection is a ValueError; a falsy one is None. */
function selection(def: ModelDef, name: string, field: FieldDef, value: Json): Json {
  if (value === null || value === false || value === "" || value === 0) return false;
  if (field.selection?.some(([key]) => key === value)) return value;
  throw E.value(`Wrong value for ${def.model}.${name}: ${pyRepr(value)}`);
}

function convert(def: ModelDef, name: string, current: Json, value: Json, mode: Mode): Json {
  const field = def.fields[name]!;
  if (field.type === "many2many") return x2many(current, value);
  if (field.type === "many2one") return many2one(value, mode);
  if (field.type === "selection") return selection(def, name, field, value);
  if (value === null) return false;
  return value;
}

/** The table, column and labels an integrity error names. */
function violation(def: ModelDef, name: string): Violation {
  return { model: def.model, description: def.description, field: name, fieldString: def.fields[name]!.string };
}

/** The relation table of a many2many: Odoo's default `<table1>_<table2>_rel` of the two sorted tables. */
function relationTable(def: ModelDef, field: FieldDef): string {
  const tables = [def.model, field.relation ?? ""].map((m) => m.replace(/\./g, "_")).sort();
  return `${tables[0]}_${tables[1]}_rel`;
}

/** PostgreSQL's foreign keys on the values written: a many2one or many2many naming a record that does not exist. */
function checkForeignKeys(env: Env, def: ModelDef, next: Row, written: string[]): void {
  const p = env.db.profile;
  for (const name of written) {
    const field = def.fields[name]!;
    const co = env.db.table(field.relation ?? "");
    if (!co) continue;
    const value = next[name];
    if (field.type === "many2one" && typeof value === "number" && !co.rows.has(value)) {
      throw foreignKeyViolation(p, violation(def, name));
    }
    if (field.type === "many2many" && Array.isArray(value) && value.some((id) => !co.rows.has(Number(id)))) {
      // The violation is on the relation table, a table of no model: Odoo names no model, only the constraint
      // (base's category_id declares column2='category_id').
      const constraint = `${relationTable(def, field)}_${name}_fkey`;
      throw p.major >= 19
        ? E.validation(
            "The operation cannot be completed: Another model is using the record you are trying to delete.\n\n" +
              `The troublemaker is: Unknown\nThanks to the following constraint: ${constraint}\n` +
              "How about archiving the record instead?",
          )
        : E.validation(
            "The operation cannot be completed: another model requires the record being deleted. " +
              `If possible, archive it instead.\n\nModel: Unknown (unknown)\nConstraint: ${constraint}\n`,
          );
    }
  }
}

/** Applies vals to a copy of a row, checks constraints, and returns the new row. */
function apply(env: Env, def: ModelDef, row: Row, vals: Json, mode: Mode): Row {
  if (!vals || typeof vals !== "object" || Array.isArray(vals)) throw E.value(`Invalid values ${JSON.stringify(vals)}`);
  const next: Row = { ...row };
  const written: string[] = [];
  for (const [name, value] of Object.entries(vals)) {
    const field = def.fields[name];
    if (!field) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
    if (field.compute || field.type === "one2many" || field.readonly) continue;
    next[name] = convert(def, name, row[name] ?? false, value, mode);
    written.push(name);
  }
  // The INSERT runs once every value is converted: then PostgreSQL refuses a string for an integer column
  // (its message's "LINE 1: …" excerpt of the statement is not reproduced).
  for (const name of written) {
    const value = next[name];
    if (def.fields[name]!.type === "many2one" && typeof value === "string") {
      throw E.pg("InvalidTextRepresentation", `invalid input syntax for type integer: "${value}"`);
    }
  }
  if (def.model === "res.partner" && "image_1920" in vals) next.image_128 = next.image_1920 ?? false;
  if (def.model === "ir.attachment" && "datas" in vals) {
    next.file_size = typeof next.datas === "string" ? Buffer.from(next.datas, "base64").length : 0;
    next.mimetype = MIME[String(next.name).split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
  }
  // PostgreSQL checks NOT NULL, then CHECK constraints (def.check), then the foreign keys.
  for (const [name, field] of Object.entries(def.fields)) {
    if (field.required && !field.compute && (next[name] === false || next[name] === "")) {
      throw notNullViolation(env.db.profile, violation(def, name));
    }
  }
  def.check?.(next);
  checkForeignKeys(env, def, next, written);
  next.write_date = env.db.now();
  next.write_uid = env.uid;
  return next;
}

/** Odoo's `create` for a list of value dicts; returns the new ids. */
export function createRecords(env: Env, def: ModelDef, valsList: Json[]): number[] {
  checkAccess(env, def, "create");
  const table = env.db.table(def.model)!;
  const rows = valsList.map((vals, i) => {
    const base = env.db.fill(def, { id: table.nextId + i });
    const row = apply(env, def, base, vals, "create");
    row.create_date = row.write_date!;
    row.create_uid = env.uid;
    return row;
  });
  for (const row of rows) table.rows.set(Number(row.id), row);
  table.nextId += rows.length;
  const ids = rows.map((r) => Number(r.id));
  for (const [i, id] of ids.entries()) linkOne2many(env, def, id, valsList[i]);
  env.db.onChange?.(def.model, ids, "create");
  return ids;
}

/**
 * One2many commands of a create/write (`[6, 0, ids]`, `[4, id]`, `[3, id]`): they set or clear the comodel's
 * inverse many2one (base.automation's action_server_ids). Other commands are not modelled.
 */
function linkOne2many(env: Env, def: ModelDef, id: number, vals: Json | undefined): void {
  if (!vals || typeof vals !== "object" || Array.isArray(vals)) return;
  for (const [name, value] of Object.entries(vals)) {
    const field = def.fields[name];
    const co = field?.type === "one2many" ? env.db.table(field.relation ?? "") : undefined;
    if (!co || !field?.inverse || !Array.isArray(value)) continue;
    for (const command of value) {
      if (!Array.isArray(command)) continue;
      const [op, a, b] = command;
      const set = (target: Json | undefined, on: boolean) => {
        const row = co.rows.get(Number(target));
        if (row) row[field.inverse!] = on ? id : false;
      };
      if (op === 6 && Array.isArray(b)) {
        for (const row of co.rows.values()) if (row[field.inverse] === id) row[field.inverse] = false;
        for (const target of b) set(target, true);
      } else if (op === 4) set(a, true);
      else if (op === 3) set(a, false);
    }
  }
}

/** Odoo's `write`: MissingError on unknown ids, constraints checked before anything is stored. */
export function writeRecords(env: Env, def: ModelDef, ids: number[], vals: Json): true {
  checkAccess(env, def, "write");
  const table = env.db.table(def.model)!;
  const missing = ids.filter((id) => !table.rows.has(id));
  if (missing.length) throw missingError(env, def.model, missing);
  const before = ids.map((id) => table.rows.get(id)!);
  const updated = before.map((row) => apply(env, def, row, vals, "write"));
  for (const row of updated) table.rows.set(Number(row.id), row);
  trackChanges(env, def, before, updated);
  for (const id of ids) linkOne2many(env, def, id, vals);
  env.db.onChange?.(def.model, ids, "write");
  return true;
}

/**
 * Odoo's `unlink`, with the foreign keys' ON DELETE of the records pointing at the deleted ones: `restrict` (a
 * required many2one, or `ondelete='restrict'`) refuses the whole delete, `set null` clears the reference, `cascade`
 * deletes the referring row, and many2many rows go (their relation table cascades). Deleting the company's partner is refused this way:
 * res.company's required partner_id restricts it (res.partner has no company check of its own).
 */
export function unlinkRecords(env: Env, def: ModelDef, ids: number[]): true {
  checkAccess(env, def, "unlink");
  const table = env.db.table(def.model)!;
  const missing = ids.filter((id) => !table.rows.has(id));
  if (missing.length) throw missingError(env, def.model, missing);
  const gone = new Set(ids);
  const updates: (() => void)[] = [];
  for (const other of env.db.tables.values()) {
    for (const [name, field] of Object.entries(other.def.fields)) {
      if (field.relation !== def.model || field.compute) continue;
      for (const row of other.rows.values()) {
        if (other === table && gone.has(Number(row.id))) continue;
        const value = row[name];
        if (field.type === "many2many" && Array.isArray(value) && value.some((id) => gone.has(Number(id)))) {
          updates.push(() => {
            row[name] = value.filter((id) => !gone.has(Number(id)));
          });
        }
        if (field.type !== "many2one" || typeof value !== "number" || !gone.has(value)) continue;
        const ondelete = field.ondelete ?? (field.required ? "restrict" : "set null");
        if (ondelete === "restrict") throw foreignKeyViolation(env.db.profile, violation(other.def, name));
        if (ondelete === "cascade") {
          // The database deletes the row itself (no ORM unlink, no access check), like PostgreSQL's ON DELETE CASCADE.
          const id = Number(row.id);
          updates.push(() => other.rows.delete(id));
          continue;
        }
        updates.push(() => {
          row[name] = false;
        });
      }
    }
  }
  // Odoo runs on_unlink automation rules before deleting, once nothing refuses the delete.
  env.db.onChange?.(def.model, ids, "unlink");
  for (const update of updates) update();
  for (const id of ids) table.rows.delete(id);
  return true;
}

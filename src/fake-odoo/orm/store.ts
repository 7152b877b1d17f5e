import type { FieldDef, ModelDef } from "../models/schema.ts";
import { MODELS, seedRows } from "../models/seed.ts";
import { fieldRows } from "../models/tracking.ts";
import type { Json, Row } from "../types.ts";
import type { VersionProfile } from "../versions.ts";

/** The rows of one model and its id sequence. */
export interface Table {
  def: ModelDef;
  rows: Map<number, Row>;
  nextId: number;
}

/**
 * Odoo's naive-UTC datetime as the database keeps it, with microseconds ("YYYY-MM-DD HH:MM:SS.ffffff"): what
 * `str(rec.write_date)` gives inside a transaction (bus_push_automation.json). Reads return whole seconds.
 */
export function odooNow(): string {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const seconds = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace("T", " ");
  return `${seconds}.${String(us % 1_000_000).padStart(6, "0")}`;
}

/** What a datetime reads as through the API: whole seconds (jsonrpc_write_date_batch.json). */
export const toSeconds = (value: string) => value.slice(0, 19);

/** A change the ORM made, for automation rules (base.automation). */
export type ChangeListener = (model: string, ids: number[], op: "create" | "write" | "unlink") => void;

/** Empty value of a field as Odoo stores it (false, or [] for x2many). */
export function emptyValue(field: FieldDef): Json {
  return field.type === "one2many" || field.type === "many2many" ? [] : false;
}

/** The in-memory database: one table per model, seeded like Odoo's demo data. */
export class Db {
  readonly tables = new Map<string, Table>();
  /** The transaction time stamped on created and written records (tests freeze it to put writes in one second). */
  now: () => string = odooNow;
  /** Told after every create and write, and before an unlink (automation rules). */
  onChange?: ChangeListener;

  constructor(readonly profile: VersionProfile) {
    const defs = MODELS.map((full): ModelDef => {
      const fields = Object.entries(full.fields)
        .filter(([, f]) => (!f.until || profile.major <= f.until) && (!f.since || profile.major >= f.since))
        .map(([name, f]): [string, FieldDef] => [name, { ...f, ...f.perVersion?.(profile.major) }]);
      return { ...full, fields: Object.fromEntries(fields) };
    });
    // ir.model.fields describes the fields as this series has them.
    const seed: Record<string, Row[]> = { ...seedRows(profile), "ir.model.fields": fieldRows(defs) };
    for (const def of defs) {
      const rows = new Map<number, Row>();
      for (const raw of seed[def.model] ?? []) {
        const row = this.fill(def, raw);
        // A few rows were written after the demo data in the captured databases (jsonrpc_changed_since.json).
        row.create_date = profile.seedDate;
        row.write_date = typeof raw.write_date === "string" ? raw.write_date : profile.seedDate;
        row.create_uid = row.write_uid = 1;
        rows.set(Number(row.id), row);
      }
      this.tables.set(def.model, { def, rows, nextId: Math.max(0, ...rows.keys()) + 1 });
    }
  }

  /** A row with every stored field present (defaults or empty values). */
  fill(def: ModelDef, raw: Row): Row {
    const row: Row = { ...raw };
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.compute || field.type === "one2many" || name in row) continue;
      row[name] = field.default !== undefined ? field.default : emptyValue(field);
    }
    return row;
  }

  /** The table of a model, if the fake has it. */
  table(model: string): Table | undefined {
    return this.tables.get(model);
  }

  /** Display name of a record (what a many2one reads as). */
  nameOf = (model: string, id: number): string | undefined => {
    const table = this.tables.get(model);
    const row = table?.rows.get(id);
    if (!table || !row) return undefined;
    const value = this.value(table.def, row, "display_name");
    return typeof value === "string" ? value : "";
  };

  /** A field's raw value (stored, computed, or one2many from the inverse). */
  value(def: ModelDef, row: Row, name: string): Json {
    if (name === "id") return row.id ?? false;
    const field = def.fields[name];
    if (!field) return false;
    if (field.compute) return field.compute(row, this.nameOf);
    if (field.type === "one2many") {
      const co = this.tables.get(field.relation ?? "");
      if (!co || !field.inverse) return [];
      return [...co.rows.values()]
        .filter((r) => r[field.inverse!] === row.id && r.active !== false)
        .map((r) => Number(r.id));
    }
    return row[name] ?? emptyValue(field);
  }
}

import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { type DomainNode, matches, mentions, parseDomain, validate } from "./domain.ts";
import type { Db } from "./store.ts";

/** Options of a search, as the ORM's `search`/`search_read` take them. */
export interface SearchOptions {
  offset?: number;
  limit?: number | false | null;
  order?: string | false | null;
  context?: Record<string, Json>;
  /** The user searching: a non-admin gets the model's `userRule` applied. */
  uid?: number;
}

/** Whether the model's record rule hides `row` from `uid` (admins and the superuser see everything). */
export function hiddenByRule(db: Db, def: ModelDef, row: Row, uid: number | undefined): boolean {
  if (def.userRule === undefined || uid === undefined || uid === 1 || uid === 2) return false;
  return !matches(db, def, row, prepareDomain(db, def, def.userRule, {}));
}

interface OrderTerm {
  field: string;
  desc: boolean;
}

/** Parses an ORDER BY spec ("name desc, id"), checking fields like Odoo. */
export function parseOrder(def: ModelDef, spec: string): OrderTerm[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((term) => {
      const [field = "", dir = "asc"] = term.split(/\s+/);
      const name = field.split(":")[0] ?? field;
      if (name !== "id" && !def.fields[name]) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
      if (!["asc", "desc"].includes(dir.toLowerCase())) throw E.value(`Invalid "order" specified (${spec}).`);
      return { field: name, desc: dir.toLowerCase() === "desc" };
    });
}

/** Sort key of a field value: relational values sort by the related record's name. */
export function sortKey(db: Db, def: ModelDef, row: Row, field: string): string | number | null {
  const f = def.fields[field];
  const v = db.value(def, row, field);
  if (f?.type === "many2one" && typeof v === "number") return db.nameOf(f.relation ?? "", v) ?? "";
  if (v === true) return 1;
  if (f?.type === "boolean") return 0;
  if (v === false || v === null || Array.isArray(v) || typeof v === "object") return null;
  return v;
}

/** Compares two sort keys; NULLs last ascending and first descending, like PostgreSQL. */
export function compareKeys(a: string | number | null, b: string | number | null, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return desc ? -1 : 1;
  if (b === null) return desc ? 1 : -1;
  const c = typeof a === "string" && typeof b === "string" ? a.localeCompare(b, "en") : a < b ? -1 : 1;
  return desc ? -c : c;
}

/** Sorts rows by an order spec (or the model's `_order`). */
export function sortRows(db: Db, def: ModelDef, rows: Row[], spec: string | false | null | undefined): Row[] {
  const terms = parseOrder(def, spec || def.order);
  return [...rows].sort((x, y) => {
    for (const t of terms) {
      const c = compareKeys(sortKey(db, def, x, t.field), sortKey(db, def, y, t.field), t.desc);
      if (c) return c;
    }
    return Number(x.id) - Number(y.id);
  });
}

/** Parses, validates and completes a domain with Odoo's implicit `active = True`. */
export function prepareDomain(db: Db, def: ModelDef, domain: Json, context: Record<string, Json> = {}): DomainNode {
  const where = db.profile.major >= 19 ? "condition" : "leaf";
  const node = parseDomain(domain ?? [], where);
  validate(db, def, node, where);
  if (def.fields.active && context.active_test !== false && !mentions(node, "active")) {
    return {
      kind: "and",
      left: node,
      right: { kind: "leaf", path: ["active"], op: "=", value: true, raw: ["active", "=", true] },
    };
  }
  return node;
}

/** Odoo's `_search`: filtered, ordered, paged rows. */
export function searchRows(db: Db, def: ModelDef, domain: Json, opts: SearchOptions = {}): Row[] {
  const table = db.table(def.model)!;
  const node = prepareDomain(db, def, domain, opts.context);
  const found = [...table.rows.values()].filter(
    (row) => matches(db, def, row, node) && !hiddenByRule(db, def, row, opts.uid),
  );
  const sorted = sortRows(db, def, found, opts.order);
  const offset = opts.offset ?? 0;
  const end = typeof opts.limit === "number" && opts.limit > 0 ? offset + opts.limit : undefined;
  return sorted.slice(offset, end);
}

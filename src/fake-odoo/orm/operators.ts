import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import type { Db } from "./store.ts";

const empty = (v: Json) => v === false || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * SQL LIKE (with % and _, and PostgreSQL's default escape, a backslash) as PostgreSQL answers it. A pattern longer than the value
 * cannot match; one without wildcards inside is a plain comparison; others become a RegExp (a megabyte-long pattern
 * took JSC seconds per test).
 */
function likeMatch(pattern: string, value: string, ci: boolean): boolean {
  if (pattern.replace(/%/g, "").length > value.length && !pattern.includes("\\")) return false;
  const [p, v] = ci ? [pattern.toLowerCase(), value.toLowerCase()] : [pattern, value];
  const inner = p.replace(/^%/, "").replace(/%$/, "");
  if (!/[%_\\]/.test(inner)) {
    const [start, end] = [p.startsWith("%"), p.endsWith("%") && p.length > 1];
    if (start && end) return v.includes(inner);
    if (start) return v.endsWith(inner);
    if (end) return v.startsWith(inner);
    return v === inner;
  }
  const body = p.replace(
    /\\(.)|([%_])|([.*+?^${}()|[\]\\])/gs,
    (_m, escaped: string, wild: string, special: string) => {
      if (escaped !== undefined) return escaped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      if (wild !== undefined) return wild === "%" ? ".*" : ".";
      return `\\${special}`;
    },
  );
  return new RegExp(`^${body}$`, "s").test(v);
}

/** Ids of `model` at or below (child_of) / above (parent_of) the given ids, through `parent_id`. */
function hierarchy(db: Db, model: string, roots: number[], down: boolean): Set<number> {
  const table = db.table(model);
  const out = new Set<number>(roots);
  if (!table?.def.fields.parent_id) return out;
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of table.rows.values()) {
      const id = Number(row.id);
      const parent = row.parent_id;
      if (typeof parent !== "number") continue;
      if (down && out.has(parent) && !out.has(id)) {
        out.add(id);
        grew = true;
      }
      if (!down && out.has(id) && !out.has(parent)) {
        out.add(parent);
        grew = true;
      }
    }
  }
  return out;
}

function scalarMatch(v: Json, op: string, value: Json): boolean {
  switch (op) {
    case "=":
      return value === false || value === null ? empty(v) : v === value;
    case "!=":
      return value === false || value === null ? !empty(v) : v !== value;
    case "in":
      return Array.isArray(value) && (value.includes(v) || (empty(v) && value.includes(false)));
    case "not in":
      return !Array.isArray(value) || !(value.includes(v) || (empty(v) && value.includes(false)));
    case "<":
    case "<=":
    case ">":
    case ">=": {
      if (empty(v) || value === false || value === null) return false;
      const [a, b] = [v as number | string, value as number | string];
      return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
    }
    case "like":
    case "ilike":
    case "not like":
    case "not ilike": {
      const ci = op.endsWith("ilike");
      const hit = typeof v === "string" && likeMatch(`%${String(value)}%`, v, ci);
      return op.startsWith("not") ? !hit : hit;
    }
    case "=like":
    case "=ilike":
      return typeof v === "string" && likeMatch(String(value), v, op === "=ilike");
  }
  return false;
}

/** Odoo's semantics of one leaf operator on one row (relational values compare by id or by name). */
export function compare(
  db: Db,
  def: ModelDef,
  row: Row,
  name: string,
  field: FieldDef | undefined,
  op: string,
  value: Json,
): boolean {
  const raw = db.value(def, row, name);
  if (op === "child_of" || op === "parent_of") {
    const model = name === "id" ? def.model : (field?.relation ?? def.model);
    const roots = (Array.isArray(value) ? value : [value]).filter((x): x is number => typeof x === "number");
    const set = hierarchy(db, model, roots, op === "child_of");
    return (Array.isArray(raw) ? raw : [raw]).some((x) => typeof x === "number" && set.has(x));
  }
  if (field?.relation && name !== "id") {
    const related = (Array.isArray(raw) ? raw : [raw]).filter((x): x is number => typeof x === "number");
    const byName = typeof value === "string" || (Array.isArray(value) && value.some((x) => typeof x === "string"));
    const candidates: Json[] = byName ? related.map((id) => db.nameOf(field.relation!, id) ?? "") : related;
    if (!candidates.length) return scalarMatch(false, op, value);
    const negative = op === "!=" || op.startsWith("not");
    return negative
      ? candidates.every((c) => scalarMatch(c, op, value))
      : candidates.some((c) => scalarMatch(c, op, value));
  }
  return scalarMatch(raw, op, value);
}

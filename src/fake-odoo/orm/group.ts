import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { compareKeys, sortKey } from "./search.ts";
import type { Db } from "./store.ts";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** One bucket of rows sharing the values of the groupby specs. */
export interface Group {
  values: Json[];
  leaves: Json[][];
  keys: (string | number | null)[];
  rows: Row[];
}

function dateBucket(v: string, granularity: string): { label: string; start: string; end: string } {
  const [y, m, d] = v.slice(0, 10).split("-").map(Number) as [number, number, number];
  const iso = (yy: number, mm: number, dd: number) => new Date(Date.UTC(yy, mm - 1, dd)).toISOString().slice(0, 10);
  if (granularity === "year") return { label: String(y), start: iso(y, 1, 1), end: iso(y + 1, 1, 1) };
  if (granularity === "quarter") {
    const q = Math.floor((m - 1) / 3);
    return { label: `Q${q + 1} ${y}`, start: iso(y, q * 3 + 1, 1), end: iso(y, q * 3 + 4, 1) };
  }
  if (granularity === "day") {
    return {
      label: `${String(d).padStart(2, "0")} ${MONTHS[m - 1]!.slice(0, 3)} ${y}`,
      start: iso(y, m, d),
      end: iso(y, m, d + 1),
    };
  }
  return { label: `${MONTHS[m - 1]} ${y}`, start: iso(y, m, 1), end: iso(y, m + 1, 1) };
}

/** Splits rows into groups by `field[:granularity]` specs, with each group's domain leaves. */
export function groupRows(db: Db, def: ModelDef, rows: Row[], specs: string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const g: Group = { values: [], leaves: [], keys: [], rows: [] };
    for (const spec of specs) {
      const [name = "", granularity = "month"] = spec.split(":");
      const field = def.fields[name];
      if (!field) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
      const v = db.value(def, row, name);
      if ((field.type === "date" || field.type === "datetime") && typeof v === "string") {
        const b = dateBucket(v, granularity);
        g.values.push(b.label);
        g.leaves.push([name, ">=", b.start], [name, "<", b.end]);
        g.keys.push(b.start);
      } else if (field.type === "many2one") {
        g.values.push(typeof v === "number" ? [v, db.nameOf(field.relation ?? "", v) ?? ""] : false);
        g.leaves.push([name, "=", v]);
        g.keys.push(sortKey(db, def, row, name));
      } else {
        g.values.push(Array.isArray(v) ? false : v);
        g.leaves.push([name, "=", Array.isArray(v) ? false : v]);
        g.keys.push(sortKey(db, def, row, name));
      }
    }
    const id = JSON.stringify(g.values);
    const existing = groups.get(id);
    if (existing) existing.rows.push(row);
    else groups.set(id, { ...g, rows: [row] });
  }
  return [...groups.values()];
}

/** Sorts groups by an order spec over groupby fields or aggregate aliases. */
export function sortGroups(
  groups: Group[],
  specs: string[],
  order: string,
  aggregate: (g: Group, alias: string) => Json,
): Group[] {
  const terms = (order || specs.join(","))
    .split(",")
    .map((t) => t.trim().split(/\s+/))
    .filter(([f]) => f);
  return [...groups].sort((a, b) => {
    for (const [f = "", dir = "asc"] of terms) {
      const desc = dir.toLowerCase() === "desc";
      const i = specs.findIndex((s) => s === f || s.split(":")[0] === f);
      const ka = i >= 0 ? a.keys[i]! : (aggregate(a, f) as number);
      const kb = i >= 0 ? b.keys[i]! : (aggregate(b, f) as number);
      const c = compareKeys(ka ?? null, kb ?? null, desc);
      if (c) return c;
    }
    return 0;
  });
}

/** Odoo's aggregate functions over a group's values. */
export function aggregate(db: Db, def: ModelDef, rows: Row[], field: string, fn: string): Json {
  if (field !== "id" && !def.fields[field]) throw E.value(`Invalid field '${field}' on model '${def.model}'`);
  const values = rows.map((r) => db.value(def, r, field));
  const nums = values.filter((v): v is number => typeof v === "number");
  switch (fn) {
    case "count":
      return values.filter((v) => v !== false).length;
    case "count_distinct":
      return new Set(values.filter((v) => v !== false).map((v) => JSON.stringify(v))).size;
    case "sum":
      return nums.reduce((a, b) => a + b, 0);
    case "avg":
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : false;
    case "min":
      return nums.length ? Math.min(...nums) : false;
    case "max":
      return nums.length ? Math.max(...nums) : false;
    case "array_agg":
      return values;
    case "bool_and":
      return values.every(Boolean);
    case "bool_or":
      return values.some(Boolean);
  }
  throw E.value(`Invalid aggregation function ${JSON.stringify(fn)}.`);
}

/** Odoo's `AND` of normalized domains (for `__domain`). */
export function andDomains(...domains: Json[][]): Json[] {
  const parts = domains.filter((d) => d.length).map(normalize);
  if (!parts.length) return [];
  return [...Array(parts.length - 1).fill("&"), ...parts.flat()];
}

function normalize(domain: Json[]): Json[] {
  const terms = domain.filter((t) => Array.isArray(t) || typeof t === "boolean").length;
  const ops = domain.filter((t) => t === "&" || t === "|").length;
  const missing = terms - 1 - ops;
  return missing > 0 ? [...Array(missing).fill("&"), ...domain] : domain;
}

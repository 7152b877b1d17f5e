import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { compareKeys, sortKey } from "./search.ts";
import type { Db } from "./store.ts";
import { knownTz, localToUtc, utcToLocal } from "./tz.ts";

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
  /** read_group's `__range` entry per spec: the bucket's bounds, false for an unset date, null when not a date. */
  ranges: ({ from: string; to: string } | false | null)[];
  rows: Row[];
}

const DAY_MS = 86_400_000;
const MONTH_ABBR = (m: number) => MONTHS[m - 1]!.slice(0, 3);

/** babel's weeknumber for en_US (date_utils.weeknumber): weeks start on Sunday, week 1 holds January 1st. */
function usWeek(ms: number): [number, number] {
  const sundayOnOrBefore = (t: number) => t - new Date(t).getUTCDay() * DAY_MS;
  const year = new Date(ms).getUTCFullYear();
  if (ms >= sundayOnOrBefore(Date.UTC(year + 1, 0, 1))) return [year + 1, 1];
  return [year, Math.floor((ms - sundayOnOrBefore(Date.UTC(year, 0, 1))) / (7 * DAY_MS)) + 1];
}

/**
 * The bucket of one value (Odoo's `_read_group_groupby` + the web formatter): a datetime is truncated in the
 * context's time zone (`timezone(tz, timezone('UTC', col))`), its bounds turned back into naive UTC
 * (`tz.localize(start).astimezone(utc)`), and labelled with READ_GROUP_DISPLAY_FORMAT in English.
 */
function dateBucket(
  v: string,
  granularity: string,
  datetime: boolean,
  tz: string | undefined,
): { label: string; start: string; end: string } {
  const local = datetime && tz ? utcToLocal(v, tz) : v;
  const [y, m, d] = local.slice(0, 10).split("-").map(Number) as [number, number, number];
  const hour = Number(local.slice(11, 13)) || 0;
  let start = Date.UTC(y, m - 1, 1);
  let end = Date.UTC(y, m, 1);
  let label = `${MONTHS[m - 1]} ${y}`;
  if (granularity === "year") [start, end, label] = [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1), String(y)];
  if (granularity === "quarter") {
    const q = Math.floor((m - 1) / 3);
    [start, end, label] = [Date.UTC(y, q * 3, 1), Date.UTC(y, q * 3 + 3, 1), `Q${q + 1} ${y}`];
  }
  if (granularity === "day") {
    start = Date.UTC(y, m - 1, d);
    [end, label] = [start + DAY_MS, `${String(d).padStart(2, "0")} ${MONTH_ABBR(m)} ${y}`];
  }
  if (granularity === "week") {
    // res.lang en_US starts weeks on Sunday: date_trunc('week', col + 1 day) - 1 day.
    const day = Date.UTC(y, m - 1, d);
    start = day - new Date(day).getUTCDay() * DAY_MS;
    const [wy, w] = usWeek(start);
    [end, label] = [start + 7 * DAY_MS, `W${w} ${wy}`];
  }
  if (granularity === "hour") {
    if (!datetime) throw E.value(`Granularity 'hour' is not allowed on date field`);
    start = Date.UTC(y, m - 1, d, hour);
    // 'hh:00 dd MMM': babel's hh is the 12-hour clock.
    const h12 = String(hour % 12 || 12).padStart(2, "0");
    [end, label] = [start + 3_600_000, `${h12}:00 ${String(d).padStart(2, "0")} ${MONTH_ABBR(m)}`];
  }
  const naive = (ms: number) => {
    const iso = new Date(ms).toISOString();
    if (!datetime) return iso.slice(0, 10);
    const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    return tz ? localToUtc(text, tz) : text;
  };
  return { label, start: naive(start), end: naive(end) };
}

/** Splits rows into groups by `field[:granularity]` specs, with each group's domain leaves; `tz` buckets datetimes. */
export function groupRows(db: Db, def: ModelDef, rows: Row[], specs: string[], context: Json = {}): Group[] {
  const tz = knownTz((context as Record<string, Json> | null)?.tz);
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const g: Group = { values: [], leaves: [], keys: [], ranges: [], rows: [] };
    for (const spec of specs) {
      const [name = "", granularity = "month"] = spec.split(":");
      const field = def.fields[name];
      if (!field) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
      const v = db.value(def, row, name);
      const dated = field.type === "date" || field.type === "datetime";
      if (dated && typeof v === "string") {
        const b = dateBucket(v, granularity, field.type === "datetime", tz);
        g.values.push(b.label);
        g.leaves.push([name, ">=", b.start], [name, "<", b.end]);
        g.keys.push(b.start);
        g.ranges.push({ from: b.start, to: b.end });
        continue;
      }
      g.ranges.push(dated ? false : null);
      if (field.type === "many2one") {
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

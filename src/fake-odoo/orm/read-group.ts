import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, type Env } from "./env.ts";
import { aggregate, andDomains, type Group, groupRows, sortGroups } from "./group.ts";
import { searchRows } from "./search.ts";

/** A `having` comparison between an aggregate and a value. */
function compare(left: Json, op: string, right: Json): boolean {
  const [l, r] = [Number(left), Number(right)];
  switch (op) {
    case "=":
      return l === r;
    case "!=":
      return l !== r;
    case ">":
      return l > r;
    case ">=":
      return l >= r;
    case "<":
      return l < r;
    case "<=":
      return l <= r;
  }
  throw E.value(`Invalid operator ${JSON.stringify(op)} in having`);
}

import { num, strs } from "./signature.ts";

function page(groups: Group[], a: Record<string, Json>): Group[] {
  const offset = num(a.offset) ?? 0;
  const limit = num(a.limit);
  return groups.slice(offset, limit ? offset + limit : undefined);
}

/** Parses a read_group field spec: "f", "f:agg" or "alias:agg(f)". */
function fieldSpec(def: ModelDef, spec: string): { alias: string; field: string; fn: string } | undefined {
  const m = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(spec);
  if (!m) throw E.value(`Invalid field specification ${JSON.stringify(spec)}.`);
  const [, alias = "", fn, field] = m;
  const name = field ?? alias;
  const f = def.fields[name];
  if (!f) throw E.value(`Invalid field '${name}' on model '${def.model}'`);
  const numeric = f.type === "integer" || f.type === "float" || f.type === "monetary";
  if (!fn && (!numeric || name === "id")) return undefined;
  return { alias, field: name, fn: fn ?? "sum" };
}

/** Odoo's (deprecated from 18.2) `read_group`: `<field>_count` and `__domain` per group. */
export function readGroup(env: Env, def: ModelDef, a: Record<string, Json>): Json {
  checkAccess(env, def, "read");
  const domain = (a.domain ?? []) as Json[];
  const all = strs(a.groupby);
  const lazy = a.lazy !== false;
  const specs = lazy ? all.slice(0, 1) : all;
  const rows = searchRows(env.db, def, domain, { context: env.context, uid: env.uid });
  const fields = strs(a.fields)
    .map((f) => fieldSpec(def, f))
    .filter((f) => f !== undefined)
    .filter((f) => !specs.some((s) => s.split(":")[0] === f.alias));
  const countKey = lazy && specs.length ? `${specs[0]!.split(":")[0]}_count` : "__count";
  const agg = (g: Group, alias: string): Json => {
    if (alias === countKey || alias === "__count") return g.rows.length;
    const f = fields.find((x) => x.alias === alias);
    return f ? aggregate(env.db, def, g.rows, f.field, f.fn) : 0;
  };
  const groups = sortGroups(
    groupRows(env.db, def, rows, specs, env.context),
    specs,
    typeof a.orderby === "string" ? a.orderby : "",
    agg,
  );
  return page(groups, a).map((g) => {
    const out: Record<string, Json> = {};
    specs.forEach((s, i) => {
      out[s] = g.values[i] ?? false;
    });
    out[countKey] = g.rows.length;
    for (const f of fields) out[f.alias] = aggregate(env.db, def, g.rows, f.field, f.fn);
    // `__range`: the bounds of each date/datetime bucket (naive UTC for a datetime), false for "not set".
    const range = Object.fromEntries(
      specs.flatMap((s, i) => (g.ranges[i] === null || g.ranges[i] === undefined ? [] : [[s, g.ranges[i]!]])),
    );
    if (Object.keys(range).length) out.__range = range;
    out.__domain = andDomains(domain, andDomains(...g.leaves.map((l) => [l])));
    if (lazy && all.length > 1) out.__context = { group_by: all.slice(1) };
    return out;
  });
}

/** Odoo 19's `formatted_read_group`: `__extra_domain`, `__count`, `field:agg` per group. */
export function formattedReadGroup(env: Env, def: ModelDef, a: Record<string, Json>): Json {
  checkAccess(env, def, "read");
  const specs = strs(a.groupby);
  const aggregates = strs(a.aggregates);
  const rows: Row[] = searchRows(env.db, def, a.domain ?? [], { context: env.context, uid: env.uid });
  const agg = (g: Group, spec: string): Json => {
    if (spec === "__count") return g.rows.length;
    const [field = "", fn = ""] = spec.split(":");
    return aggregate(env.db, def, g.rows, field, fn);
  };
  // `having` is a domain on aggregates (ANDed terms here; the fake knows no `|` there).
  const having = (Array.isArray(a.having) ? a.having : []).filter((t): t is Json[] => Array.isArray(t));
  const kept = groupRows(env.db, def, rows, specs, env.context).filter((g) =>
    having.every(([spec, op, value]) => compare(agg(g, String(spec)), String(op), value ?? false)),
  );
  const groups = sortGroups(kept, specs, typeof a.order === "string" ? a.order : "", agg);
  const dated = specs.map((s) => ["date", "datetime"].includes(def.fields[s.split(":")[0] ?? ""]?.type ?? ""));
  return page(groups, a).map((g) => {
    const out: Record<string, Json> = {};
    specs.forEach((s, i) => {
      // A date bucket is (start, label): test_formatted_read_group's `'date:month': ('2022-01-01', 'January 2022')`;
      // a datetime's start is naive UTC with its time (web's formatter: `range_start.strftime(fmt)`).
      const value = g.values[i] ?? false;
      out[s] = dated[i] && value !== false ? [g.keys[i] ?? false, value] : value;
    });
    out.__extra_domain = andDomains(...g.leaves.map((l) => [l]));
    for (const spec of aggregates) out[spec] = agg(g, spec);
    return out;
  });
}

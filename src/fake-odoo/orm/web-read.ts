import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import type { Env } from "./env.ts";
import { search } from "./misc.ts";
import { readRows } from "./read.ts";
import { num } from "./signature.ts";

type Spec = Record<string, Json>;

const isSpec = (v: Json | undefined): v is Spec => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * web/models/models.py `web_read(specification)`: `read(fields, load=None)` (many2one as a bare id), then per field
 * spec: a many2one with `fields` becomes `{id, display_name, ...}` (the name read as superuser), an x2many with
 * `fields` a list of such dicts (`limit` reads only the first ones); without `fields` ids stay ids.
 */
export function webRead(env: Env, def: ModelDef, rows: Row[], specification: Json | undefined): Row[] {
  // `specification.keys()` on anything but a dict.
  if (!isSpec(specification)) {
    throw E.attribute(
      `'${Array.isArray(specification) ? "list" : typeof specification}' object has no attribute 'keys'`,
    );
  }
  const names = Object.keys(specification);
  if (names.length === 0 || (names.length === 1 && names[0] === "id"))
    return rows.map((row) => ({ id: Number(row.id) }));
  const out = readRows(env.db, def, rows, names, { context: env.context, load: "_classic_write" });
  for (const [name, fieldSpec] of Object.entries(specification)) {
    const field = def.fields[name];
    if (!field?.relation || !isSpec(fieldSpec) || !isSpec(fieldSpec.fields)) continue;
    const co = env.db.table(field.relation);
    if (!co) continue;
    const sub = fieldSpec.fields;
    const { display_name: withName, ...rest } = sub;
    const coRead = (ids: number[]): Map<number, Row> => {
      const coRows = ids.map((id) => co.rows.get(id)).filter((r): r is Row => r !== undefined);
      const read = webRead(env, co.def, coRows, rest);
      if (withName !== undefined)
        for (const r of read) r.display_name = env.db.nameOf(co.def.model, Number(r.id)) ?? "";
      return new Map(read.map((r) => [Number(r.id), r]));
    };
    if (field.type === "many2one") {
      const data = coRead([...new Set(out.map((r) => r[name]).filter((v): v is number => typeof v === "number"))]);
      for (const r of out) if (typeof r[name] === "number") r[name] = data.get(r[name] as number) ?? false;
    } else if (field.type === "one2many" || field.type === "many2many") {
      const limit = num(fieldSpec.limit);
      const ids = out.flatMap((r) => ((r[name] as number[]) ?? []).slice(0, limit));
      const data = coRead([...new Set(ids)]);
      for (const r of out) r[name] = ((r[name] as number[]) ?? []).map((id) => data.get(id) ?? { id });
    }
  }
  return out;
}

/**
 * `web_search_read`: `{length, records}`. `length` is exact when the page is short (offset + records), a
 * `search_count(domain, limit=count_limit)` when the page is full, and 0 when the page is empty — even past the end.
 */
export function webSearchRead(env: Env, def: ModelDef, a: Record<string, Json>): Json {
  const rows = search(env, def, a);
  const records = webRead(env, def, rows, a.specification);
  if (records.length === 0) return { length: 0, records: [] };
  const offset = num(a.offset) ?? 0;
  const limit = num(a.limit);
  const countLimit = num(a.count_limit);
  const current = records.length + offset;
  const countLimitReached = !!countLimit && countLimit <= current;
  const force = !!env.context.force_search_count;
  let length = current;
  if (limit && ((records.length === limit && !countLimitReached) || force)) {
    const all = search(env, def, { domain: a.domain ?? [], order: "id" }).length;
    length = countLimit ? Math.min(all, countLimit) : all;
  }
  return { length, records } as unknown as Json;
}

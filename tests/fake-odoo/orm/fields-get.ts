import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json } from "../types.ts";
import type { Env } from "./env.ts";

function describe(name: string, f: FieldDef): Record<string, Json> {
  const stored = !f.compute;
  const out: Record<string, Json> = {
    change_default: false,
    company_dependent: false,
    depends: [],
    exportable: true,
    manual: false,
    name,
    readonly: Boolean(f.readonly),
    required: Boolean(f.required),
    searchable: true,
    sortable: stored && f.type !== "one2many" && f.type !== "many2many" && f.type !== "binary",
    store: stored && f.type !== "one2many",
    string: f.string,
    type: f.type,
  };
  if (f.help) out.help = f.help;
  if (f.relation) out.relation = f.relation;
  if (f.inverse) out.relation_field = f.inverse;
  if (f.selection) out.selection = f.selection;
  if (f.type === "char" || f.type === "text" || f.type === "html") out.translate = false;
  return out;
}

/** Odoo's `fields_get(allfields, attributes)`: metadata per field, keys sorted like Odoo's. */
export function fieldsGet(_env: Env, def: ModelDef, a: Record<string, Json>): Json {
  const wanted = Array.isArray(a.allfields) && a.allfields.length ? new Set(a.allfields.map(String)) : undefined;
  const attributes = Array.isArray(a.attributes) && a.attributes.length ? a.attributes.map(String) : undefined;
  const out: Record<string, Json> = {};
  for (const [name, f] of Object.entries(def.fields)) {
    if (wanted && !wanted.has(name)) continue;
    const full = describe(name, f);
    const keys = Object.keys(full)
      .filter((k) => !attributes || attributes.includes(k))
      .sort();
    out[name] = Object.fromEntries(keys.map((k) => [k, full[k]!]));
  }
  return out;
}

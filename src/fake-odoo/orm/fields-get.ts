import type { FieldDef, ModelDef } from "../models/schema.ts";
import type { Json } from "../types.ts";
import type { Env } from "./env.ts";

const RELATIONAL = new Set(["many2one", "one2many", "many2many"]);
// Comodels with a `parent_id` (child_of/parent_of apply): 19's /doc-bearer capture flags their relations
// `allow_hierachy_operators` (category_id, company_id, user_id, create_uid, parent_id, message_ids), not country_id's.
const HIERARCHICAL = new Set(["res.partner", "res.partner.category", "res.company", "res.users", "mail.message"]);

/** Odoo's full description of one field (`fields_get` without `attributes`), keys as 19 sends them. */
export function describeField(name: string, f: FieldDef): Record<string, Json> {
  // one2many fields are "stored" for fields_get (child_ids: store true in 19's capture), computes only with store=True.
  const stored = f.store ?? !f.compute;
  const listy = f.type === "one2many" || f.type === "many2many";
  const out: Record<string, Json> = {
    change_default: false,
    company_dependent: false,
    default_export_compatible: false,
    depends: f.related ? [f.related] : [],
    exportable: true,
    groupable: stored && f.type !== "binary" && f.type !== "one2many",
    manual: false,
    name,
    readonly: Boolean(f.readonly),
    required: Boolean(f.required),
    searchable: true,
    sortable: stored && !listy && f.type !== "binary",
    store: stored,
    string: f.string,
    type: f.type,
  };
  if (f.help) out.help = f.help;
  if (f.related) out.related = f.related;
  if (RELATIONAL.has(f.type))
    Object.assign(out, {
      allow_hierachy_operators: HIERARCHICAL.has(f.relation ?? ""),
      context: {},
      domain: [],
      relation: f.relation ?? "",
    });
  if (f.inverse) out.relation_field = f.inverse;
  if (f.selection) out.selection = f.selection;
  if (f.type === "char") Object.assign(out, { translate: false, trim: true });
  if (f.type === "text") out.translate = false;
  if (f.type === "html") {
    Object.assign(out, { sanitize: true, sanitize_attributes: true, sanitize_style: false, sanitize_tags: true });
    Object.assign(out, { strip_classes: false, strip_style: false, translate: false });
  }
  if (f.type === "binary") out.attachment = true;
  if ((f.type === "integer" && name !== "id") || f.type === "float" || f.type === "monetary") out.aggregator = "sum";
  if (f.type === "float") out.digits = [16, 2];
  return { ...out, ...f.meta };
}

/** Odoo's `fields_get(allfields, attributes)`: metadata per field, keys sorted like Odoo's. */
export function fieldsGet(_env: Env, def: ModelDef, a: Record<string, Json>): Json {
  const wanted = Array.isArray(a.allfields) && a.allfields.length ? new Set(a.allfields.map(String)) : undefined;
  const attributes = Array.isArray(a.attributes) && a.attributes.length ? a.attributes.map(String) : undefined;
  const out: Record<string, Json> = {};
  for (const [name, f] of Object.entries(def.fields)) {
    if (wanted && !wanted.has(name)) continue;
    const full = describeField(name, f);
    const keys = Object.keys(full)
      .filter((k) => !attributes || attributes.includes(k))
      .sort();
    out[name] = Object.fromEntries(keys.map((k) => [k, full[k]!]));
  }
  return out;
}

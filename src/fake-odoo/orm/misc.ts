import { accessErrorFor } from "../errors.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, hasAccess } from "./env.ts";
import { hiddenByRule, searchRows } from "./search.ts";
import { type MethodSpec, num, toIds } from "./signature.ts";
import { createRecords, writeRecords } from "./write.ts";

type RunEnv = Parameters<MethodSpec["run"]>[0];
type RunDef = Parameters<MethodSpec["run"]>[1];

/** `search` with the read ACL checked and the kwargs of `search`/`search_read`. */
export function search(env: RunEnv, def: RunDef, a: Record<string, Json>): Row[] {
  checkAccess(env, def, "read");
  const order = typeof a.order === "string" ? a.order : undefined;
  return searchRows(env.db, def, a.domain ?? [], {
    offset: num(a.offset),
    limit: num(a.limit),
    order,
    context: env.context,
    uid: env.uid,
  });
}

/** The rows of the ids that exist (Odoo's read drops missing ids silently). */
export function existing(env: RunEnv, model: string, ids: number[]): Row[] {
  const table = env.db.table(model)!;
  const rows = ids.map((id) => table.rows.get(id)).filter((row): row is Row => row !== undefined);
  const def = table.def;
  // Odoo checks record rules on read: a row the rule hides is an AccessError, not a missing record.
  if (rows.some((row) => hiddenByRule(env.db, def, row, env.uid))) {
    throw accessErrorFor(env.db.profile, def.description, def.model, "read");
  }
  return rows;
}

/** `copy(default)`: stored, writable values duplicated, the name suffixed " (copy)". */
export function copyRecords(env: RunEnv, def: RunDef, ids: number[], defaults: Json | undefined): Json {
  checkAccess(env, def, "read");
  const extra = defaults && typeof defaults === "object" && !Array.isArray(defaults) ? defaults : {};
  const vals = existing(env, def.model, ids).map((row) => {
    const out: Record<string, Json> = {};
    for (const [name, f] of Object.entries(def.fields)) {
      if (!f.readonly && !f.compute && f.type !== "one2many" && name !== "id") out[name] = row[name] ?? false;
    }
    if (typeof out.name === "string") out.name = `${out.name} (copy)`;
    return { ...out, ...extra };
  });
  const created = createRecords(env, def, vals);
  return created.length === 1 ? created[0]! : created;
}

/** `default_get(fields)` (`fields_list` before 19): the field defaults the fake knows. */
export function defaultGet(def: RunDef, fieldsList: Json | undefined): Json {
  const out: Record<string, Json> = {};
  for (const name of Array.isArray(fieldsList) ? fieldsList.map(String) : []) {
    const d = def.fields[name]?.default;
    if (d !== undefined) out[name] = d;
  }
  return out;
}

/** `action_archive`/`action_unarchive`: returns None, like Odoo. */
export function archive(env: RunEnv, def: RunDef, ids: number[], active: boolean): undefined {
  if (def.fields.active) writeRecords(env, def, toIds(ids), { active });
  return undefined;
}

/** `name_search`: the model's name fields (`_rec_names_search`) matched with `operator`, within a domain. */
export function nameSearch(env: RunEnv, def: RunDef, a: Record<string, Json>): Json {
  checkAccess(env, def, "read");
  const name = typeof a.name === "string" ? a.name : "";
  const operator = typeof a.operator === "string" ? a.operator : "ilike";
  const domain = (a.domain ?? a.args ?? []) as Json[];
  const fields = def.searchNames ?? ["display_name"];
  const nameDomain: Json[] = name
    ? [...Array(fields.length - 1).fill("|"), ...fields.map((f) => [f, operator, name])]
    : [];
  const rows = searchRows(env.db, def, [...domain, ...nameDomain], {
    limit: num(a.limit) ?? 100,
    context: env.context,
    uid: env.uid,
  });
  return rows.map((row) => [row.id ?? 0, env.db.nameOf(def.model, Number(row.id)) ?? ""]);
}

/**
 * `ir.model.get_available_models()` (web/models/ir_model.py, 17 to 19): `{display_name, model}` of the models the
 * user may read that are neither wizards nor abstract, for internal users only (a portal user gets none); the rows
 * come from a sudo'ed ir.model search_read, in ir.model's order. Only models the registry has loaded are candidates:
 * an ir.model row whose code is gone is not listed.
 */
export function availableModels(env: RunEnv): Json {
  const user = env.db.table("res.users")?.rows.get(env.uid);
  if (user?.share === true) return [];
  const irModel = env.db.table("ir.model")!;
  const loaded = new Set(
    [...env.db.tables.values()]
      .map((t) => t.def)
      .filter((def) => hasAccess(env, def, "read"))
      .map((def) => def.model),
  );
  return searchRows(env.db, irModel.def, [["transient", "=", false]], {})
    .filter((row) => loaded.has(String(row.model)))
    .map((row) => ({ display_name: row.name ?? false, model: row.model ?? false }));
}

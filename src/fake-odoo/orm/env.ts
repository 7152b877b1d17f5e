import { accessErrorFor, E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json } from "../types.ts";
import type { Db } from "./store.ts";

/** The ORM environment of one call: database, user and context. */
export interface Env {
  db: Db;
  uid: number;
  context: Record<string, Json>;
}

/** Whether the uid has Settings rights (admin or the superuser). */
export function isAdmin(env: Env): boolean {
  return env.uid === 1 || env.uid === 2;
}

/** An access operation of `ir.model.access`. */
export type Operation = "read" | "write" | "create" | "unlink";

/** Whether the user's groups grant `op` on the model (`ir.model.access`). */
export function hasAccess(env: Env, def: ModelDef, op: Operation): boolean {
  return isAdmin(env) || !(def.adminOnly || def.accessRightsOnly || (def.writeAdminOnly && op !== "read"));
}

/** Raises Odoo's AccessError when the user may not do `op` on the model. */
export function checkAccess(env: Env, def: ModelDef, op: Operation): void {
  if (hasAccess(env, def, op)) return;
  const p = env.db.profile;
  const group = def.accessRightsOnly ? p.accessRightsGroup : p.adminGroup;
  throw accessErrorFor(p, def.description, def.model, op, group);
}

/** Python repr of a recordset, as MissingError prints it: `res.partner(999999,)`. */
export function recordsetRepr(model: string, ids: number[]): string {
  return `${model}(${ids.join(", ")}${ids.length === 1 ? "," : ""})`;
}

/** Odoo's MissingError for ids that do not exist. */
export function missingError(env: Env, model: string, ids: number[]): Error {
  return E.missing(
    `Record does not exist or has been deleted.\n(Record: ${recordsetRepr(model, ids)}, User: ${env.uid})`,
  );
}

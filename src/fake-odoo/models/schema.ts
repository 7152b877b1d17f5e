import type { Json, Row } from "../types.ts";

/** Odoo field types the fake knows. */
export type FieldType =
  | "char"
  | "text"
  | "html"
  | "integer"
  | "float"
  | "monetary"
  | "boolean"
  | "date"
  | "datetime"
  | "selection"
  | "binary"
  | "many2one"
  | "one2many"
  | "many2many";

/** Reads another record's display name (for many2one values and computed names). */
export type NameOf = (model: string, id: number) => string | undefined;

/** One field of a fake model, with the metadata `fields_get` returns. */
export interface FieldDef {
  type: FieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  /** one2many: the many2one on the comodel pointing back. */
  inverse?: string;
  selection?: [string, string][];
  help?: string;
  /** `related=` path (image_128 of image_1920). */
  related?: string;
  /** Extra `fields_get` attributes (depends, domain, context) where Odoo's differ from the defaults. */
  meta?: Record<string, Json>;
  /** Last major version that has the field (e.g. `mobile` is gone in 19). */
  until?: number;
  /** First major version that has the field (e.g. res.users' `group_ids`, 19). */
  since?: number;
  /** What differs in a given major version (e.g. selection labels), merged over the rest. */
  perVersion?: (major: number) => Partial<FieldDef>;
  /** Computed value; not stored unless `store` says so. */
  compute?: (row: Row, nameOf: NameOf) => Json;
  /** A stored compute (`store=True`, e.g. complete_name): what fields_get reports as `store`. */
  store?: boolean;
  /** many2one: the foreign key's ON DELETE; Odoo's default is `restrict` when required, else `set null`. */
  ondelete?: "restrict" | "set null" | "cascade";
  default?: Json;
  /** `tracking=`: a change is logged in the record's chatter with a mail.tracking.value (mail.thread models). */
  tracking?: number;
}

/** A fake model: metadata, default order and access. */
export interface ModelDef {
  model: string;
  description: string;
  order: string;
  recName: string;
  fields: Record<string, FieldDef>;
  /** Only the admin may use it (Odoo's group_system ACL), as `*_access_error_demo` shows. */
  adminOnly?: boolean;
  /**
   * Only Administration / Access Rights (group_erp_manager, which the admin has) may use it: ir.model on 17+, whose
   * base/security/ir.model.access.csv row for group_user grants nothing.
   */
  accessRightsOnly?: boolean;
  /** Fields name_search matches besides the display name (`_rec_names_search`). */
  searchNames?: string[];
  /** Python-side constraints, run after create/write. */
  check?: (row: Row) => void;
  /** Fields a private user may not write (e.g. res.users for non-admins). */
  writeAdminOnly?: boolean;
  /**
   * A record rule for users without Settings rights (the demo user): they see only the rows matching this domain.
   * No real Odoo has this rule; it lets per-user tests see two users get different records.
   */
  userRule?: Json;
  /** Inherits `mail.thread` (a chatter: `message_post`, `ir.model.is_mail_thread`), as with `mail` installed. */
  mailThread?: boolean;
}

/** Shorthand field constructors. */
export const F = {
  char: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "char", string, ...extra }),
  text: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "text", string, ...extra }),
  html: (string: string): FieldDef => ({ type: "html", string }),
  int: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "integer", string, ...extra }),
  float: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "float", string, ...extra }),
  bool: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "boolean", string, ...extra }),
  date: (string: string): FieldDef => ({ type: "date", string }),
  datetime: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "datetime", string, ...extra }),
  binary: (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "binary", string, ...extra }),
  sel: (string: string, selection: [string, string][], extra: Partial<FieldDef> = {}): FieldDef => ({
    type: "selection",
    string,
    selection,
    ...extra,
  }),
  m2o: (string: string, relation: string, extra: Partial<FieldDef> = {}): FieldDef => ({
    type: "many2one",
    string,
    relation,
    ...extra,
  }),
  o2m: (string: string, relation: string, inverse: string): FieldDef => ({
    type: "one2many",
    string,
    relation,
    inverse,
  }),
  m2m: (string: string, relation: string): FieldDef => ({ type: "many2many", string, relation }),
};

/** The fields every Odoo model has (`id`, `display_name`, the log access fields). */
export function magicFields(recName: string, compute?: FieldDef["compute"]): Record<string, FieldDef> {
  return {
    id: F.int("ID", { readonly: true }),
    display_name: F.char("Display Name", {
      readonly: true,
      compute: compute ?? ((row) => row[recName] ?? false),
    }),
    create_uid: F.m2o("Created by", "res.users", { readonly: true }),
    create_date: F.datetime("Created on", { readonly: true }),
    write_uid: F.m2o("Last Updated by", "res.users", { readonly: true }),
    write_date: F.datetime("Last Updated on", { readonly: true }),
  };
}

/** Builds a model definition with the magic fields added. */
export function defineModel(
  def: Omit<ModelDef, "fields"> & { fields: Record<string, FieldDef> },
  compute?: FieldDef["compute"],
): ModelDef {
  return { ...def, fields: { ...def.fields, ...magicFields(def.recName, compute) } };
}

import type { Row } from "../types.ts";
import { defineModel, F, type ModelDef } from "./schema.ts";

/**
 * `ir.model.fields`, one row per field of every fake model (in model, then definition order; ids as the fake numbers
 * them). Like ir.model, assumed readable by Administration / Access Rights only from 17.
 */
export const irModelFieldsModel: ModelDef = defineModel(
  {
    model: "ir.model.fields",
    description: "Fields",
    order: "name",
    recName: "field_description",
    accessRightsOnly: true,
    fields: {
      name: F.char("Field Name", { required: true }),
      model: F.char("Model Name", { required: true }),
      field_description: F.char("Field Label", { required: true }),
      ttype: F.char("Field Type", { required: true }),
      relation: F.char("Related Model"),
    },
  },
  // ir.model.fields' _compute_display_name: "<label> (<model>)".
  (row) => `${String(row.field_description)} (${String(row.model)})`,
);

/**
 * `mail.tracking.value` (mail/models/mail_tracking_value.py, 17–19): the old and new value of a tracked field, on the
 * notification message logged for the change. Administrators only (mail/security/ir.model.access.csv gives
 * base.group_system all rights and no other group a row, 17–19). `field_info` (a Json naming a removed field) is left
 * out, and so is `currency_id` (the fake has no res.currency).
 */
export const trackingValueModel: ModelDef = defineModel(
  {
    model: "mail.tracking.value",
    description: "Mail Tracking Value",
    order: "id desc",
    recName: "field_id",
    adminOnly: true,
    fields: {
      field_id: F.m2o("Field", "ir.model.fields", { readonly: true }),
      // The tracked field's `groups` (none on the fake's fields); gone in 19, where access is checked otherwise.
      field_groups: F.char("Field Groups", { compute: () => false, until: 18 }),
      old_value_integer: F.int("Old Value Integer", { readonly: true }),
      old_value_float: F.float("Old Value Float", { readonly: true }),
      old_value_char: F.char("Old Value Char", { readonly: true }),
      old_value_text: F.text("Old Value Text", { readonly: true }),
      old_value_datetime: F.datetime("Old Value DateTime", { readonly: true }),
      new_value_integer: F.int("New Value Integer", { readonly: true }),
      new_value_float: F.float("New Value Float", { readonly: true }),
      new_value_char: F.char("New Value Char", { readonly: true }),
      new_value_text: F.text("New Value Text", { readonly: true }),
      new_value_datetime: F.datetime("New Value Datetime", { readonly: true }),
      mail_message_id: F.m2o("Message ID", "mail.message", { required: true, ondelete: "cascade" }),
    },
  },
  (row, nameOf) => (typeof row.field_id === "number" ? (nameOf("ir.model.fields", row.field_id) ?? "") : ""),
);

/** The ir.model.fields rows of the models as one series has them. */
export function fieldRows(defs: readonly ModelDef[]): Row[] {
  let id = 0;
  return defs.flatMap((def) =>
    Object.entries(def.fields).map(([name, f]) => ({
      id: ++id,
      name,
      model: def.model,
      field_description: f.string,
      ttype: f.type,
      relation: f.relation ?? false,
    })),
  );
}

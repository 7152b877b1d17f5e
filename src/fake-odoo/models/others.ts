import { withImplied } from "./groups.ts";
import { defineModel, F, type ModelDef } from "./schema.ts";

/** `res.country`. */
export const countryModel: ModelDef = defineModel({
  model: "res.country",
  description: "Country",
  order: "name",
  recName: "name",
  searchNames: ["name", "code"],
  fields: {
    name: F.char("Country Name", { required: true }),
    code: F.char("Country Code", { required: true }),
    phone_code: F.int("Country Calling Code"),
  },
});

/** `res.company`. */
export const companyModel: ModelDef = defineModel({
  model: "res.company",
  description: "Companies",
  order: "sequence, name",
  recName: "name",
  fields: {
    name: F.char("Company Name", { required: true }),
    partner_id: F.m2o("Partner", "res.partner", { required: true }),
    email: F.char("Email"),
    phone: F.char("Phone"),
    country_id: F.m2o("Country", "res.country"),
    sequence: F.int("Sequence"),
    active: F.bool("Active", { default: true }),
  },
});

/** `res.users`: name is the partner's; only admins may write users. */
export const usersModel: ModelDef = defineModel({
  model: "res.users",
  description: "User",
  order: "name, login",
  recName: "name",
  searchNames: ["name", "login"],
  writeAdminOnly: true,
  fields: {
    name: F.char("Name", { required: true }),
    login: F.char("Login", { required: true }),
    partner_id: F.m2o("Related Partner", "res.partner", { required: true }),
    company_id: F.m2o("Company", "res.company", { required: true }),
    email: F.char("Email"),
    share: F.bool("Share User", { readonly: true }),
    active: F.bool("Active", { default: true }),
    // Up to 18 the implied groups are stored with the assigned ones; 19 keeps those apart and computes the union.
    groups_id: { ...F.m2m("Groups", "res.groups"), until: 18 },
    group_ids: { ...F.m2m("Groups", "res.groups"), since: 19 },
    all_group_ids: {
      ...F.m2m("Groups and implied groups", "res.groups"),
      since: 19,
      readonly: true,
      compute: (row) => withImplied(Array.isArray(row.group_ids) ? (row.group_ids as number[]) : []),
    },
  },
});

/** `res.partner.category` (partner tags). */
export const categoryModel: ModelDef = defineModel({
  model: "res.partner.category",
  description: "Partner Tags",
  order: "name",
  userRule: [["color", "<=", 4]],
  recName: "name",
  fields: {
    name: F.char("Tag Name", { required: true }),
    color: F.int("Color"),
    active: F.bool("Active", { default: true }),
  },
});

/** `ir.attachment` with real binary `datas`. */
export const attachmentModel: ModelDef = defineModel({
  model: "ir.attachment",
  description: "Attachment",
  order: "id desc",
  recName: "name",
  fields: {
    name: F.char("Name", { required: true }),
    datas: F.binary("File Content (base64)"),
    mimetype: F.char("Mime Type", { readonly: true }),
    file_size: F.int("File Size", { readonly: true }),
    res_model: F.char("Resource Model"),
    // The binary field whose value the attachment stores (attachment=True fields); false for attachments proper.
    res_field: F.char("Resource Field"),
    res_id: F.int("Resource ID"),
    type: F.sel(
      "Type",
      [
        ["url", "URL"],
        ["binary", "File"],
      ],
      { required: true, default: "binary" },
    ),
    description: F.text("Description"),
    public: F.bool("Is public document"),
  },
});

/**
 * `ir.actions.report`: the report actions a database with base, web and mail has (web's layout previews). From 17
 * only Administration / Settings may read them (base/security/ir.model.access.csv has no other row for the model);
 * the report route looks them up as superuser.
 */
export const reportModel: ModelDef = defineModel({
  model: "ir.actions.report",
  description: "Report Action",
  order: "name, id",
  recName: "name",
  adminOnly: true,
  fields: {
    name: F.char("Action Name", { required: true }),
    type: F.char("Action Type", { required: true, default: "ir.actions.report" }),
    model: F.char("Model Name", { required: true }),
    report_name: F.char("Template Name", { required: true }),
    report_type: F.sel(
      "Report Type",
      [
        ["qweb-html", "HTML"],
        ["qweb-pdf", "PDF"],
        ["qweb-text", "Text"],
      ],
      { required: true, default: "qweb-pdf" },
    ),
    print_report_name: F.char("Printed Report Name"),
  },
});

/** `ir.config_parameter`: system only, like Odoo's ACL (the `*_access_error_demo` captures). */
export const configParameterModel: ModelDef = defineModel({
  model: "ir.config_parameter",
  description: "System Parameter",
  order: "key",
  recName: "key",
  adminOnly: true,
  fields: {
    key: F.char("Key", { required: true }),
    value: F.text("Value", { required: true }),
  },
});

/** `ir.model`: one row per fake model; `mail` (installed on every capture's database) adds the is_mail_* flags and
 * orders it `is_mail_thread DESC, name ASC` (mail/models/ir_model.py). From 17 only Administration / Access Rights
 * may read it (base/security/ir.model.access.csv gives group_user 0,0,0,0); others use `get_available_models`. */
export const irModelModel: ModelDef = defineModel({
  model: "ir.model",
  description: "Models",
  order: "is_mail_thread desc, name asc",
  recName: "name",
  accessRightsOnly: true,
  searchNames: ["name", "model"],
  fields: {
    name: F.char("Model Description", { required: true }),
    model: F.char("Model", { required: true }),
    info: F.text("Information"),
    state: F.sel(
      "Type",
      [
        ["manual", "Custom Object"],
        ["base", "Base Object"],
      ],
      { readonly: true },
    ),
    transient: F.bool("Transient Model", { readonly: true }),
    order: F.char("Order", {
      required: true,
      help: 'SQL expression for ordering records in the model; e.g. "x_sequence asc, id desc"',
    }),
    is_mail_thread: F.bool("Mail Thread", { help: "Whether this model supports messages and notifications." }),
    is_mail_activity: F.bool("Mail Activity", { help: "Whether this model supports activities." }),
  },
});

/**
 * `ir.module.module` (base/models/ir_module.py), the installed modules of the captures' databases; only
 * Administration / Settings may read it (base/security/ir.model.access.csv, 17 to 19). No capture lists it: the rows
 * are the modules every capture shows the effects of.
 */
export const moduleModel: ModelDef = defineModel({
  model: "ir.module.module",
  description: "Module",
  order: "application desc,sequence,name",
  recName: "shortdesc",
  adminOnly: true,
  fields: {
    name: F.char("Technical Name", { required: true, readonly: true }),
    shortdesc: F.char("Module Name", { readonly: true }),
    state: F.sel(
      "Status",
      [
        ["uninstallable", "Uninstallable"],
        ["uninstalled", "Not Installed"],
        ["installed", "Installed"],
        ["to upgrade", "To be upgraded"],
        ["to remove", "To be removed"],
        ["to install", "To be installed"],
      ],
      { readonly: true },
    ),
    latest_version: F.char("Installed Version", { readonly: true }),
    application: F.bool("Application", { readonly: true }),
    sequence: F.int("Sequence"),
  },
});

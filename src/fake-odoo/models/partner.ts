import timezones from "../data/timezones.json";
import { E } from "../errors.ts";
import type { Row } from "../types.ts";
import { defineModel, F, type ModelDef, type NameOf } from "./schema.ts";

// `lang` offers the installed languages: only English in the captured databases (19's /doc-bearer capture;
// every 17/18 capture's context says en_US too).
const LANGS: [string, string][] = [["en_US", "English (US)"]];
// `tz` offers every time zone, as 19's /doc-bearer capture lists them (17/18 take pytz's list, near-identical).
const TZS: [string, string][] = timezones.map((tz) => [tz, tz]);
// Address types: 17's labels ("Invoice Address"…, base/models/res_partner.py); 19's capture says "Invoice"….
const TYPES_17: [string, string][] = [
  ["contact", "Contact"],
  ["invoice", "Invoice Address"],
  ["delivery", "Delivery Address"],
  ["other", "Other Address"],
];
const TYPES_19: [string, string][] = [
  ["contact", "Contact"],
  ["invoice", "Invoice"],
  ["delivery", "Delivery"],
  ["other", "Other"],
];

/** `res.partner`: display name "Company, Person" like Odoo's complete_name. */
export const partnerModel: ModelDef = defineModel(
  {
    model: "res.partner",
    description: "Contact",
    order: "complete_name asc, id desc",
    recName: "name",
    // mail (installed on every capture's database: its discuss settings are in session info) makes contacts a thread.
    mailThread: true,
    searchNames: ["complete_name", "email", "ref", "vat"],
    fields: {
      name: F.char("Name", { meta: { default_export_compatible: true } }),
      complete_name: F.char("Complete Name", {
        meta: { depends: ["is_company", "name", "parent_id.name", "type", "company_name", "commercial_company_name"] },
        readonly: true,
        compute: (row, nameOf) => partnerName(row, nameOf),
        store: true,
      }),
      // mail/models/res_partner.py tracks these five (tracking=1..5) once `mail` makes contacts a thread.
      email: F.char("Email", { tracking: 1 }),
      phone: F.char("Phone", { tracking: 2 }),
      // In base up to 18.0, dropped in 19.0: 19's /doc-bearer capture has no `mobile` (OCA's partner_mobile
      // restores it for 19: "native up to Odoo 18.0 and was dropped in 19.0").
      mobile: F.char("Mobile", { until: 18 }),
      website: F.char("Website Link"),
      function: F.char("Job Position"),
      street: F.char("Street"),
      city: F.char("City"),
      zip: F.char("Zip", { meta: { change_default: true } }),
      country_id: F.m2o("Country", "res.country", { ondelete: "restrict" }),
      parent_id: F.m2o("Related Company", "res.partner", { tracking: 3 }),
      child_ids: {
        ...F.o2m("Contact", "res.partner", "parent_id"),
        meta: { context: { active_test: false }, depends: ["child_ids.active"], domain: [["active", "=", true]] },
      },
      category_id: F.m2m("Tags", "res.partner.category"),
      // mail.thread's chatter (19's /doc-bearer capture: relation mail.message, relation_field res_id, stored).
      message_ids: {
        ...F.o2m("Messages", "mail.message", "res_id"),
        meta: { domain: "([('message_type', '!=', 'user_notification')]) + ([('model', '=', 'res.partner')])" },
      },
      company_id: F.m2o("Company", "res.company"),
      user_id: F.m2o("Salesperson", "res.users", {
        tracking: 4,
        help: "The internal user in charge of this contact.",
        meta: { depends: ["parent_id"] },
      }),
      is_company: F.bool("Is a Company", {
        default: false,
        help: "Check if the contact is a company, otherwise it is a person",
      }),
      company_name: F.char("Company Name"),
      type: F.sel("Address Type", TYPES_17, {
        default: "contact",
        perVersion: (major) => (major >= 19 ? { selection: TYPES_19 } : {}),
      }),
      lang: F.sel("Language", LANGS, {
        meta: { depends: ["parent_id"] },
        help: "All the emails and documents sent to this contact will be translated in this language.",
      }),
      tz: F.sel("Timezone", TZS, {
        help:
          "When printing documents and exporting/importing data, time values are computed according to this timezone.\n" +
          "If the timezone is not set, UTC (Coordinated Universal Time) is used.\n" +
          "Anywhere else, time values are computed according to the time offset of your web client.",
      }),
      vat: F.char("Tax ID", {
        tracking: 5,
        help:
          "The Tax Identification Number. Values here will be validated based on the country format. " +
          "You can use '/' to indicate that the partner is not subject to tax.",
      }),
      ref: F.char("Reference"),
      comment: F.html("Notes"),
      active: F.bool("Active", { default: true }),
      image_128: F.binary("Image 128", { readonly: true, related: "image_1920" }),
      image_1920: F.binary("Image"),
    },
    check: (row: Row) => {
      // res.partner `_check_name`: Odoo's SQL constraint message since 17.
      if (row.type === "contact" && !row.name)
        throw E.validation("The operation cannot be completed: Contacts require a name");
    },
  },
  (row, nameOf) => partnerName(row, nameOf),
);

partnerModel.fields.display_name!.meta = {
  depends: ["complete_name", "email", "vat", "state_id", "country_id", "commercial_company_name", "name"],
};

/** Odoo's partner complete name: "Parent, Person" for contacts of a company. */
function partnerName(row: Row, nameOf: NameOf): string {
  const name = typeof row.name === "string" ? row.name : "";
  if (row.is_company) return name;
  const company = typeof row.parent_id === "number" ? nameOf("res.partner", row.parent_id) : row.company_name;
  return typeof company === "string" && company ? `${company}, ${name}` : name;
}

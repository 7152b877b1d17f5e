import { E } from "../errors.ts";
import type { Row } from "../types.ts";
import { defineModel, F, type ModelDef, type NameOf } from "./schema.ts";

const LANGS: [string, string][] = [
  ["en_US", "English (US)"],
  ["fr_FR", "French / Français"],
  ["nl_BE", "Dutch (BE) / Nederlands (BE)"],
];
const TZS: [string, string][] = [
  ["Europe/Brussels", "Europe/Brussels"],
  ["America/New_York", "America/New_York"],
  ["UTC", "UTC"],
];

/** `res.partner`: display name "Company, Person" like Odoo's complete_name. */
export const partnerModel: ModelDef = defineModel(
  {
    model: "res.partner",
    description: "Contact",
    order: "complete_name asc, id desc",
    recName: "name",
    searchNames: ["complete_name", "email", "ref", "vat"],
    fields: {
      name: F.char("Name"),
      complete_name: F.char("Complete Name", { readonly: true, compute: (row, nameOf) => partnerName(row, nameOf) }),
      email: F.char("Email"),
      phone: F.char("Phone"),
      mobile: F.char("Mobile"),
      website: F.char("Website Link"),
      function: F.char("Job Position"),
      street: F.char("Street"),
      city: F.char("City"),
      zip: F.char("Zip"),
      country_id: F.m2o("Country", "res.country"),
      parent_id: F.m2o("Related Company", "res.partner"),
      child_ids: F.o2m("Contact", "res.partner", "parent_id"),
      category_id: F.m2m("Tags", "res.partner.category"),
      company_id: F.m2o("Company", "res.company"),
      user_id: F.m2o("Salesperson", "res.users"),
      is_company: F.bool("Is a Company", { default: false }),
      company_name: F.char("Company Name"),
      type: F.sel(
        "Address Type",
        [
          ["contact", "Contact"],
          ["invoice", "Invoice Address"],
          ["delivery", "Delivery Address"],
          ["other", "Other Address"],
        ],
        { default: "contact" },
      ),
      lang: F.sel("Language", LANGS),
      tz: F.sel("Timezone", TZS),
      vat: F.char("Tax ID"),
      ref: F.char("Reference"),
      comment: F.html("Notes"),
      active: F.bool("Active", { default: true }),
      image_128: F.binary("Image 128", { readonly: true }),
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

/** Odoo's partner complete name: "Parent, Person" for contacts of a company. */
function partnerName(row: Row, nameOf: NameOf): string {
  const name = typeof row.name === "string" ? row.name : "";
  if (row.is_company) return name;
  const company = typeof row.parent_id === "number" ? nameOf("res.partner", row.parent_id) : row.company_name;
  return typeof company === "string" && company ? `${company}, ${name}` : name;
}

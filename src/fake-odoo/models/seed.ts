import type { Row } from "../types.ts";
import type { VersionProfile } from "../versions.ts";
import { automationModel, serverActionModel } from "./automation.ts";
import { base64Size, PDF_BASE64, PNG_BASE64, TEXT_BASE64 } from "./blobs.ts";
import { groupFields, groupRows, groupsModel, modelDataModel } from "./groups.ts";
import { activityTypeModel, mailMessageModel } from "./mail.ts";
import {
  attachmentModel,
  categoryModel,
  companyModel,
  configParameterModel,
  countryModel,
  irModelModel,
  moduleModel,
  reportModel,
  usersModel,
} from "./others.ts";
import { partnerModel } from "./partner.ts";
import { partnerSeed } from "./partner-seed.ts";
import type { ModelDef } from "./schema.ts";
import { irModelFieldsModel, trackingValueModel } from "./tracking.ts";

/** Every model of the fake, in `ir.model` id order. */
export const MODELS: ModelDef[] = [
  partnerModel,
  countryModel,
  companyModel,
  usersModel,
  categoryModel,
  attachmentModel,
  configParameterModel,
  irModelModel,
  mailMessageModel,
  serverActionModel,
  automationModel,
  reportModel,
  moduleModel,
  activityTypeModel,
  groupsModel,
  modelDataModel,
  irModelFieldsModel,
  trackingValueModel,
];

// mail.activity.type's `_get_model_selection`: ir.model rows with is_mail_thread and not transient, (model, name).
activityTypeModel.fields["res_model"]!.selection = MODELS.filter((m) => m.mailThread).map((m) => [
  m.model,
  m.description,
]);

/** Login of the seeded user with two-factor authentication. */
export const TOTP_LOGIN = "totp";
/** uid of the 2FA user (same on every series). */
export const TOTP_UID = 9;

const COUNTRIES: [number, string, string, number][] = [
  [1, "Andorra", "AD", 376],
  [14, "Austria", "AT", 43],
  [21, "Belgium", "BE", 32],
  [38, "Canada", "CA", 1],
  [57, "Germany", "DE", 49],
  [68, "Spain", "ES", 34],
  [75, "France", "FR", 33],
  [104, "India", "IN", 91],
  [110, "Italy", "IT", 39],
  [128, "Liechtenstein", "LI", 423],
  [133, "Luxembourg", "LU", 352],
  [139, "Montenegro", "ME", 382],
  [166, "Netherlands", "NL", 31],
  [203, "San Marino", "SM", 378],
  [222, "United Kingdom", "GB", 44],
  [233, "United States", "US", 1],
];

/** The rows of every model for one series' demo database, keyed by model name. */
export function seedRows(p: VersionProfile): Record<string, Row[]> {
  const partners = partnerSeed(p);
  const partnerName = (id: number) => String(partners.find((r) => r.id === id)?.name ?? "");
  const user = (id: number, login: string, partner: number, share: boolean, active = true): Row => ({
    ...groupFields(login, p),
    id,
    login,
    name: partnerName(partner),
    partner_id: partner,
    company_id: 1,
    email: partners.find((r) => r.id === partner)?.email ?? false,
    share,
    active,
  });
  const portalUid = p.major >= 19 ? 4 : 5;
  const portalPartner = p.major >= 19 ? 7 : 8;
  const attachment = (id: number, name: string, datas: string, mimetype: string, resId: number): Row => ({
    id,
    name,
    datas,
    mimetype,
    file_size: base64Size(datas),
    res_model: "res.partner",
    res_id: resId,
    type: "binary",
    description: false,
    public: false,
  });
  return {
    ...groupRows(p),
    "res.partner": partners,
    "res.country": COUNTRIES.map(([id, name, code, phone]) => ({ id, name, code, phone_code: phone })),
    "res.company": [
      {
        id: 1,
        name: "YourCompany",
        partner_id: 1,
        email: "info@yourcompany.com",
        phone: "+1 555-555-5556",
        country_id: 233,
        sequence: 0,
        active: true,
      },
    ],
    "res.users": [
      user(1, "__system__", 2, false, false),
      user(2, "admin", 3, false),
      user(portalUid, "portal", portalPartner, true),
      user(p.demoUid, "demo", p.demoPartnerId, false),
      user(TOTP_UID, TOTP_LOGIN, 30, false),
    ],
    "res.partner.category": [
      { id: 1, name: "Consulting Services", color: 1, active: true },
      { id: 2, name: "Desk Manufacturers", color: 2, active: true },
      { id: 3, name: "Office Supplies", color: 3, active: true },
      { id: 4, name: "Prospects", color: 4, active: true },
      { id: 5, name: "Vendor", color: 5, active: true },
      // 6 and 7 exist in the demo databases (the web_search_read captures tag companies with 7); names assumed.
      { id: 6, name: "Services", color: 6, active: true },
      { id: 7, name: "Retail", color: 7, active: true },
    ],
    "ir.attachment": [
      attachment(1, "company_logo.png", PNG_BASE64, "image/png", 1),
      attachment(2, "INV_2026_0001.pdf", PDF_BASE64, "application/pdf", 9),
      attachment(3, "meeting_notes.txt", TEXT_BASE64, "text/plain", 9),
    ],
    "ir.module.module": ["base", "web", "bus", "mail", "contacts", "base_automation"].map((name, i) => ({
      id: i + 1,
      name,
      shortdesc: name,
      state: "installed",
      latest_version: `${p.version}.1.0`,
      application: name === "contacts",
      sequence: 100,
      write_date: p.seedDate,
    })),
    "mail.activity.type": (
      [
        ["Email", "fa-envelope"],
        ["Call", "fa-phone"],
        ["Meeting", "fa-users"],
        ["To-Do", "fa-check"],
        ["Upload Document", "fa-upload"],
      ] as const
    ).map(([name, icon], i) => ({
      id: i + 1,
      name,
      icon,
      summary: false,
      sequence: (i + 1) * 3,
      active: true,
      res_model: false,
    })),
    "ir.config_parameter": [
      { id: 1, key: "database.create_date", value: p.seedDate },
      { id: 2, key: "database.uuid", value: "6f1b1f1e-3c3e-11f0-9a0b-0242ac120002" },
      { id: 3, key: "web.base.url", value: "http://localhost:8069" },
    ],
    // web/data/report_layout.xml: the two layout previews, on res.company.
    "ir.actions.report": [
      {
        id: 1,
        name: "Preview External Report",
        type: "ir.actions.report",
        model: "res.company",
        report_name: "web.preview_externalreport",
        report_type: "qweb-pdf",
        print_report_name: false,
      },
      {
        id: 2,
        name: "Preview Internal Report",
        type: "ir.actions.report",
        model: "res.company",
        report_name: "web.preview_internalreport",
        report_type: "qweb-pdf",
        print_report_name: false,
      },
    ],
    "ir.model": MODELS.map((m, i) => ({
      id: i + 1,
      name: m.description,
      model: m.model,
      info: m.description,
      state: "base",
      transient: false,
      // ir.model stores the model's _order as written in its class (res.partner's is upper case).
      order: m.model === "res.partner" ? "complete_name ASC, id DESC" : m.order,
      is_mail_thread: m.mailThread === true,
      is_mail_activity: m.mailThread === true,
    })),
  };
}

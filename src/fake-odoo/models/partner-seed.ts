import type { Row } from "../types.ts";
import type { VersionProfile } from "../versions.ts";
import { PNG_BASE64 } from "./blobs.ts";

type Person = [name: string, company: string, email: string];

const COMPANY_EMAILS: Record<string, string> = {
  "Wood Corner": "wood.corner26@example.com",
  "Deco Addict": "deco_addict@yourcompany.example.com",
  "Gemini Furniture": "gemini_furniture@fake.geminifurniture.com",
  "Ready Mat": "ready.mat28@example.com",
  "The Jackson Group": "jackson.group82@example.com",
  "Azure Interior": "azure.Interior24@example.com",
  "Lumber Inc": "lumber-inv92@example.com",
  "Acme Corporation": "acme_corp@yourcompany.example.com",
  OpenWood: "openwood@example.com",
};

// Contacts of the demo companies; ids are given in order from the first free id, so that
// "Wood Corner, Willie Burke"/"Ron Gibson" and "Tom Ruiz" land on the ids the captures show.
const PEOPLE: Person[] = [
  ["Willie Burke", "Wood Corner", "willie.burke80@example.com"],
  ["Ron Gibson", "Wood Corner", "ron.gibson76@example.com"],
  ["Douglas Fletcher", "Deco Addict", "douglas.fletcher51@example.com"],
  ["Floyd Steward", "Deco Addict", "floyd.steward34@example.com"],
  ["Addison Olson", "Deco Addict", "addison.olson28@example.com"],
  ["Edwin Hansen", "Gemini Furniture", "edwin.hansen58@example.com"],
  ["Jesse Brown", "Gemini Furniture", "jesse.brown74@example.com"],
  ["Oscar Morgan", "Gemini Furniture", "oscar.morgan11@example.com"],
  ["Soham Palmer", "Gemini Furniture", "soham.palmer15@example.com"],
  ["Kim Snyder", "Ready Mat", "kim.snyder96@example.com"],
  ["Lorie Vargas", "Ready Mat", "lorie.vargas35@example.com"],
  ["Billy Fox", "Ready Mat", "billy.fox45@example.com"],
  ["Toni Rhodes", "The Jackson Group", "toni.rhodes11@example.com"],
  ["Gordon Owens", "The Jackson Group", "gordon.owens47@example.com"],
  ["Brandon Freeman", "Azure Interior", "brandon.freeman55@example.com"],
  ["Colleen Diaz", "Azure Interior", "colleen.diaz83@example.com"],
  ["Tom Ruiz", "Wood Corner", "tom.ruiz89@example.com"],
  ["Nicole Ford", "Azure Interior", "nicole.ford75@example.com"],
  ["Theodore Gardner", "Lumber Inc", "theodore.gardner36@example.com"],
  ["Travis Mendoza", "Lumber Inc", "travis.mendoza24@example.com"],
  ["Chester Reed", "", "chester.reed79@example.com"],
  ["Dwayne Newman", "", "dwayne.newman28@example.com"],
  ["Jeff Lawson", "", "jeff.lawson52@example.com"],
  ["Edith Sanchez", "", "edith.sanchez68@example.com"],
  ["Julie Richards", "", "julie.richards84@example.com"],
  ["Roger Scott", "", "roger.scott72@example.com"],
];

interface Layout {
  companies: [number, string][];
  internal: [number, string, string][];
  inactive: [number, string, string][];
  firstPerson: number;
  people: number;
  archivedPeople: number;
}

const OLD_COMPANIES: [number, string][] = [
  [9, "Wood Corner"],
  [10, "Deco Addict"],
  [11, "Gemini Furniture"],
  [12, "Ready Mat"],
  [13, "The Jackson Group"],
];

// Users' partners on 17 and 18 (19 drops the portal template and shifts the demo users down by one).
const OLD_INTERNAL: [number, string, string][] = [
  [3, "Mitchell Admin", "admin@yourcompany.example.com"],
  [7, "Marc Demo", "mark.brown23@example.com"],
  [8, "Joel Willis", "joel.willis63@example.com"],
];
const OLD_INACTIVE: [number, string, string][] = [
  [2, "OdooBot", "odoobot@example.com"],
  [4, "Public user", ""],
  [5, "Default User Template", ""],
  [6, "Portal User Template", ""],
];

// Per series, the ids and counts the captures show (36/37/38 active partners, 8/8/10 companies).
const LAYOUTS: Record<number, Layout> = {
  17: {
    companies: [...OLD_COMPANIES, [14, "Azure Interior"], [15, "Lumber Inc"]],
    internal: OLD_INTERNAL,
    inactive: OLD_INACTIVE,
    firstPerson: 16,
    people: 25,
    archivedPeople: 1,
  },
  18: {
    companies: [...OLD_COMPANIES, [14, "Lumber Inc"], [15, "Azure Interior"]],
    internal: OLD_INTERNAL,
    inactive: OLD_INACTIVE,
    firstPerson: 16,
    people: 26,
    archivedPeople: 0,
  },
  19: {
    companies: [
      [8, "Wood Corner"],
      [9, "Acme Corporation"],
      [10, "Deco Addict"],
      [11, "Gemini Furniture"],
      [12, "OpenWood"],
      [13, "Ready Mat"],
      [14, "The Jackson Group"],
      [15, "Azure Interior"],
      [16, "Lumber Inc"],
    ],
    internal: [
      [3, "Mitchell Admin", "admin@yourcompany.example.com"],
      [6, "Marc Demo", "mark.brown23@example.com"],
      [7, "Joel Willis", "joel.willis63@example.com"],
    ],
    inactive: [
      [2, "OdooBot", "odoobot@example.com"],
      [4, "Public user", ""],
      [5, "Default User Template", ""],
    ],
    firstPerson: 17,
    people: 25,
    archivedPeople: 0,
  },
};

// Tags the web_search_read captures show on companies (res.partner.category ids; the other companies' are not captured).
const COMPANY_TAGS: Record<string, number[]> = { "Azure Interior": [5], "Deco Addict": [7], "Acme Corporation": [7] };

// Odoo 19's demo data spreads a few contacts over other countries (`*_read_group_m2o` shows them).
const COUNTRY_19: Record<number, number> = { 20: 128, 21: 139, 22: 203, 23: 203, 24: 203, 25: 203, 26: 203 };

const CHANGED_18 = "2026-12-02 02:43:14.412250";

/** The `res.partner` rows of one series' demo database. */
export function partnerSeed(p: VersionProfile): Row[] {
  const layout = LAYOUTS[p.major]!;
  const rows: Row[] = [];
  const common = (id: number, name: string, email: string): Row => ({
    id,
    name,
    email: email || false,
    country_id: p.major >= 19 ? (COUNTRY_19[id] ?? 233) : 233,
    is_company: false,
    company_id: 1,
    type: "contact",
    lang: "en_US",
    tz: "Europe/Brussels",
    active: true,
    image_128: false,
    image_1920: false,
  });
  rows.push({ ...common(1, "YourCompany", "info@yourcompany.com"), is_company: true, phone: "+1 555-555-5556" });
  rows.push(
    ...layout.companies.map(([id, name]) => ({
      ...common(id, name, COMPANY_EMAILS[name] ?? ""),
      is_company: true,
      ...(COMPANY_TAGS[name] ? { category_id: COMPANY_TAGS[name] } : {}),
    })),
  );
  for (const [id, name, email] of layout.internal)
    rows.push({ ...common(id, name, email), company_name: "YourCompany" });
  for (const [id, name, email] of layout.inactive) rows.push({ ...common(id, name, email), active: false });
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  const total = layout.people + layout.archivedPeople;
  for (let i = 0; i < total; i++) {
    const [name, company, email] = PEOPLE[i % PEOPLE.length]!;
    const id = layout.firstPerson + i;
    rows.push({ ...common(id, name, email), parent_id: byName.get(company) ?? false, active: i < layout.people });
  }
  // In the captured 18.0 database these contacts had been written last (jsonrpc_changed_since.json).
  if (p.major === 18) for (const row of rows) if ([19, 20, 36].includes(Number(row.id))) row.write_date = CHANGED_18;
  for (const row of rows) {
    if (row.id === 1 || row.id === 3) row.image_128 = row.image_1920 = PNG_BASE64;
    row.function ??= false;
    row.parent_id ??= false;
    row.company_name ??= false;
    row.phone ??= false;
  }
  return rows;
}

import type { Row } from "../types.ts";
import type { VersionProfile } from "../versions.ts";
import { defineModel, F, type ModelDef } from "./schema.ts";

/** One of base's groups the fake seeds: its XML id, its name up to 18 and from 19, the groups it implies. */
interface Group {
  id: number;
  xmlid: string;
  name: [string, string];
  implied: number[];
}

/** base's groups (base/security/base_groups.xml); 19 renamed the two roles. Ids as the fake numbers them. */
export const GROUPS: Group[] = [
  { id: 1, xmlid: "base.group_user", name: ["Internal User", "User"], implied: [] },
  { id: 2, xmlid: "base.group_portal", name: ["Portal", "Portal"], implied: [] },
  { id: 3, xmlid: "base.group_public", name: ["Public", "Public"], implied: [] },
  { id: 4, xmlid: "base.group_partner_manager", name: ["Contact Creation", "Contact Creation"], implied: [] },
  { id: 5, xmlid: "base.group_erp_manager", name: ["Access Rights", "Access Rights"], implied: [1] },
  { id: 6, xmlid: "base.group_system", name: ["Settings", "Administrator"], implied: [5] },
];

/** The groups given, with every group they imply, however indirectly (sorted ids). */
export function withImplied(ids: readonly number[]): number[] {
  const all = new Set<number>();
  const add = (id: number) => {
    if (all.has(id)) return;
    all.add(id);
    for (const next of GROUPS.find((g) => g.id === id)?.implied ?? []) add(next);
  };
  for (const id of ids) add(id);
  return [...all].sort((a, b) => a - b);
}

/** The groups each seeded user is given by hand, by login: the admin has Settings, the demo user is an employee. */
export const USER_GROUPS: Record<string, number[]> = {
  __system__: [6],
  admin: [6, 4],
  portal: [2],
  demo: [1, 4],
  totp: [1],
};

/** The users' group fields per series: `groups_id` (implied groups stored too) up to 18; `group_ids` from 19. */
export function groupFields(login: string, p: VersionProfile): Row {
  const own = USER_GROUPS[login] ?? [];
  return p.major >= 19 ? { group_ids: own } : { groups_id: withImplied(own) };
}

/** `res.groups`: readable by every user, written by administrators. */
export const groupsModel: ModelDef = defineModel({
  model: "res.groups",
  description: "Access Groups",
  order: "name",
  recName: "name",
  writeAdminOnly: true,
  fields: {
    name: F.char("Name", { required: true }),
    implied_ids: F.m2m("Inherits", "res.groups"),
  },
});

/** `ir.model.data`, the XML ids of records (here base's groups); `complete_name` is `module.name`. */
export const modelDataModel: ModelDef = defineModel({
  model: "ir.model.data",
  description: "Model Data",
  order: "module, model, name",
  recName: "complete_name",
  writeAdminOnly: true,
  fields: {
    name: F.char("External Identifier", { required: true }),
    module: F.char("Module", { required: true }),
    model: F.char("Model Name", { required: true }),
    res_id: F.int("Record ID"),
    noupdate: F.bool("Non Updatable"),
    complete_name: F.char("Complete ID", { readonly: true, compute: (row) => `${row.module}.${row.name}` }),
  },
});

/** The seed rows of res.groups and ir.model.data. */
export function groupRows(p: VersionProfile): Record<string, Row[]> {
  return {
    "res.groups": GROUPS.map((g) => ({ id: g.id, name: g.name[p.major >= 19 ? 1 : 0], implied_ids: g.implied })),
    "ir.model.data": GROUPS.map((g) => {
      const [module = "", name = ""] = g.xmlid.split(".");
      return { id: g.id, module, name, model: "res.groups", res_id: g.id, noupdate: false };
    }),
  };
}

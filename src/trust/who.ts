import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { OdooClient } from "../odoo/types.ts";
import { needsGroups, type Who } from "./policy.ts";

type Row = Record<string, unknown>;

/**
 * XML ids of a user's groups, implied groups included, read by `reader`: `all_group_ids` from Odoo 19 (`group_ids`
 * holds only the groups assigned by hand there), `groups_id` before (where Odoo stores the implied groups with them).
 */
export async function groupsOf(reader: OdooClient, uid: number): Promise<Set<string>> {
  const fields = await reader.executeKw<Row>("res.users", "fields_get", [], { attributes: ["type"] });
  const field = ["all_group_ids", "group_ids", "groups_id"].find((f) => Object.hasOwn(fields, f));
  if (!field) return new Set();
  const [row] = await reader.executeKw<Row[]>("res.users", "read", [[uid]], { fields: [field] });
  const ids = (row?.[field] as number[] | undefined) ?? [];
  if (ids.length === 0) return new Set();
  const data = await reader.executeKw<Array<{ module: string; name: string }>>(
    "ir.model.data",
    "search_read",
    [
      [
        ["model", "=", "res.groups"],
        ["res_id", "in", ids],
      ],
    ],
    { fields: ["module", "name"] },
  );
  return new Set(data.map((d) => `${d.module}.${d.name}`));
}

/**
 * Who the configured user is, as far as `policy.profiles` need it: its login, and its groups when a profile names
 * groups, read once. Without profiles nothing is asked of Odoo. A failure is not kept (the next session asks again)
 * and is thrown: a profile may be stricter than the global policy, so a session is not opened without knowing.
 */
export function configuredWho(config: Config, odoo: OdooClient, log: Logger): () => Promise<Who | undefined> {
  if (config.policy.profiles.length === 0) return async () => undefined;
  let known: Promise<Who> | undefined;
  const read = async (): Promise<Who> => {
    const me = await odoo.connect();
    const groups = needsGroups(config) ? await groupsOf(odoo, me.uid) : undefined;
    return { login: me.login, ...(groups ? { groups } : {}) };
  };
  return () => {
    known ??= read().catch((e: unknown) => {
      known = undefined;
      log.warning(`policy profiles: cannot tell who the configured user is: ${String(e)}`);
      throw e;
    });
    return known;
  };
}

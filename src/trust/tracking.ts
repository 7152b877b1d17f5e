// mail.tracking.value keeps the old and new values of tracked fields (a partner's email, a lead's salesperson), naming
// the field by `field_id` (ir.model.fields: `model`, `name`, `relation`). Rows about a field the policy hides are
// left out like the field itself, with a domain on `field_id` that costs no Odoo call of its own.
import type { Policy } from "./policy.ts";

/** The model of the chatter's tracked changes. */
export const TRACKING_MODEL = "mail.tracking.value";

/** Keys under which Odoo's outputs nest tracking values: a read's one2many, 17's `message_format`. */
export const TRACKING_KEYS = new Set(["tracking_value_ids", "trackingValues", "tracking_values"]);

/** A glob as a SQL LIKE pattern (`=like`, PostgreSQL's default escape): `*` → `%`, `?` → `_`, `%`/`_`/`\` literal. */
export const likePattern = (glob: string): string =>
  glob
    .replace(/[\\%_]/g, "\\$&")
    .replace(/\*/g, "%")
    .replace(/\?/g, "_");

const on = (column: string, glob: string) => [`field_id.${column}`, "=like", likePattern(glob)];
// Prefix notation: n leaves need n-1 `|` before them; none is Odoo's FALSE_LEAF.
const anyOf = (leaves: unknown[][]): unknown[] =>
  leaves.length === 0 ? [[0, "=", 1]] : [...Array<string>(leaves.length - 1).fill("|"), ...leaves];

/**
 * The domain keeping only tracking rows this policy lets be seen: of a field still known (`field_id` set; a removed
 * field's row names it only in a Json), not denied for its model by `fields.deny` or the secrets, and — under model
 * rules — of a visible model, not a relation to a hidden one. `alsoHidden`: models hidden besides `models.deny`.
 */
export function trackingDomain(policy: Policy, alsoHidden: readonly string[]): unknown[] {
  const out: unknown[] = [["field_id", "!=", false]];
  for (const entry of policy.fieldDenies) {
    const at = entry.lastIndexOf(":");
    const [model, name] = at < 0 ? ["*", entry] : [entry.slice(0, at), entry.slice(at + 1)];
    if (model === "*") out.push("!", on("name", name));
    else out.push("!", "&", on("model", model), on("name", name));
  }
  if (!policy.restrictsModels) return out;
  const { allow, deny } = policy.modelGlobs;
  // `relation` is empty on fields that are no relation: those pass the relation tests.
  const noRelation = ["field_id.relation", "=", false];
  if (allow) {
    out.push(...anyOf(allow.map((g) => on("model", g))));
    out.push("|", noRelation, ...anyOf(allow.map((g) => on("relation", g))));
  }
  for (const glob of [...deny, ...alsoHidden])
    out.push("!", on("model", glob), "|", noRelation, "!", on("relation", glob));
  return out;
}

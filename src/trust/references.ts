// Rows that belong to a record of another model, named by a model-name field: attachments, chatter messages,
// followers, activities, ratings. Under a model policy, those of hidden models are left out like the models.

/** The models whose rows name another model's record, and the field naming that model. */
export const REFERENCE_FIELDS: Readonly<Record<string, string>> = {
  "ir.attachment": "res_model",
  "mail.message": "model",
  "mail.mail": "model",
  "mail.followers": "res_model",
  "mail.activity": "res_model",
  "mail.activity.type": "res_model",
  "mail.scheduled.message": "model",
  "rating.rating": "res_model",
};

/** Methods that take a search domain first (positionally, or as `domain`). */
const DOMAIN_FIRST = new Set([
  "search_read",
  "search",
  "search_count",
  "search_fetch",
  "read_group",
  "formatted_read_group",
  "web_search_read",
  "web_read_group",
  "read_progress_bar",
]);

/** Whether the method searches with a domain the guard can add to. */
export const takesDomain = (method: string): boolean => DOMAIN_FIRST.has(method);

/**
 * The rows whose model field names a visible model (or none): `in` the visible models when that list is the shorter,
 * else `not in` the hidden ones.
 */
export function referenceDomain(field: string, models: readonly string[], visible: (m: string) => boolean): unknown[] {
  const shown = models.filter(visible);
  const hidden = models.filter((m) => !visible(m));
  if (hidden.length === 0) return [];
  const kept = shown.length <= hidden.length ? [field, "in", shown] : [field, "not in", hidden];
  return ["|", [field, "=", false], kept];
}

/**
 * The call with `extra` ANDed to its domain (Odoo ANDs the top-level expressions of a domain, so prepending keeps the
 * caller's own `|`/`!` expressions whole). A missing or null domain becomes `extra`; anything else but a list is left
 * for Odoo to refuse — unless it would read as "no domain", which is refused here.
 */
export function andDomain(
  args: unknown[],
  kwargs: Record<string, unknown>,
  extra: unknown[],
): { args: unknown[]; kwargs: Record<string, unknown> } {
  const and = (domain: unknown) => {
    if (domain === undefined || domain === null || domain === false) return extra;
    if (Array.isArray(domain)) return [...extra, ...domain];
    return domain;
  };
  if (Object.hasOwn(kwargs, "domain")) return { args, kwargs: { ...kwargs, domain: and(kwargs.domain) } };
  if (args.length > 0) return { args: [and(args[0]), ...args.slice(1)], kwargs };
  return { args, kwargs: { ...kwargs, domain: extra } };
}

/** The ids a call names first (`read`, `write`, `unlink`, `message_post`…): `args[0]` or `ids`, when a list of ids. */
export function idsOf(args: unknown[], kwargs: Record<string, unknown>): number[] | undefined {
  const first = Object.hasOwn(kwargs, "ids") ? kwargs.ids : args[0];
  if (typeof first === "number") return [first];
  return Array.isArray(first) && first.length > 0 && first.every((n) => typeof n === "number") ? first : undefined;
}

/** The model names a create or write would set the reference field to. */
export function referencedModels(
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  field: string,
): string[] {
  const values =
    method === "create" ? (args[0] ?? kwargs.vals_list) : method === "write" ? (args[1] ?? kwargs.vals) : undefined;
  const rows = Array.isArray(values) ? values : [values];
  return rows
    .map((row) => (typeof row === "object" && row !== null ? (row as Record<string, unknown>)[field] : undefined))
    .filter((m): m is string => typeof m === "string" && m !== "");
}

/** Odoo's MissingError text for records that do not exist (Python's tuple repr of the ids). */
export const missingText = (model: string, ids: number[], uid: number): string =>
  `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(", ")}${ids.length === 1 ? "," : ""}), User: ${uid})`;

/** The value with every copy of `leaf` in it (a domain Odoo echoes back) replaced by Odoo's always-true leaf. */
export function withoutLeaf(value: unknown, leaf: unknown): unknown {
  const target = JSON.stringify(leaf);
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return JSON.stringify(x) === target ? [1, "=", 1] : x.map(walk);
    if (typeof x !== "object" || x === null) return x;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
  };
  return walk(value);
}

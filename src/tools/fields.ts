import { closest, MAX_SUGGESTED_NAME } from "../config/suggest.ts";
import { ToolError } from "../mcp/tool.ts";
import { quote } from "../quote.ts";
import type { FieldMap, OdooMeta } from "./meta.ts";

const SCALAR_TYPES = new Set([
  "char",
  "integer",
  "float",
  "monetary",
  "boolean",
  "date",
  "datetime",
  "selection",
  "many2one",
]);
// Names a reader usually wants first, when the model has them.
const PREFERRED = ["name", "ref", "code", "email", "phone", "state", "date", "partner_id", "amount_total", "active"];
// Bookkeeping that crowds out business fields.
const TECHNICAL = /^(create_|write_|message_|activity_|access_|website_message|__|id$)/;
const MAX_DEFAULT_FIELDS = 12;

/** A useful default field list: display_name, common names, then stored scalars — no binary, x2many or html. */
export function defaultFields(fields: FieldMap): string[] {
  const ok = (name: string) => {
    const f = fields[name];
    return f !== undefined && SCALAR_TYPES.has(f.type) && f.store !== false && !TECHNICAL.test(name);
  };
  const picked = new Set<string>();
  if (fields["display_name"]) picked.add("display_name");
  for (const name of PREFERRED) if (ok(name)) picked.add(name);
  for (const name of Object.keys(fields)) {
    if (picked.size >= MAX_DEFAULT_FIELDS) break;
    if (ok(name)) picked.add(name);
  }
  return [...picked];
}

/** The readable message for a field name that does not exist on `model`. */
export function invalidField(name: string, model: string, fields: FieldMap): ToolError {
  const hit = closest(name, Object.keys(fields));
  const lower = name.length > MAX_SUGGESTED_NAME ? undefined : name.toLowerCase();
  const labelHit = lower && Object.entries(fields).find(([, f]) => f.string?.toLowerCase() === lower)?.[0];
  const suggestion = hit ?? labelHit;
  return new ToolError(
    `Invalid field '${quote(name)}' on ${quote(model)}` +
      (suggestion ? ` — did you mean '${suggestion}'?` : "") +
      " (odoo_call_method with fields_get lists the fields)",
  );
}

/** The model ir.model lists that an unknown name most likely meant (a typo, or `partner` for res.partner). */
export async function similarModel(meta: OdooMeta, model: string): Promise<string | undefined> {
  const models = await meta.models().catch((): string[] => []);
  const bySuffix = models.filter((m) => m.endsWith(`.${model}`));
  return closest(model, models) ?? (bySuffix.length === 1 ? bySuffix[0] : undefined);
}

/** Fields of `model`, or undefined when Odoo will not say (then Odoo's own error tells on the real call). */
async function fieldsOrSkip(meta: OdooMeta, model: string): Promise<FieldMap | undefined> {
  try {
    return await meta.fields(model);
  } catch {
    return undefined;
  }
}

/** Dotted paths work in domains only; say what to do instead of "invalid field". */
function dottedField(name: string, fields: FieldMap): ToolError | undefined {
  const [head = ""] = name.split(".");
  const relation = Object.hasOwn(fields, head) ? fields[head]?.relation : undefined;
  if (!name.includes(".") || !relation) return undefined;
  return new ToolError(
    `'${quote(name)}' is a path through a relation: only domains follow dotted paths. Name '${head}' ` +
      `(a ${fields[head]?.type} to ${relation}, read as [id, name]) and read ${relation} for its other fields.`,
  );
}

/** Throws a `ToolError` naming the first unknown field (with a suggestion); unknown models pass through. */
export async function checkFields(meta: OdooMeta, model: string, names: Iterable<string>): Promise<void> {
  const fields = await fieldsOrSkip(meta, model);
  if (!fields) return;
  for (const name of names) {
    if (Object.hasOwn(fields, name) || name === "id") continue;
    throw dottedField(name, fields) ?? invalidField(name, model, fields);
  }
}

/** Checks a dotted path (`partner_id.country_id.code`) hop by hop through the relations. */
export async function checkPath(meta: OdooMeta, model: string, path: string): Promise<string | undefined> {
  let current: string | undefined = model;
  for (const part of path.split(".")) {
    if (current === undefined) return undefined;
    const fields = await fieldsOrSkip(meta, current);
    if (!fields) return undefined;
    const field = Object.hasOwn(fields, part) ? fields[part] : undefined;
    if (!field && part !== "id") throw invalidField(part, current, fields);
    current = field?.relation;
  }
  return current;
}

type DomainItem = string | readonly [string, string, unknown];

/** Checks every field path of a domain, and the sub-domains of `any` / `not any`. */
export async function checkDomain(meta: OdooMeta, model: string, domain: readonly DomainItem[]): Promise<void> {
  for (const item of domain) {
    if (typeof item === "string") continue;
    const [path, operator, value] = item;
    const relation = await checkPath(meta, model, path);
    if ((operator === "any" || operator === "not any") && relation && Array.isArray(value)) {
      await checkDomain(meta, relation, value.filter(isDomainItem));
    }
  }
}

const isDomainItem = (x: unknown): x is DomainItem =>
  typeof x === "string" || (Array.isArray(x) && x.length === 3 && typeof x[0] === "string");

/** Checks the fields of an `order` clause such as `"date desc, id"` (Odoo 17+ also orders by `partner_id.name`). */
export async function checkOrder(meta: OdooMeta, model: string, order: string): Promise<void> {
  const names = order
    .split(",")
    .map((part) => part.trim().split(/\s+/)[0] ?? "")
    .filter((name) => name !== "");
  for (const name of names) await checkPath(meta, model, name);
}

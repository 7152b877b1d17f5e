import * as v from "valibot";
import { integer, object } from "./schemas.ts";

/** The per-call `context` every new tool accepts; the config's `context` section gives the defaults. */
export const CallContext = v.optional(
  object(
    v.pipe(
      v.strictObject({
        lang: v.optional(
          v.pipe(
            v.string(),
            v.regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?(@\w+)?$/, "a language code such as fr_FR"),
            v.description("Language of labels and translated values, e.g. fr_FR"),
          ),
        ),
        tz: v.optional(
          v.pipe(
            v.string(),
            v.regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/, "an IANA time zone such as Europe/Brussels"),
            v.description(
              "IANA time zone Odoo uses for date grouping and local-time conversions, e.g. Europe/Brussels",
            ),
          ),
        ),
        company_id: v.optional(
          integer(1, "Company to act in (becomes allowed_company_ids: records are created in this company)"),
        ),
      }),
      v.description("Odoo context for this call; omitted keys come from the server's configuration"),
    ),
  ),
);

/** The parsed per-call context. */
export type CallContextValue = v.InferOutput<typeof CallContext>;

/** Odoo's context keys for a per-call context: `company_id` becomes `allowed_company_ids` (the first is current). */
export function odooContext(c: CallContextValue): Record<string, unknown> | undefined {
  if (!c) return undefined;
  const out: Record<string, unknown> = {};
  if (c.lang) out["lang"] = c.lang;
  if (c.tz) out["tz"] = c.tz;
  if (c.company_id !== undefined) out["allowed_company_ids"] = [c.company_id];
  return Object.keys(out).length ? out : undefined;
}

/** `kwargs` with the call's context added when there is one. */
export function withContext(kwargs: Record<string, unknown>, c: CallContextValue): Record<string, unknown> {
  const context = odooContext(c);
  return context ? { ...kwargs, context } : kwargs;
}

/** Many2one as new tools return it: `{id, name}` or null (Odoo's `[id, "name"]` / `false`). */
export function many2one(value: unknown): { id: number; name: string } | null {
  if (Array.isArray(value) && typeof value[0] === "number") return { id: value[0], name: String(value[1] ?? "") };
  if (value && typeof value === "object" && "id" in value) {
    const o = value as { id: unknown; display_name?: unknown; name?: unknown };
    if (typeof o.id === "number") return { id: o.id, name: String(o.display_name ?? o.name ?? "") };
  }
  return null;
}

/** The `{id, name}` output schema of a many2one in new tools. */
export const IdName = v.object({ id: v.number(), name: v.string() });

import type { OdooError } from "../odoo/errors.ts";
import { quote } from "../quote.ts";

/** What the failing call was: enough to name the subject of a terse Odoo message. */
export interface CallSubject {
  model: string;
  method: string;
  ids?: readonly number[];
  /** For an unknown model: the existing model it most likely meant. */
  similar?: string | undefined;
}

const VERBS: Record<string, string> = {
  search_read: "read",
  web_search_read: "read",
  web_read: "read",
  read: "read",
  search: "read",
  search_count: "read",
  fields_get: "read",
  create: "create",
  write: "modify",
  unlink: "delete",
};

/** The most of Odoo's own message a tool error repeats (Odoo quotes the names it was sent, which may be huge). */
const MAX_ODOO_MESSAGE = 1000;
const oneLine = (s: string) => {
  const line = s.replace(/\s*\n\s*/g, " ").trim();
  return line.length <= MAX_ODOO_MESSAGE ? line : `${line.slice(0, MAX_ODOO_MESSAGE)}…`;
};

/** Methods that only read: every other method may change data (create, write, unlink, name_create, actions…). */
const READ_METHODS = new Set([
  "read",
  "search",
  "search_read",
  "search_count",
  "search_fetch",
  "web_read",
  "web_search_read",
  "read_group",
  "web_read_group",
  "formatted_read_group",
  "fields_get",
  "default_get",
  "name_search",
  "name_get",
  "exists",
  "get_views",
  "fields_view_get",
  "check_access_rights",
  "check_access_rule",
  "check_access",
  "has_access",
]);

/** Whether a call of `method` may change data in Odoo (so it must not be repeated blindly after a failure). */
export const mayChangeData = (method: string): boolean => !READ_METHODS.has(method);

/** How to see whether a call that may have been applied was. */
function howToCheck(method: string): string {
  if (method === "create" || method === "name_create")
    return "search for the record (odoo_search_read with a domain on the values you sent)";
  if (method === "write") return "read the records (odoo_read) to see whether they hold the new values";
  if (method === "unlink") return "read the ids (odoo_read): the ids it reports missing were deleted";
  return "read the records it acts on (odoo_read or odoo_search_read) to see whether it took effect";
}

/**
 * The message for a call that may change data and failed without an answer (connection dropped, timeout, a proxy's
 * 5xx): Odoo may have applied it, so say how to check instead of inviting a duplicate.
 */
function uncertain(e: OdooError, model: string, method: string, message: string): string | undefined {
  if ((e.kind !== "network" && e.kind !== "timeout") || e.details.unsent || !mayChangeData(method)) return undefined;
  return (
    `Odoo may have applied ${model}.${quote(method)} before this failure: ${sentence(message)} ` +
    `Check before retrying — ${howToCheck(method)} — and repeat it only if it did not take effect.`
  );
}
/** Ends the text with a full stop unless it already ends a sentence. */
const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** Ids named in a MissingError ("(Record: res.partner(999, 1000), User: 2)"), else the ids of the call. */
function missingIds(message: string, fallback: readonly number[] = []): number[] {
  const listed = /Record: [\w.]+\(([\d,\s]+)\)/.exec(message)?.[1];
  const ids = listed
    ?.split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  return ids?.length ? ids : [...fallback];
}

/** `Record res.partner 999 does not exist` / `Records res.partner 5, 6 do not exist`. */
export function missingMessage(model: string, ids: readonly number[]): string {
  return ids.length === 1
    ? `Record ${model} ${ids[0]} does not exist (or has been deleted)`
    : `Records ${model} ${ids.join(", ")} do not exist (or have been deleted)`;
}

// Odoo's words for the value slips models make most, and how to write the value instead.
const VALUE_HINTS: Array<[RegExp, string]> = [
  [
    /does not match format '%Y-%m-%d/,
    "Dates are 'YYYY-MM-DD' and datetimes 'YYYY-MM-DD HH:MM:SS' in UTC, without 'T' or a time zone.",
  ],
  [
    /^Wrong value for [\w.]+/,
    "A many2one takes the related record's id (find it with odoo_search_read); a one2many/many2many takes a list " +
      "of commands such as [[6, 0, [ids]]].",
  ],
];

/** Turns an Odoo failure into a sentence a model can act on: what failed, why, and what to do next. */
export function describeOdooError(e: OdooError, { model, method, ids, similar }: CallSubject): string {
  const message = oneLine(e.message);
  const unsure = uncertain(e, model, method, message);
  if (unsure) return unsure;
  switch (e.kind) {
    case "access": {
      // Odoo 19 made some once-public methods private (check_access): that is no permission problem.
      if (/^Private methods/.test(message)) {
        return `'${quote(method)}' is private on this Odoo version: it cannot be called remotely. Odoo says: ${message}`;
      }
      const verb = (Object.hasOwn(VERBS, method) ? VERBS[method] : undefined) ?? `call '${quote(method)}' on`;
      const label = new RegExp(`'([^']+)' \\(${model.replace(/\./g, "\\.")}\\)`).exec(e.message)?.[1];
      const subject = label ? `'${label}' (${model})` : model;
      return `Access denied: you may not ${verb} ${subject}. Odoo says: ${message}`;
    }
    case "missing":
      return missingMessage(model, missingIds(e.message, ids));
    case "validation":
      return `Odoo rejected the values for ${model}: ${message}`;
    case "user":
      return `Odoo refused ${model}.${quote(method)}: ${message}`;
    case "not-found":
      if (/method/i.test(message)) return `${sentence(message)} Check the method name.`;
      return (
        `${sentence(message)}${similar ? ` Did you mean '${similar}'?` : ""} ` +
        "Model names are technical names such as res.partner; search ir.model to find one."
      );
    case "auth":
      return `Odoo login failed: ${sentence(message)} The next call tries again.`;
    case "network":
      return `Cannot reach Odoo: ${sentence(message)} The next call tries again.`;
    case "timeout":
      return `Odoo did not answer in time: ${sentence(message)} Narrow the request (domain, limit, fields) or retry.`;
    default: {
      const hint = VALUE_HINTS.find(([pattern]) => pattern.test(message))?.[1];
      const text = `Odoo error on ${model}.${quote(method)}${e.details.odooName ? ` (${e.details.odooName})` : ""}: ${message}`;
      return hint ? `${sentence(text)} ${hint}` : text;
    }
  }
}

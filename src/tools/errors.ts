import type { OdooError } from "../odoo/errors.ts";

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

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ").trim();
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
  switch (e.kind) {
    case "access": {
      // Odoo 19 made some once-public methods private (check_access): that is no permission problem.
      if (/^Private methods/.test(message)) {
        return `'${method}' is private on this Odoo version: it cannot be called remotely. Odoo says: ${message}`;
      }
      const verb = VERBS[method] ?? `call '${method}' on`;
      const label = new RegExp(`'([^']+)' \\(${model.replace(/\./g, "\\.")}\\)`).exec(e.message)?.[1];
      const subject = label ? `'${label}' (${model})` : model;
      return `Access denied: you may not ${verb} ${subject}. Odoo says: ${message}`;
    }
    case "missing":
      return missingMessage(model, missingIds(e.message, ids));
    case "validation":
      return `Odoo rejected the values for ${model}: ${message}`;
    case "user":
      return `Odoo refused ${model}.${method}: ${message}`;
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
      const text = `Odoo error on ${model}.${method}${e.details.odooName ? ` (${e.details.odooName})` : ""}: ${message}`;
      return hint ? `${sentence(text)} ${hint}` : text;
    }
  }
}

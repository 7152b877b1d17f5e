import { quote } from "../quote.ts";

/** The three resource templates, as clients see them listed. */
export const TEMPLATES = {
  record: "odoo://{model}/{id}",
  list: "odoo://{model}/list",
  binary: "odoo://{model}/binary/{field}/{id}",
} as const;

/** A parsed `odoo://` URI. */
export type OdooUri =
  | { kind: "record"; model: string; id: number }
  | { kind: "list"; model: string; offset?: number; limit?: number }
  | { kind: "binary"; model: string; field: string; id: number };

/** A URI that names no resource; the message says what is wrong with it. */
export class BadUri extends Error {
  override readonly name = "BadUri";
}

/** The longest URI read or subscribed to; real ones are far shorter (Odoo model names are at most 64 characters). */
export const MAX_URI_CHARS = 2048;

const MODEL = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const FIELD = /^[a-z_][a-z0-9_]*$/;
const EXPECTED = `expected ${Object.values(TEMPLATES).join(", ")}`;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function recordId(text: string, uri: string): number {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(id > 0)) throw new BadUri(`Invalid record id '${quote(text)}' in ${uri}: ids are positive integers`);
  return id;
}

function pageParam(params: URLSearchParams, name: "offset" | "limit", uri: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n) || (name === "limit" && n < 1)) {
    throw new BadUri(
      `Invalid ${name} '${quote(text)}' in ${uri}: expected a ${name === "limit" ? "positive" : "non-negative"} integer`,
    );
  }
  return n;
}

/** Parses an `odoo://` URI; throws `BadUri` naming the problem (unknown shape, bad id, bad model name). */
export function parseOdooUri(full: string): OdooUri {
  const uri = quote(full);
  if (full.length > MAX_URI_CHARS)
    throw new BadUri(`Resource URI too long: ${uri}; at most ${MAX_URI_CHARS} characters`);
  if (!full.startsWith("odoo://")) throw new BadUri(`Unknown resource ${uri}: ${EXPECTED}`);
  const [path = "", query = ""] = full.slice("odoo://".length).split("?", 2);
  const parts = path.replace(/\/+$/, "").split("/").map(decode);
  const model = parts[0] ?? "";
  if (!MODEL.test(model))
    throw new BadUri(`Invalid model name '${quote(model)}' in ${uri}: expected a name such as res.partner`);
  const params = new URLSearchParams(query);
  const allowed = parts.length === 2 && parts[1] === "list" ? ["offset", "limit"] : [];
  for (const [name] of params) {
    if (!allowed.includes(name) || params.getAll(name).length > 1) {
      const what = allowed.length ? `takes only ?offset= and ?limit=, each once` : "takes no ?query";
      throw new BadUri(`Unexpected parameter '${quote(name)}' in ${uri}: this resource ${what}`);
    }
  }
  if (parts.length === 2 && parts[1] === "list") {
    const offset = pageParam(params, "offset", uri);
    const limit = pageParam(params, "limit", uri);
    return {
      kind: "list",
      model,
      ...(offset === undefined ? {} : { offset }),
      ...(limit === undefined ? {} : { limit }),
    };
  }
  if (parts.length === 2) return { kind: "record", model, id: recordId(parts[1] ?? "", uri) };
  if (parts.length === 4 && parts[1] === "binary") {
    const field = parts[2] ?? "";
    if (!FIELD.test(field)) throw new BadUri(`Invalid field name '${quote(field)}' in ${uri}`);
    return { kind: "binary", model, field, id: recordId(parts[3] ?? "", uri) };
  }
  throw new BadUri(`Unknown resource ${uri}: ${EXPECTED}`);
}

/** The one spelling of a resource: no trailing slash, no leading zero, a list's `offset` before its `limit`. */
export function formatOdooUri(u: OdooUri): string {
  if (u.kind === "record") return `odoo://${u.model}/${u.id}`;
  if (u.kind === "binary") return `odoo://${u.model}/binary/${u.field}/${u.id}`;
  const query = [
    ...(u.offset === undefined ? [] : [`offset=${u.offset}`]),
    ...(u.limit === undefined ? [] : [`limit=${u.limit}`]),
  ].join("&");
  return `odoo://${u.model}/list${query ? `?${query}` : ""}`;
}

/**
 * Parses a URI that must be spelled canonically (subscriptions: each spelling would be watched apart, so
 * `odoo://res.partner/01`, `…/1/` or `…/1?v=2` are refused, naming the one spelling to use).
 */
export function parseCanonical(uri: string): OdooUri {
  const parsed = parseOdooUri(uri);
  const canonical = formatOdooUri(parsed);
  if (canonical !== uri) throw new BadUri(`Non-canonical resource URI ${quote(uri)}: use ${canonical}`);
  return parsed;
}

/** The URI of the list page starting at `offset`. */
export const listUri = (model: string, offset: number, limit: number) =>
  `odoo://${model}/list?offset=${offset}&limit=${limit}`;

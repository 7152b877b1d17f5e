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
  if (!(id > 0)) throw new BadUri(`Invalid record id '${text}' in ${uri}: ids are positive integers`);
  return id;
}

function pageParam(params: URLSearchParams, name: "offset" | "limit", uri: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n) || (name === "limit" && n < 1)) {
    throw new BadUri(
      `Invalid ${name} '${text}' in ${uri}: expected a ${name === "limit" ? "positive" : "non-negative"} integer`,
    );
  }
  return n;
}

/** Parses an `odoo://` URI; throws `BadUri` naming the problem (unknown shape, bad id, bad model name). */
export function parseOdooUri(uri: string): OdooUri {
  if (!uri.startsWith("odoo://")) throw new BadUri(`Unknown resource ${uri}: ${EXPECTED}`);
  const [path = "", query = ""] = uri.slice("odoo://".length).split("?", 2);
  const parts = path.replace(/\/+$/, "").split("/").map(decode);
  const model = parts[0] ?? "";
  if (!MODEL.test(model))
    throw new BadUri(`Invalid model name '${model}' in ${uri}: expected a name such as res.partner`);
  if (parts.length === 2 && parts[1] === "list") {
    const params = new URLSearchParams(query);
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
    if (!FIELD.test(field)) throw new BadUri(`Invalid field name '${field}' in ${uri}`);
    return { kind: "binary", model, field, id: recordId(parts[3] ?? "", uri) };
  }
  throw new BadUri(`Unknown resource ${uri}: ${EXPECTED}`);
}

/** The URI of the list page starting at `offset`. */
export const listUri = (model: string, offset: number, limit: number) =>
  `odoo://${model}/list?offset=${offset}&limit=${limit}`;

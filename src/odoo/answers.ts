import * as v from "valibot";
import { OdooError } from "./errors.ts";

const record = v.looseObject({ id: v.optional(v.union([v.number(), v.string(), v.boolean()])) });
const records = v.array(record);
const ids = v.array(v.number());
const count = v.pipe(v.number(), v.integer());

/** What Odoo answers each well-known method with (any other method may answer anything), and how to say it. */
const EXPECTED: Record<string, { schema: v.GenericSchema; what: string }> = {
  search_read: { schema: records, what: "a list of records" },
  read: { schema: records, what: "a list of records" },
  web_read: { schema: records, what: "a list of records" },
  web_search_read: {
    schema: v.object({ length: count, records }),
    what: "{length, records}",
  },
  // (a number too: search(count=True) of older series)
  search: { schema: v.union([ids, count]), what: "a list of ids" },
  search_count: { schema: count, what: "a number" },
  create: { schema: v.union([v.number(), ids]), what: "an id (or a list of ids)" },
  write: { schema: v.union([v.boolean(), v.null()]), what: "true" },
  unlink: { schema: v.union([v.boolean(), v.null()]), what: "true" },
  fields_get: {
    schema: v.record(v.string(), v.looseObject({ type: v.string() })),
    what: "a map of field descriptions",
  },
  name_search: {
    schema: v.array(v.tuple([v.number(), v.union([v.string(), v.boolean()])])),
    what: "a list of [id, name] pairs",
  },
  read_group: { schema: records, what: "a list of groups" },
};

const isId = (id: unknown) =>
  id === undefined ||
  typeof id === "string" ||
  typeof id === "boolean" ||
  (typeof id === "number" && !Number.isNaN(id));
const isRecords = (rows: unknown) =>
  Array.isArray(rows) &&
  rows.every((r) => typeof r === "object" && r !== null && !Array.isArray(r) && isId((r as { id?: unknown }).id));

/**
 * The common answers checked by hand, on every call: valibot copies each record while checking it. Never more lenient
 * than the schema (true here is true there); anything else is left to the schema.
 */
function fine(method: string, value: unknown): boolean {
  if (method === "web_search_read") {
    const page = value as { length?: unknown; records?: unknown } | null;
    return typeof page === "object" && page !== null && Number.isInteger(page.length) && isRecords(page.records);
  }
  return (method === "search_read" || method === "read" || method === "web_read") && isRecords(value);
}

/** A short description of a JSON value, for messages (never the value itself: it may be huge or hold data). */
function shape(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${shape(value[0])}s`;
  if (typeof value === "object") return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "none"}`;
  return `a ${typeof value}`;
}

/**
 * Checks what Odoo (or a proxy in front of it) answered a well-known method with, at the client edge: an answer of
 * another shape is an OdooError saying what was expected, never a JavaScript error deeper in a tool.
 */
export function checkAnswer(model: string, method: string, value: unknown): void {
  const expected = Object.hasOwn(EXPECTED, method) ? EXPECTED[method] : undefined;
  if (!expected || fine(method, value) || v.is(expected.schema, value)) return;
  throw new OdooError(
    "network",
    `Odoo answered ${model}.${method} with ${shape(value)} where ${expected.what} was expected: is odoo_url an Odoo ` +
      "server, and is no proxy rewriting its answers?",
  );
}

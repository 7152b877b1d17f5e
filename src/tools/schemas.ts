import * as v from "valibot";
import { asFieldNames, asIds, asInteger, asList, asObject, lenient, refuseArrays, withoutNulls } from "./lenient.ts";

/**
 * Tool arguments: an object whose unknown keys are refused by name, since a misspelt argument must not be ignored;
 * a key set to null counts as not given.
 */
export const args = <const E extends v.ObjectEntries>(entries: E) =>
  lenient(
    v.strictObject(entries, (issue) => {
      if (issue.expected === "never") {
        return `unknown argument ${issue.received}; the arguments are ${Object.keys(entries).join(", ")}`;
      }
      // A missing required key is reported on the object itself, with the key as what was expected.
      if (issue.input === undefined && issue.expected?.startsWith('"'))
        return `missing required argument ${issue.expected}`;
      return "the arguments must be an object";
    }),
    withoutNulls,
  );

/** JSON's scalar values. */
export const scalars = () => [v.string(), v.number(), v.boolean(), v.null()] as const;

/** A JSON object whose values follow `value`. valibot's `record` alone also accepts arrays (as {"0": …}). */
export const jsonObject = <S extends v.GenericSchema>(value: S) => lenient(v.record(v.string(), value), refuseArrays);

/** Any JSON value, typed at every level; recursive, so it is advertised once under `$defs` and referenced. */
export const JsonValue: v.GenericSchema = v.lazy(() =>
  v.union([...scalars(), v.array(JsonValue), jsonObject(JsonValue)]),
);

/** A domain term's value: a scalar, a list (`in`), or a sub-domain (`any`) — never an object. */
export const DomainValue: v.GenericSchema = v.lazy(() => v.union([...scalars(), v.array(DomainValue)]));

/** The recursive schemas, named in every tool's JSON Schema `$defs`. */
export const SCHEMA_DEFINITIONS = { JsonValue, DomainValue };

/** A technical model name such as `res.partner`. */
export const Model = v.pipe(
  v.string(),
  v.maxLength(128, "a technical model name such as res.partner"),
  v.regex(/^[a-z0-9_.]+$/, "a technical model name such as res.partner"),
  v.description("Technical model name, e.g. res.partner, sale.order, account.move"),
);

/** Field names to return (a comma-separated string is accepted too). */
export const Fields = lenient(
  v.pipe(
    v.array(v.pipe(v.string(), v.minLength(1))),
    v.description("Field names to return; omit (or []) for a useful default set"),
  ),
  asFieldNames,
);

/** Record ids, at least one (a single id, or ids as strings, are accepted too). */
export const Ids = lenient(
  v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(1, "ids are positive integers"))),
    v.minLength(1, "at least one id"),
    v.description("Record ids"),
  ),
  asIds,
);

/** A whole number given as a number or a numeric string. */
export const integer = (min: number, description: string) =>
  lenient(v.pipe(v.number(), v.integer(), v.minValue(min), v.description(description)), asInteger);

/** A JSON object (also accepted as a string holding one). */
export const object = <S extends v.GenericSchema>(schema: S) => lenient(schema, asObject);

/** A JSON list (also accepted as a string holding one). */
export const list = <S extends v.GenericSchema>(schema: S) => lenient(schema, asList);

/** Field values for create/write, keyed by field name. */
export const Values = object(
  v.pipe(
    jsonObject(JsonValue),
    v.description("Field values keyed by field name; many2one = id, x2many = list of command tuples"),
  ),
);

/** A record as Odoo returns it: field name → JSON value (json and properties fields hold anything). */
export const RecordOut = jsonObject(JsonValue);

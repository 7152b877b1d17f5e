import * as v from "valibot";
import { asDomain, asFieldNames, asIds, asInteger, asList, asObject, lenient, withoutNulls } from "./lenient.ts";

/** Every comparison operator Odoo 17–19 accepts in a domain term (older servers reject the newest with a message). */
export const OPERATORS = [
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "=?",
  "like",
  "not like",
  "ilike",
  "not ilike",
  "=like",
  "=ilike",
  "not =like",
  "not =ilike",
  "in",
  "not in",
  "child_of",
  "parent_of",
  "any",
  "not any",
] as const;

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

const scalars = () => [v.string(), v.number(), v.boolean(), v.null()] as const;

/** A JSON object whose values follow `value`. valibot's `record` alone also accepts arrays (as {"0": …}). */
export function jsonObject<S extends v.GenericSchema>(
  value: S,
): v.RecordSchema<v.StringSchema<undefined>, S, undefined> {
  const record = v.record(v.string(), value);
  return v._standardSchema<typeof record>({
    ...record,
    "~run"(dataset, config) {
      if (!Array.isArray(dataset.value)) return record["~run"](dataset, config);
      v._addIssue(this, "type", dataset, config);
      return dataset as unknown as ReturnType<(typeof record)["~run"]>;
    },
  });
}

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

/** One domain term `[field, operator, value]`. */
export const Term = v.strictTuple([
  v.pipe(v.string(), v.minLength(1), v.description("field name or dotted path, e.g. country_id.code")),
  v.picklist(OPERATORS),
  DomainValue,
]);

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);
const ARITY: Record<string, number> = { "&": 2, "|": 2, "!": 1 };

/** Whether each prefix operator has its operands ("|" takes the next two items, "!" the next one). */
function arityProblem(domain: ReadonlyArray<string | readonly unknown[]>): string | undefined {
  let available = 0;
  for (let i = domain.length - 1; i >= 0; i--) {
    const item = domain[i];
    const needs = typeof item === "string" ? (ARITY[item] ?? 0) : 0;
    if (available < needs) {
      return `"${item}" at position ${i} needs ${needs === 1 ? "one item" : "two items"} after it; Odoo domains are prefix notation: ["|", A, B] is A OR B`;
    }
    available += 1 - needs;
  }
  return undefined;
}

/** Says what is wrong with one domain item instead of valibot's "expected a union" summary. */
function domainItemProblem(item: unknown): string {
  if (typeof item === "string") return `"${item}" is not a domain operator: use "&", "|" or "!"`;
  if (Array.isArray(item) && item.length !== 3) {
    return `a domain term has 3 items [field, operator, value]; this one has ${item.length}`;
  }
  if (Array.isArray(item) && typeof item[1] === "string" && !OPERATOR_SET.has(item[1])) {
    return `unknown operator "${item[1]}"; use one of ${OPERATORS.join(" ")}`;
  }
  return 'a domain item is "&", "|", "!" or a [field, operator, value] term such as ["name", "ilike", "acme"]';
}

/** A domain: prefix operators and terms; also accepted as a Python/JSON string or as one bare term. */
export const Domain = lenient(
  v.pipe(
    v.array(v.union([v.picklist(["&", "|", "!"]), Term], (issue) => domainItemProblem(issue.input))),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? arityProblem(dataset.value) : undefined;
      if (problem) addIssue({ message: problem });
    }),
    v.description('Odoo domain: a list of [field, operator, value] terms and prefix operators "&", "|", "!"'),
  ),
  asDomain(OPERATOR_SET),
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

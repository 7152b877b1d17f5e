import * as v from "valibot";

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

/** Tool arguments: an object whose unknown keys are refused by name, since a misspelt argument must not be ignored. */
export const args = <const E extends v.ObjectEntries>(entries: E) =>
  v.strictObject(entries, (issue) =>
    issue.expected === "never"
      ? `unknown argument ${issue.received}; the arguments are ${Object.keys(entries).join(", ")}`
      : "the arguments must be an object",
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

/** A domain: prefix operators and terms. */
export const Domain = v.pipe(
  v.array(v.union([v.picklist(["&", "|", "!"]), Term], (issue) => domainItemProblem(issue.input))),
  v.description('Odoo domain: a list of [field, operator, value] terms and prefix operators "&", "|", "!"'),
);

/** Field names to return. */
export const Fields = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1))),
  v.description("Field names to return; omit (or []) for a useful default set"),
);

/** Record ids (at least one). */
export const Ids = v.pipe(
  v.array(v.pipe(v.number(), v.integer(), v.minValue(1))),
  v.minLength(1, "at least one id"),
  v.description("Record ids"),
);

/** Field values for create/write, keyed by field name. */
export const Values = v.pipe(
  jsonObject(JsonValue),
  v.description("Field values keyed by field name; many2one = id, x2many = list of command tuples"),
);

/** A record as Odoo returns it: field name → JSON value (json and properties fields hold anything). */
export const RecordOut = jsonObject(JsonValue);

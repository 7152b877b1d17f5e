import * as v from "valibot";
import { asDomain, lenient } from "./lenient.ts";
import { DomainValue } from "./schemas.ts";

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

import * as v from "valibot";
import { parsePyLiteral } from "./pyliteral.ts";

/**
 * `schema` as clients see it (its JSON Schema is unchanged), but the input first goes through `coerce`, which forgives
 * the unambiguous slips models make — `"5"` for 5, `5` for `[5]`, a domain written as a Python string. `coerce` throws
 * an Error whose message becomes the validation issue when it recognises the slip but cannot repair it.
 */
export function lenient<S extends v.GenericSchema>(schema: S, coerce: (input: unknown) => unknown): S {
  return v._standardSchema<S>({
    ...schema,
    "~run"(dataset, config) {
      let value: unknown;
      try {
        value = coerce(dataset.value);
      } catch (e) {
        v._addIssue(this, "type", dataset, config, { message: (e as Error).message });
        return dataset as ReturnType<S["~run"]>;
      }
      return schema["~run"]({ ...dataset, value }, config) as ReturnType<S["~run"]>;
    },
  });
}

/** Tool arguments: `null` for an optional argument means "not given" (many models fill every key). */
export const withoutNulls = (input: unknown): unknown =>
  typeof input === "object" && input !== null && !Array.isArray(input)
    ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null))
    : input;

/** A JSON object must not be a list (valibot's `record` would take `[1]` as `{"0": 1}`). */
export function refuseArrays(input: unknown): unknown {
  if (Array.isArray(input)) throw new Error("Invalid type: Expected Object but received Array");
  return input;
}

const INTEGER = /^\s*-?\d+\s*$/;

/** `"5"` → 5; anything else unchanged. */
export const asInteger = (input: unknown): unknown =>
  typeof input === "string" && INTEGER.test(input) ? Number(input) : input;

/** A string that holds a literal list or dict (JSON or Python), parsed; anything else unchanged. */
function literal(input: unknown, open: string): unknown {
  if (typeof input !== "string" || !input.trimStart().startsWith(open)) return input;
  try {
    return parsePyLiteral(input);
  } catch {
    return input;
  }
}

const words = (text: string) => text.split(/[\s,]+/).filter((s) => s !== "");

/** Ids: `5`, `"5"`, `"5, 6"`, `"[5, 6]"`, `["5"]`, `[[5, 6]]` (name_get style) → numbers in a list. */
export function asIds(input: unknown): unknown {
  const parsed = literal(input, "[");
  let list = parsed;
  if (typeof parsed === "number") list = [parsed];
  if (typeof parsed === "string" && /^[\d\s,]+$/.test(parsed)) list = words(parsed);
  if (Array.isArray(list) && list.length === 1 && Array.isArray(list[0])) list = list[0];
  return Array.isArray(list) ? list.map(asInteger) : list;
}

/** Field names: `"name, email"`, `"['name', 'email']"` or `["name, email"]` → `["name", "email"]`. */
export function asFieldNames(input: unknown): unknown {
  const parsed = literal(input, "[");
  if (typeof parsed === "string") return words(parsed);
  return Array.isArray(parsed) ? parsed.flatMap((f) => (typeof f === "string" && f.trim() ? words(f) : [f])) : parsed;
}

/** A JSON object or list sent as a string (`"{\"name\": \"x\"}"`), parsed. */
export const asObject = (input: unknown): unknown => literal(input, "{");
export const asList = (input: unknown): unknown => literal(input, "[");

const PREFIX = new Set(["&", "|", "!"]);

/**
 * A domain: a string is read as a Python or JSON literal (tuples become lists); a lone term `["name", "=", "x"]`
 * is wrapped into `[["name", "=", "x"]]`. A string that is not a literal is refused with the JSON form to use.
 */
export function asDomain(operators: ReadonlySet<string>) {
  return (input: unknown): unknown => {
    let domain = input;
    if (typeof input === "string") {
      if (input.trim() === "") return [];
      try {
        domain = parsePyLiteral(input);
      } catch (e) {
        throw new Error(
          `domain must be a JSON list such as [["name", "ilike", "acme"], ["active", "=", true]]; ` +
            `the string ${JSON.stringify(input)} could not be read as one (${(e as Error).message})`,
        );
      }
    }
    const [first, second] = Array.isArray(domain) ? domain : [];
    const loneTerm =
      Array.isArray(domain) &&
      domain.length === 3 &&
      typeof first === "string" &&
      !PREFIX.has(first) &&
      typeof second === "string" &&
      operators.has(second);
    return loneTerm ? [domain] : domain;
  };
}

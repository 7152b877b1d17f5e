import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { type ConversionConfig, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

type Json = Record<string, unknown>;
type Target = NonNullable<ConversionConfig["target"]>;
const TARGETS: readonly string[] = ["draft-07", "draft-2020-12", "openapi-3.0"];

const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Makes a converted schema friendly to strict clients (Gemini, VS Code, llama.cpp): a tuple also declares typed
 * `items` and `maxItems`, so clients that ignore `prefixItems` still see a typed array; a redundant
 * `propertyNames: {type: string}` (every JSON key is a string) is dropped.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = tidy(value);
  const prefix = out["prefixItems"];
  if (Array.isArray(prefix) && (out["items"] === undefined || out["items"] === false)) {
    const variants = new Map<string, unknown>();
    for (const p of prefix.flatMap((p) => (isObject(p) && Array.isArray(p["anyOf"]) ? p["anyOf"] : [p]))) {
      variants.set(JSON.stringify(p), p);
    }
    out["items"] = variants.size === 1 ? [...variants.values()][0] : { anyOf: [...variants.values()] };
    out["maxItems"] = prefix.length;
  }
  const names = out["propertyNames"];
  if (isObject(names) && names["type"] === "string" && Object.keys(names).length === 1) delete out["propertyNames"];
  return out;
}

/**
 * valibot names a lazy definition `JsonValue: {$ref: "#/$defs/0"}` with the body under "0": put the body under its
 * name, so a reader (and a client that resolves one level of `$ref`) sees `#/$defs/JsonValue` directly.
 */
function namedDefs(schema: Json): Json {
  const key = "$defs" in schema ? "$defs" : "definitions";
  const defs = schema[key] as unknown;
  if (!isObject(defs)) return schema;
  let text = JSON.stringify(schema);
  for (const [name, def] of Object.entries(defs)) {
    const target = isObject(def) && typeof def["$ref"] === "string" ? def["$ref"] : undefined;
    if (!target || !isObject(def) || Object.keys(def).length !== 1) continue;
    text = text.replaceAll(`"${target}"`, `"#/${key}/${name}"`);
  }
  const renamed = JSON.parse(text) as Json;
  const out = renamed[key] as Json;
  for (const [name, def] of Object.entries(defs)) {
    const target = isObject(def) && typeof def["$ref"] === "string" ? def["$ref"].split("/").pop() : undefined;
    if (!target || !(target in out) || target === name) continue;
    out[name] = out[target];
    delete out[target];
  }
  // Every tool gets the same definitions; advertise only the ones its schema uses.
  const used = (name: string) => JSON.stringify({ ...renamed, [key]: undefined }).includes(`"#/${key}/${name}"`);
  const reachable = new Set(Object.keys(out).filter(used));
  for (const name of [...reachable]) {
    for (const other of Object.keys(out))
      if (JSON.stringify(out[name]).includes(`"#/${key}/${other}"`)) reachable.add(other);
  }
  for (const name of Object.keys(out)) if (!reachable.has(name)) delete out[name];
  if (Object.keys(out).length === 0) delete renamed[key];
  return renamed;
}

/**
 * Wraps a valibot schema as the SDK's `StandardSchemaWithJSON`: valibot validates, the JSON Schema is tidied.
 * `rawCheck` actions (cross-item checks such as a domain's operator arity) have no JSON Schema form: left out.
 */
export function standardSchema<S extends v.GenericSchema>(
  schema: S,
  definitions: Record<string, v.GenericSchema> = {},
): StandardSchemaWithJSON<v.InferInput<S>, v.InferOutput<S>> {
  // Registries are built per session (per request on stateless HTTP): convert once, hand out copies.
  const converted = new Map<string, Json>();
  const convert = (typeMode: "input" | "output") => (options: { target: string }) => {
    if (!TARGETS.includes(options.target)) throw new Error(`Unsupported JSON Schema target: ${options.target}`);
    const key = `${typeMode} ${options.target}`;
    let json = converted.get(key);
    if (!json) {
      const config = { target: options.target as Target, typeMode, definitions, ignoreActions: ["raw_check"] };
      json = namedDefs(tidy(toJsonSchema(schema, config)) as Json);
      converted.set(key, json);
    }
    return structuredClone(json);
  };
  return {
    "~standard": {
      ...(schema["~standard"] as StandardSchemaWithJSON<v.InferInput<S>, v.InferOutput<S>>["~standard"]),
      jsonSchema: { input: convert("input"), output: convert("output") },
    },
  };
}

/**
 * The same schema without run-time validation: for what our own typed code builds (a tool's output), where the
 * compiler already holds the shape and the SDK's per-call check of every record only costs time.
 */
export function unchecked<I, O>(schema: StandardSchemaWithJSON<I, O>): StandardSchemaWithJSON<I, O> {
  return { "~standard": { ...schema["~standard"], validate: (value) => ({ value: value as O }) } };
}

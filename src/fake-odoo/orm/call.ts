import { E, missingArguments, noSuchMethod, OdooError, privateMethod } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json } from "../types.ts";
import type { Env } from "./env.ts";
import { METHODS } from "./methods.ts";
import { type MethodSpec, type Param, toIds } from "./signature.ts";

/** Looks a public method up, raising Odoo's AttributeError / private-method AccessError. */
export function resolveMethod(env: Env, def: ModelDef, method: string): MethodSpec {
  const p = env.db.profile;
  if (method.startsWith("_")) throw privateMethod(p, def.model, method);
  const spec = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  const available = spec && (spec.models?.(def) ?? true) ? (spec.available?.(p) ?? true) : false;
  if (!spec || available === false) throw noSuchMethod(p, def.model, method);
  if (available === "private") throw privateMethod(p, def.model, method);
  return spec;
}

/** The parameters of a method in this version and model, and the class defining them (`name_search` took `args`
 * before 18; res.partner's `default_get` override names its parameter `default_fields` up to 18). */
export function paramsOf(
  env: Env,
  def: ModelDef,
  method: string,
  spec: MethodSpec,
): { owner: string; params: Param[] } {
  const own = spec.signature?.(env.db.profile, def.model);
  if (own) return own;
  if (method === "name_search" && env.db.profile.nameSearchDomainArg === "args") {
    return { owner: "BaseModel", params: spec.params.map((x) => (x.name === "domain" ? { name: "args" } : x)) };
  }
  return { owner: "BaseModel", params: spec.params };
}

function withContext(env: Env, context: Json | undefined): Env {
  if (!context || typeof context !== "object" || Array.isArray(context)) return env;
  return { ...env, context: { ...env.context, ...context } };
}

/** Odoo's `call_kw` as `/jsonrpc`, XML-RPC and `/web/dataset/call_kw` do it: Python binding rules. */
export function callKw(
  env: Env,
  def: ModelDef,
  method: string,
  args: Json[],
  kwargs: Record<string, Json>,
): Json | undefined {
  const spec = resolveMethod(env, def, method);
  const { owner, params } = paramsOf(env, def, method, spec);
  const typeError = (what: string) => E.type(`${owner}.${method}() ${what}`);
  const ids = spec.onRecords ? toIds(args[0]) : [];
  const positional = spec.onRecords ? args.slice(1) : args;
  const takes = spec.keywordOnly ? 0 : params.length;
  if (positional.length > takes) {
    throw typeError(
      `takes ${takes + 1} positional argument${takes ? "s" : ""} but ${positional.length + 1} were given`,
    );
  }
  const bound: Record<string, Json> = {};
  positional.forEach((v, i) => {
    bound[params[i]!.name] = v;
  });
  const { context, ...rest } = kwargs;
  for (const [k, v] of Object.entries(rest)) {
    if (!params.some((x) => x.name === k)) {
      if (spec.readKwargs) throw E.type(`BaseModel._read_format() got an unexpected keyword argument '${k}'`);
      throw typeError(`got an unexpected keyword argument '${k}'`);
    }
    if (k in bound) throw typeError(`got multiple values for argument '${k}'`);
    bound[k] = v;
  }
  const missing = params.filter((x) => x.required && !(x.name in bound));
  if (missing.length)
    throw missingArguments(
      `${owner}.${method}`,
      missing.map((x) => x.name),
    );
  if (bound.args !== undefined && method === "name_search") bound.domain = bound.args;
  return spec.run(withContext(env, context), def, ids, bound);
}

/** Odoo 19's JSON-2 call: kwargs only plus `ids`/`context`, signature errors as HTTP 422. */
export function callJson2(env: Env, def: ModelDef, method: string, body: Record<string, Json>): Json | undefined {
  let spec: MethodSpec;
  try {
    spec = resolveMethod(env, def, method);
  } catch (e) {
    if (e instanceof OdooError && e.pyName === "builtins.AttributeError") {
      throw E.http(404, `The method '${def.model}.${method}' does not exist`);
    }
    throw e;
  }
  const { ids, context, ...kwargs } = body;
  if (ids !== undefined && !spec.onRecords) throw E.http(422, `cannot call ${def.model}.${method} with ids`);
  const { params } = paramsOf(env, def, method, spec);
  for (const k of Object.keys(kwargs)) {
    if (!params.some((x) => x.name === k) && !spec.readKwargs)
      throw E.http(422, `got an unexpected keyword argument '${k}'`);
  }
  const missing = params.find((x) => x.required && !(x.name in kwargs));
  if (missing) throw E.http(422, `missing a required argument: '${missing.name}'`);
  const extra = Object.keys(kwargs).find((k) => !params.some((x) => x.name === k));
  if (extra) throw E.type(`BaseModel._read_format() got an unexpected keyword argument '${extra}'`);
  return spec.run(withContext(env, context), def, toIds(ids ?? []), kwargs);
}

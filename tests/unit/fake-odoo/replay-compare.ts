import { parseMethodResponse } from "../../../src/fake-odoo/xmlrpc-codec.ts";

type J = unknown;

/** How strictly values are compared: "exact" (values too) or "shape" (keys and types only). */
export type Mode = "exact" | "shape";

const BASE64 = /^[A-Za-z0-9+/]{64,}={0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?$/;
// Values that cannot repeat across runs (tracebacks, clock, ports, random ids); their type is compared.
const VOLATILE = new Set(["debug", "web.base.url", "registry_hash", "uuid", "avatarCacheKey"]);

const kind = (v: J) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Differences between a captured JSON value and the fake's (empty when they agree). */
export function diff(expected: J, actual: J, mode: Mode, path = "$", subsetKeys: string[] = []): string[] {
  if (kind(expected) !== kind(actual))
    return [`${path}: ${kind(expected)} expected, got ${kind(actual)} (${JSON.stringify(actual)?.slice(0, 80)})`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (mode === "exact") {
      if (expected.length !== actual.length)
        return [`${path}: length ${expected.length} expected, got ${actual.length}`];
      return expected.flatMap((e, i) => diff(e, actual[i], mode, `${path}[${i}]`, subsetKeys));
    }
    if (expected.length && !actual.length) return [`${path}: non-empty array expected`];
    return expected.length ? diff(expected[0], actual[0], mode, `${path}[0]`, subsetKeys) : [];
  }
  if (expected && typeof expected === "object" && actual && typeof actual === "object") {
    const e = expected as Record<string, J>;
    const a = actual as Record<string, J>;
    const subset = subsetKeys.includes(path);
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a) && !subset) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: unexpected key`);
    for (const k of Object.keys(e)) {
      if (!(k in a)) continue;
      const m = VOLATILE.has(k) ? "shape" : mode;
      out.push(...diff(e[k], a[k], m, subset ? `${path}.*` : `${path}.${k}`, subsetKeys));
    }
    return out;
  }
  if (mode === "shape" || expected === actual) return [];
  // Binary payloads (images) are real files in Odoo's demo data; the fake seeds its own.
  if (typeof expected === "string" && typeof actual === "string" && BASE64.test(expected) && BASE64.test(actual))
    return [];
  if (typeof expected === "string" && DATE.test(expected) && typeof actual === "string" && DATE.test(actual)) return [];
  return [`${path}: ${JSON.stringify(expected)} expected, got ${JSON.stringify(actual)}`];
}

/** Checks the Odoo error fields that must match exactly (JSON-RPC envelope or JSON-2 body). */
export function errorDiff(expected: J, actual: J): string[] {
  const e = expected as Record<string, J> | null;
  const a = actual as Record<string, J> | null;
  const out: string[] = [];
  const eq = (label: string, x: J, y: J) => {
    if (JSON.stringify(x) !== JSON.stringify(y))
      out.push(`${label}: ${JSON.stringify(x)} expected, got ${JSON.stringify(y)}`);
  };
  const err = e?.error as Record<string, J> | undefined;
  if (err) {
    const aerr = (a?.error ?? {}) as Record<string, J>;
    const ed = (err.data ?? {}) as Record<string, J>;
    const ad = (aerr.data ?? {}) as Record<string, J>;
    eq("error.code", err.code, aerr.code);
    eq("error.message", err.message, aerr.message);
    eq("error.data.name", ed.name, ad.name);
    eq("error.data.message", ed.message, ad.message);
    eq("error.data.arguments", ed.arguments, ad.arguments);
    eq("id", e?.id, a?.id);
  } else if (e && typeof e === "object" && !Array.isArray(e) && "name" in e && "debug" in e) {
    eq("name", e.name, a?.name);
    eq("message", e.message, a?.message);
    eq("arguments", e.arguments, a?.arguments);
  }
  return out;
}

/** Compares two XML-RPC responses: fault code and last faultString line, or the value. */
export function xmlDiff(expected: string, actual: string, mode: Mode): string[] {
  const e = parseMethodResponse(expected);
  const a = parseMethodResponse(actual);
  if (e.fault) {
    if (!a.fault) return [`fault expected, got ${JSON.stringify(a.value)?.slice(0, 200)}`];
    const last = (s: J) => String(s).trim().split("\n").pop();
    const out: string[] = [];
    if (e.fault.faultCode !== a.fault.faultCode)
      out.push(`faultCode ${JSON.stringify(e.fault.faultCode)} expected, got ${JSON.stringify(a.fault.faultCode)}`);
    if (last(e.fault.faultString) !== last(a.fault.faultString))
      out.push(
        `faultString ${JSON.stringify(last(e.fault.faultString))} expected, got ${JSON.stringify(last(a.fault.faultString))}`,
      );
    return out;
  }
  if (a.fault) return [`value expected, got fault ${JSON.stringify(a.fault)}`];
  return diff(e.value, a.value, mode);
}

import type { Json } from "../types.ts";

/** Python `repr()` of a JSON value, as Odoo's error messages print leaves and records. */
export function pyRepr(v: Json | undefined): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "string") return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
    .join(", ")}}`;
}

/** Python repr of a domain leaf, which Odoo prints as a tuple. */
export function leafRepr(leaf: Json[]): string {
  return `(${leaf.map(pyRepr).join(", ")})`;
}

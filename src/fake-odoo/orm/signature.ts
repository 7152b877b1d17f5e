import type { ModelDef } from "../models/schema.ts";
import type { Json } from "../types.ts";
import type { VersionProfile } from "../versions.ts";
import type { Env } from "./env.ts";

/** A Python parameter: name and whether it has a default. */
export interface Param {
  name: string;
  required?: boolean;
}

/** A public ORM method of the fake: its Python signature and its body. */
export interface MethodSpec {
  params: Param[];
  /** Called on records (`ids` first), unlike `@api.model` methods. */
  onRecords: boolean;
  /** Extra kwargs flow into `_read_format` (search_read's `**read_kwargs`). */
  readKwargs?: boolean;
  /** Only models for which this holds have the method (e.g. message_post on mail.thread models). */
  models?: (def: ModelDef) => boolean;
  /** Python keyword-only parameters (`def message_post(self, *, body='', ...)`): positional arguments are refused. */
  keywordOnly?: boolean;
  /** Whether the version has the method: true, or "private" when it exists but is private. */
  available?: (p: VersionProfile) => boolean | "private";
  /**
   * The signature call_kw binds against when it is not `params` on BaseModel: the version's, or a model's override
   * (Python binds keyword arguments to the most derived method, and TypeErrors name its class).
   */
  signature?: (p: VersionProfile, model: string) => { owner: string; params: Param[] } | undefined;
  /** The body; `undefined` is Python's None. */
  run: (env: Env, def: ModelDef, ids: number[], args: Record<string, Json>) => Json | undefined;
}

/** Positional `p(name)` / required `r(name)` parameter shorthands. */
export const p = (name: string): Param => ({ name });
export const r = (name: string): Param => ({ name, required: true });

/** Coerces an argument to a list of integer ids (Odoo accepts an int or a list). */
export function toIds(v: Json | undefined): number[] {
  if (typeof v === "number") return [v];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is number => typeof x === "number");
}

/** Coerces an argument to a number or undefined. */
export function num(v: Json | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

/** Coerces an argument to a string list (a single string becomes a one-item list). */
export function strs(v: Json | undefined): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.map(String) : [];
}

import type { OdooClient } from "../odoo/types.ts";

/** What `fields_get` says about one field (the attributes we ask for). */
export interface FieldInfo {
  type: string;
  string?: string;
  relation?: string;
  store?: boolean;
}

/** `fields_get` of one model, keyed by field name. */
export type FieldMap = Readonly<Record<string, FieldInfo>>;

// Installing a module adds fields and models; a bounded lifetime picks that up without a restart.
const TTL_MS = 10 * 60 * 1000;
const FIELD_ATTRIBUTES = ["string", "type", "relation", "store"];

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/** Caches Odoo metadata (fields per model, the model list) for every session using the same client. */
export class OdooMeta {
  private readonly fieldMaps = new Map<string, Entry<FieldMap>>();
  private modelList: Entry<string[]> | undefined;

  constructor(
    private readonly odoo: OdooClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** `fields_get` of `model`, cached; a failure is not cached. */
  fields(model: string): Promise<FieldMap> {
    const hit = this.fieldMaps.get(model);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const value = this.odoo.executeKw<FieldMap>(model, "fields_get", [], { attributes: FIELD_ATTRIBUTES });
    const entry = { at: this.now(), value };
    this.fieldMaps.set(model, entry);
    value.catch(() => this.fieldMaps.get(model) === entry && this.fieldMaps.delete(model));
    return value;
  }

  /** Technical names of every model (`ir.model`), cached, sorted. */
  models(): Promise<string[]> {
    if (this.modelList && this.now() - this.modelList.at < TTL_MS) return this.modelList.value;
    const value = this.odoo
      .executeKw<Array<{ model: string }>>("ir.model", "search_read", [[]], { fields: ["model"], order: "model" })
      .then((rows) => rows.map((r) => r.model).sort());
    const entry = { at: this.now(), value };
    this.modelList = entry;
    value.catch(() => {
      if (this.modelList === entry) this.modelList = undefined;
    });
    return value;
  }
}

const perClient = new WeakMap<OdooClient, OdooMeta>();

/** The metadata cache shared by every session that uses this client. */
export function metaFor(odoo: OdooClient): OdooMeta {
  const known = perClient.get(odoo);
  if (known) return known;
  const meta = new OdooMeta(odoo);
  perClient.set(odoo, meta);
  return meta;
}

import { isOdooError } from "../odoo/errors.ts";
import type { SessionStore } from "../odoo/session-cache.ts";
import type { OdooClient } from "../odoo/types.ts";

/** What `fields_get` says about one field (the attributes we ask for). */
export interface FieldInfo {
  type: string;
  string?: string;
  relation?: string;
  store?: boolean;
  /** `[[value, label], …]` of a selection field (views show labels). */
  selection?: Array<[string, string]>;
  /** The many2one to res.currency a monetary field is expressed in. */
  currency_field?: string;
}

/** `fields_get` of one model, keyed by field name. */
export type FieldMap = Readonly<Record<string, FieldInfo>>;

// Installing a module adds fields and models; a bounded lifetime picks that up without a restart.
const TTL_MS = 10 * 60 * 1000;
/** The attributes every cached field list carries. */
export const FIELD_ATTRIBUTES = ["string", "type", "relation", "store", "selection", "currency_field"];

interface Entry<T> {
  at: number;
  value: Promise<T>;
  /** Read from the cache file: trusted until the registry signature says otherwise. */
  saved?: boolean;
}

/**
 * The registry's signature: the last change to the module list (installing, upgrading or removing a module writes
 * its row, and only that changes models and fields).
 */
async function registrySignature(odoo: OdooClient): Promise<string> {
  const [last] = await odoo.executeKw<Array<{ id: number; write_date: string }>>(
    "ir.module.module",
    "search_read",
    [[]],
    { fields: ["write_date"], order: "write_date desc, id desc", limit: 1 },
  );
  return `modules:${last?.write_date ?? ""}:${last?.id ?? 0}`;
}

/** Whether a `fields_get` call asks exactly what the cache holds (then the cache can answer it). */
export const isCachedFieldsGet = (method: string, args: unknown[], kwargs: Record<string, unknown>): boolean =>
  method === "fields_get" &&
  args.length === 0 &&
  Object.keys(kwargs).length === 1 &&
  JSON.stringify(kwargs["attributes"]) === JSON.stringify(FIELD_ATTRIBUTES);

/** Caches Odoo metadata (fields per model, the model list) for every session using the same client. */
export class OdooMeta {
  private readonly fieldMaps = new Map<string, Entry<FieldMap>>();
  private modelList: Entry<string[]> | undefined;
  private signature: Promise<string | undefined> | undefined;

  constructor(
    private readonly odoo: OdooClient,
    private readonly now: () => number = Date.now,
    private readonly store: SessionStore | undefined = odoo.store,
  ) {
    const saved = store?.read().fields;
    for (const [model, map] of Object.entries(saved?.models ?? {})) {
      this.fieldMaps.set(model, { at: this.now(), value: Promise.resolve(map as FieldMap), saved: true });
    }
  }

  /**
   * The registry signature, read once per process (in the background of the first call that needs it); field lists
   * saved under another signature are dropped. Undefined when Odoo will not say: then nothing is saved.
   */
  private checkRegistry(): Promise<string | undefined> {
    this.signature ??= registrySignature(this.odoo).then(
      (signature) => {
        if (this.store?.read().fields?.signature !== signature) this.forgetSaved();
        // Confirmed: from now on they age like any field list read in this process.
        else
          for (const entry of this.fieldMaps.values())
            if (entry.saved) Object.assign(entry, { saved: false, at: this.now() });
        return signature;
      },
      () => {
        this.forgetSaved();
        return undefined;
      },
    );
    return this.signature;
  }

  private forgetSaved(): void {
    for (const [model, entry] of this.fieldMaps) if (entry.saved) this.fieldMaps.delete(model);
    // A moved signature may be an upgrade: the version saved with the session goes too (the next start probes).
    this.store?.update(({ fields: _, session, ...rest }) => {
      if (!session) return rest;
      const { version: __, ...kept } = session;
      return { ...rest, session: kept };
    });
  }

  /** Saves a model's fields beside the others read under the same signature. */
  private async save(model: string, map: FieldMap): Promise<void> {
    const store = this.store;
    const signature = await this.checkRegistry();
    if (!store || signature === undefined) return;
    store.update((entry) => {
      const models = entry.fields?.signature === signature ? entry.fields.models : {};
      return { ...entry, fields: { signature, models: { ...models, [model]: map } } };
    });
  }

  /** `fields_get` of `model`, cached (and kept across restarts with a store); a failure is not cached. */
  fields(model: string): Promise<FieldMap> {
    const hit = this.fieldMaps.get(model);
    if (hit?.saved) {
      void this.checkRegistry();
      return hit.value;
    }
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const value = this.odoo.executeKw<FieldMap>(model, "fields_get", [], { attributes: FIELD_ATTRIBUTES });
    const entry = { at: this.now(), value };
    this.fieldMaps.set(model, entry);
    value.then(
      (map) => (this.store ? this.save(model, map) : undefined),
      () => this.fieldMaps.get(model) === entry && this.fieldMaps.delete(model),
    );
    return value;
  }

  /**
   * Technical names of every model (`ir.model`), cached, sorted; where ir.model is closed to the user (17+: only
   * Administration / Access Rights reads it), the models the user may read.
   */
  models(): Promise<string[]> {
    if (this.modelList && this.now() - this.modelList.at < TTL_MS) return this.modelList.value;
    const value = this.odoo
      .executeKw<Array<{ model: string }>>("ir.model", "search_read", [[]], { fields: ["model"], order: "model" })
      .then(
        (rows) => rows.map((r) => r.model).sort(),
        async (e: unknown) => {
          if (!isOdooError(e) || e.kind !== "access") throw e;
          return [...(await this.availableModels()).keys()].sort();
        },
      );
    const entry = { at: this.now(), value };
    this.modelList = entry;
    value.catch(() => {
      if (this.modelList === entry) this.modelList = undefined;
    });
    return value;
  }

  /**
   * The models this user may read (model → description), as Odoo's own model selector lists them:
   * `ir.model.get_available_models` (web, 17 to 19), which any internal user may call — loaded models only, wizards
   * and abstract models left out. Cached per language; where Odoo lacks the method, non-wizard ir.model rows.
   */
  availableModels(lang?: string): Promise<ReadonlyMap<string, string>> {
    const key = lang ?? "";
    const hit = this.available.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const kwargs = lang ? { context: { lang } } : {};
    const value = this.odoo
      .executeKw<Array<{ model: string; display_name: unknown }>>("ir.model", "get_available_models", [], kwargs)
      .catch(async (e: unknown) => {
        // An Odoo without the method (web's, 17+) answers AttributeError: ask ir.model, readable there by users.
        if (!isOdooError(e) || (e.kind !== "not-found" && e.kind !== "server")) throw e;
        const rows = await this.odoo.executeKw<Array<{ model: string; name: unknown }>>(
          "ir.model",
          "search_read",
          [[["transient", "=", false]]],
          { fields: ["model", "name"], ...kwargs },
        );
        return rows.map((r) => ({ model: r.model, display_name: r.name }));
      })
      .then(
        (rows) => new Map(rows.map((r) => [r.model, typeof r.display_name === "string" ? r.display_name : r.model])),
      );
    const entry = { at: this.now(), value };
    this.available.set(key, entry);
    value.catch(() => this.available.get(key) === entry && this.available.delete(key));
    return value;
  }

  /**
   * The models with a chatter (inheriting mail.thread), or undefined when mail is not installed or its activity types
   * are closed: mail.activity.type's `res_model` selection lists exactly the mail.thread models that are not wizards
   * (mail/models/mail_activity_type.py `_get_model_selection`), and every internal user may read its fields.
   */
  chatterModels(): Promise<ReadonlySet<string> | undefined> {
    if (this.chatter && this.now() - this.chatter.at < TTL_MS) return this.chatter.value;
    const value = this.odoo
      .executeKw<Record<string, { selection?: unknown }>>("mail.activity.type", "fields_get", [["res_model"]], {
        attributes: ["type", "selection"],
      })
      .then(
        (fields) => {
          const selection = fields["res_model"]?.selection;
          if (!Array.isArray(selection)) return undefined;
          return new Set(selection.filter((s) => Array.isArray(s)).map((s) => String(s[0])));
        },
        // No mail.activity.type: mail is not installed, so no model has a chatter. Closed to the user: unknown.
        (e: unknown) => (isOdooError(e) && e.kind === "not-found" ? new Set<string>() : undefined),
      );
    this.chatter = { at: this.now(), value };
    return value;
  }

  /** Whether Odoo refused ir.model to this user (17+: Administration / Access Rights only) in the last 10 minutes. */
  get irModelClosed(): boolean {
    return this.irModelRefusedAt !== undefined && this.now() - this.irModelRefusedAt < TTL_MS;
  }
  set irModelClosed(closed: boolean) {
    this.irModelRefusedAt = closed ? this.now() : undefined;
  }
  private irModelRefusedAt: number | undefined;

  private readonly available = new Map<string, Entry<ReadonlyMap<string, string>>>();
  private chatter: Entry<ReadonlySet<string> | undefined> | undefined;
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

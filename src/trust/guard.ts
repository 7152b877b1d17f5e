import type { Config } from "../config/schema.ts";
import { ToolError } from "../mcp/tool.ts";
import { isOdooError, OdooError } from "../odoo/errors.ts";
import type { CallOptions, OdooClient } from "../odoo/types.ts";
import { isCachedFieldsGet, metaFor } from "../tools/meta.ts";
import { type Policy, policyFor, type Who } from "./policy.ts";
import {
  andDomain,
  idsOf,
  missingText,
  REFERENCE_FIELDS,
  referenceDomain,
  referencedModels,
  takesDomain,
  withoutLeaf,
} from "./references.ts";
import { findFieldPath } from "./scan.ts";
import { TRACKING_KEYS, TRACKING_MODEL, trackingDomain } from "./tracking.ts";

/** A call the policy refuses; `unknownModel` when it is answered as if the model did not exist. */
export class PolicyError extends ToolError {
  constructor(
    message: string,
    readonly unknownModel = false,
  ) {
    super(message);
  }
}

// A hidden model is answered like one Odoo does not have, so its existence is not confirmed either.
const unknownModel = (model: string) =>
  new PolicyError(
    `Model '${model}' is not available: it does not exist or the server's policy hides it. ` +
      "Model names are technical names such as res.partner.",
    true,
  );

// Models that describe other models: their rows name models and fields, filtered like the models themselves.
const MODEL_ROWS = new Set(["ir.model", "ir.model.fields", "ir.model.data"]);
// Access configuration names every model; under a model policy it is hidden rather than filtered.
const ACCESS_MODELS = new Set(["ir.model.access", "ir.rule", "ir.model.constraint", "ir.model.relation"]);
const ROW_METHODS = new Set(["search_read", "read", "web_search_read"]);
const ID_METHODS = new Set(["search", "search_count", "name_search"]);
const TTL_MS = 10 * 60 * 1000;
const NONE: Set<string> = new Set();
// Archived rows (activities) are still the caller's to name by id: the visibility check must not drop them.
const ALL_RECORDS = { active_test: false };
const ATTACHMENT = "ir.attachment";

type Row = Record<string, unknown>;
const isRow = (x: unknown): x is Row => typeof x === "object" && x !== null && !Array.isArray(x);

/** An Odoo client that enforces one policy on every call, whoever makes it (tools, resources, completions). */
class GuardedClient implements OdooClient {
  private readonly hiddenByModel = new Map<string, { at: number; value: Promise<Set<string>> }>();
  private readonly referenceDomains = new Map<string, { at: number; value: Promise<unknown[]> }>();
  private trackingDomain_: unknown[] | undefined;

  constructor(
    private readonly inner: OdooClient,
    private readonly policy: Policy,
  ) {}

  get protocol() {
    return this.inner.protocol;
  }
  connect() {
    return this.inner.connect();
  }
  version() {
    return this.inner.version();
  }
  close() {
    return this.inner.close();
  }
  /** Web routes (reports): the tool that asks checks the records' model through `executeKw` first. */
  download(path: string, options?: CallOptions) {
    if (!this.inner.download) return Promise.reject(new Error("this Odoo client cannot download"));
    return this.inner.download(path, options);
  }

  /** Fields of the model hidden from this identity: by name, and relations to hidden models. */
  private hidden(model: string): Promise<Set<string>> {
    // Without model rules, names alone decide: no extra fields_get.
    if (!this.policy.restrictsModels) return Promise.resolve(NONE);
    const hit = this.hiddenByModel.get(model);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    // The inner client's field cache (shared, kept across restarts) says which fields are relations.
    const value = metaFor(this.inner)
      .fields(model)
      .then((fields) => {
        const names = Object.entries(fields)
          .filter(([name, f]) => this.fieldHidden(model, name) || (f.relation && !this.modelVisible(f.relation)))
          .map(([name]) => name);
        return new Set(names);
      })
      .catch(() => new Set<string>());
    this.hiddenByModel.set(model, { at: Date.now(), value });
    return value;
  }

  private modelVisible(model: string): boolean {
    if (ACCESS_MODELS.has(model) && this.policy.restrictsModels) return false;
    return this.policy.modelVisible(model);
  }

  private fieldHidden(model: string, field: string): boolean {
    return this.policy.fieldDenied(model, field);
  }

  async executeKw<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<T> {
    // Odoo's list of readable models names only what the policy lets through (filtered below), even under "ir.*".
    const listing = model === "ir.model" && method === "get_available_models";
    if (listing) return (await this.modelRows(model, method, args, kwargs, options)) as T;
    if (!this.modelVisible(model)) throw unknownModel(model);
    const refusal = this.policy.writeRefusal(model, method);
    if (refusal) throw new PolicyError(refusal);
    const hidden = await this.hidden(model);
    const isHidden = (name: string) => hidden.has(name) || this.fieldHidden(model, name);
    const dotted: string[] = [];
    let named = findFieldPath(args, kwargs, (path) => {
      if (path.includes(".")) dotted.push(path);
      return isHidden(path.split(".")[0] ?? path);
    });
    for (const path of dotted) if (named === undefined && (await this.pathHidden(model, path))) named = path;
    if (named !== undefined) {
      throw new PolicyError(`Invalid field '${named}' on ${model} (odoo_call_method with fields_get lists the fields)`);
    }
    if (MODEL_ROWS.has(model)) return (await this.modelRows(model, method, args, kwargs, options)) as T;
    // Attachments are scoped under every policy: those storing a binary field's value are the field's to show.
    const field = this.policy.restrictsModels || model === ATTACHMENT ? REFERENCE_FIELDS[model] : undefined;
    if (field || model === TRACKING_MODEL) {
      const scoped = await this.scopeReferences(model, field, method, args, kwargs, options);
      if ("result" in scoped) return (await this.output(scoped.result, isHidden, options)) as T;
      ({ args, kwargs } = scoped);
    }
    const result = isCachedFieldsGet(method, args, kwargs)
      ? await metaFor(this.inner)
          .fields(model)
          .catch((e: unknown) => Promise.reject(this.scrub(model, e)))
      : await this.call(model, method, args, kwargs, options);
    if (method === "fields_get" && isRow(result)) return this.describe(model, result, isHidden) as T;
    return (await this.output(result, isHidden, options)) as T;
  }

  /** The rows of mail.tracking.value this identity may see (see tracking.ts); built once per policy. */
  private trackingDomain(): unknown[] {
    this.trackingDomain_ ??= trackingDomain(this.policy, this.policy.restrictsModels ? [...ACCESS_MODELS] : []);
    return this.trackingDomain_;
  }

  /**
   * A result without hidden fields, nor the tracking values it nests (a message's `tracking_value_ids` read with it,
   * 17's `message_format` `trackingValues`) about hidden fields: one search tells which of them the identity may see,
   * only when there are some; when it cannot tell (mail.tracking.value is for administrators), none is kept.
   */
  private async output(result: unknown, isHidden: (name: string) => boolean, o?: CallOptions): Promise<unknown> {
    const nested: Row[][] = [];
    const out = this.strip(result, isHidden, nested);
    const ids = nested.flatMap((rows) => rows.map((r) => r.id)).filter((id): id is number => typeof id === "number");
    if (ids.length === 0) return out;
    const domain = [["id", "in", [...new Set(ids)]], ...this.trackingDomain()];
    const visible = await this.inner
      .executeKw<number[]>(TRACKING_MODEL, "search", [domain], { context: ALL_RECORDS }, o)
      .then((found) => new Set(found))
      .catch(() => new Set<number>());
    for (const rows of nested) {
      const kept = rows.filter((r) => typeof r.id === "number" && visible.has(r.id));
      rows.splice(0, rows.length, ...kept);
    }
    return out;
  }

  /**
   * The domain that keeps rows of hidden models out of a reference model (cached with the model list). On
   * ir.attachment it also keeps out the attachments that store binary fields' values (`res_field` set): a binary
   * field is read through its record (`odoo://model/binary/field/id`), where its model's policy applies.
   */
  private referenceDomain(model: string, field: string): Promise<unknown[]> {
    const hit = this.referenceDomains.get(model);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const own = model === ATTACHMENT ? [["res_field", "=", false]] : [];
    const value = this.policy.restrictsModels
      ? metaFor(this.inner)
          .models()
          .then((models) => [...own, ...referenceDomain(field, models, (m) => this.modelVisible(m))])
      : Promise.resolve(own);
    this.referenceDomains.set(model, { at: Date.now(), value });
    value.catch(() => this.referenceDomains.delete(model));
    return value;
  }

  /**
   * Attachments, messages, followers, activities… of hidden models: searches get a domain leaving them out, and a call
   * naming their ids (read, write, unlink…) is answered as Odoo answers for missing records. Either the call to make
   * instead, or its answer.
   */
  private async scopeReferences(
    model: string,
    field: string | undefined,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    o?: CallOptions,
  ): Promise<{ args: unknown[]; kwargs: Record<string, unknown> } | { result: unknown }> {
    for (const named of field ? referencedModels(method, args, kwargs, field) : []) {
      // Files uploaded for a message to be posted wait on the composer (odoo_message_post), whatever the policy.
      if (named !== "mail.compose.message" && !this.modelVisible(named)) throw unknownModel(named);
    }
    const ids = idsOf(args, kwargs);
    if (!takesDomain(method) && method !== "name_search" && !ids) return { args, kwargs };
    const extra = field ? await this.referenceDomain(model, field) : this.trackingDomain();
    if (extra.length === 0) return { args, kwargs };
    if (takesDomain(method)) {
      const call = andDomain(args, kwargs, extra);
      const result = await this.call(model, method, call.args, call.kwargs, o);
      // The tracking domain names the denied fields' patterns: groups do not echo it back.
      if (!field) return { result: withoutKey(result, "__domain") };
      // Groups carry their domain (read_group's __domain): the added leaf would name the hidden models there.
      const leaf = extra.find((x) => Array.isArray(x) && (x[1] === "in" || x[1] === "not in"));
      return { result: leaf ? withoutLeaf(result, leaf) : result };
    }
    const visibleOf = async (ids: number[]) => {
      const found = await this.call(model, "search", [[["id", "in", ids], ...extra]], { context: ALL_RECORDS }, o);
      return new Set(Array.isArray(found) ? (found as number[]) : []);
    };
    if (method === "name_search") {
      const pairs = await this.call(model, method, args, kwargs, o);
      if (!Array.isArray(pairs) || pairs.length === 0) return { result: pairs };
      const visible = await visibleOf((pairs as Array<[number, string]>).map((p) => p[0]));
      return { result: (pairs as Array<[number, string]>).filter((p) => visible.has(p[0])) };
    }
    if (!ids) return { args, kwargs };
    const visible = await visibleOf(ids);
    if (method === "exists") return { result: ids.filter((id) => visible.has(id)) };
    const missing = [...new Set(ids.filter((id) => !visible.has(id)))];
    if (missing.length === 0) return { args, kwargs };
    const { uid } = await this.inner.connect();
    throw new OdooError("missing", missingText(model, missing, uid), { odooName: "odoo.exceptions.MissingError" });
  }

  /**
   * Whether a dotted path (`partner_id.email`, `order_line.product_id.default_code`) reaches a field this identity may
   * not see: each step is checked against the policy of the model it belongs to, through the relations fields_get
   * names (cached: no Odoo call once known). A step that is no relation ends the walk; Odoo answers for it.
   */
  private async pathHidden(model: string, path: string): Promise<boolean> {
    const parts = path.split(".");
    let current = model;
    for (const [i, name] of parts.entries()) {
      if ((await this.hidden(current)).has(name) || this.fieldHidden(current, name)) return true;
      if (i === parts.length - 1) return false;
      const fields = await metaFor(this.inner)
        .fields(current)
        .catch(() => undefined);
      const relation = fields?.[name]?.relation;
      // Unresolved: the names left are still checked against the rules that hold for every model.
      if (!relation) return parts.slice(i + 1).some((part) => this.policy.fieldDenied("*", part));
      if (!this.modelVisible(relation)) return true;
      current = relation;
    }
    return false;
  }

  /** The inner call, with names the identity may not see taken out of Odoo's error messages. */
  private async call(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, o?: CallOptions) {
    try {
      return await this.inner.executeKw(model, method, args, kwargs, o);
    } catch (e) {
      throw this.scrub(model, e);
    }
  }

  /** An Odoo error without the names this identity may not see. */
  private scrub(model: string, e: unknown): unknown {
    if (!isOdooError(e)) return e;
    const scrubbed = e.message.replace(/(['"])([A-Za-z_][\w.]*)\1/g, (quoted, _q, name: string) =>
      (name.includes(".") && !this.modelVisible(name)) || this.fieldHidden(model, name) ? "'(restricted)'" : quoted,
    );
    return scrubbed === e.message ? e : new OdooError(e.kind, scrubbed, e.details);
  }

  /**
   * fields_get without hidden fields, fields related to them, or their names in `depends`; a reference model's
   * selection of models (mail.activity.type's res_model) without the hidden ones.
   */
  private describe(model: string, fields: Row, isHidden: (name: string) => boolean): Row {
    const reference = this.policy.restrictsModels ? REFERENCE_FIELDS[model] : undefined;
    const out: Row = {};
    for (const [name, info] of Object.entries(fields)) {
      if (isHidden(name) || this.policy.fieldDenied("*", name) || !isRow(info)) continue;
      const head = (path: unknown) => (typeof path === "string" ? (path.split(".")[0] ?? "") : "");
      if (typeof info.related === "string" && isHidden(head(info.related))) continue;
      out[name] = Array.isArray(info.depends)
        ? { ...info, depends: info.depends.filter((d) => !isHidden(head(d))) }
        : info;
      if (name === reference && Array.isArray(info.selection)) {
        const options = info.selection.filter((o) => !Array.isArray(o) || this.modelVisible(String(o[0])));
        out[name] = { ...(out[name] as Row), selection: options };
      }
    }
    return out;
  }

  /** Removes hidden fields from records, however deeply a method nests them; `nested` gets the tracking rows. */
  private strip(value: unknown, isHidden: (name: string) => boolean, nested?: Row[][]): unknown {
    if (Array.isArray(value)) return value.map((x) => this.strip(x, isHidden, nested));
    if (!isRow(value)) return value;
    const out: Row = {};
    for (const [key, inner] of Object.entries(value)) {
      if (isHidden(key) || this.policy.fieldDenied("*", key)) continue;
      const kept = this.strip(inner, isHidden, nested);
      if (nested && TRACKING_KEYS.has(key) && Array.isArray(kept) && kept.some(isRow)) nested.push(kept as Row[]);
      out[key] = kept;
    }
    return out;
  }

  /** Whether a row of ir.model / ir.model.fields / ir.model.data names only what this identity may see. */
  private rowVisible(model: string, row: Row): boolean {
    const target = typeof row.model === "string" ? row.model : undefined;
    if (target !== undefined && !this.modelVisible(target)) return false;
    if (model !== "ir.model.fields") return true;
    if (typeof row.relation === "string" && row.relation !== "" && !this.modelVisible(row.relation)) return false;
    return !(typeof row.name === "string" && target !== undefined && this.fieldHidden(target, row.name));
  }

  /** Calls on the models that list models and fields: rows naming hidden ones are left out. */
  private async modelRows(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    o?: CallOptions,
  ) {
    const keys = model === "ir.model.fields" ? ["model", "name", "relation"] : ["model"];
    const noop = () => false;
    if (method === "fields_get") return this.strip(await this.call(model, method, args, kwargs, o), noop);
    // web's ir.model.get_available_models: [{model, display_name}] of the models the user may read.
    if (model === "ir.model" && method === "get_available_models") {
      const rows = await this.call(model, method, args, kwargs, o);
      return Array.isArray(rows) ? rows.filter((r) => isRow(r) && this.rowVisible(model, r)) : rows;
    }
    if (ROW_METHODS.has(method)) {
      const [asked, withKeys] = withFields(args, kwargs, keys);
      const rows = await this.call(model, method, withKeys.args, withKeys.kwargs, o);
      const list = method === "web_search_read" && isRow(rows) ? (rows.records as unknown[]) : rows;
      const kept = Array.isArray(list)
        ? list.filter((r) => isRow(r) && this.rowVisible(model, r)).map((r) => dropUnasked(r as Row, asked, keys))
        : list;
      return method === "web_search_read" && isRow(rows) ? { ...rows, records: kept, length: undefined } : kept;
    }
    if (ID_METHODS.has(method)) {
      const result = await this.call(model, method, args, kwargs, o);
      const pairs = method === "name_search" && Array.isArray(result) ? (result as Array<[number, string]>) : undefined;
      const ids = pairs ? pairs.map((p) => p[0]) : Array.isArray(result) ? (result as number[]) : undefined;
      if (method === "search_count") {
        const found = await this.call(model, "search", args, kwargs, o);
        return (await this.visibleIds(model, found as number[], o)).length;
      }
      const visible = new Set(await this.visibleIds(model, ids ?? [], o));
      return pairs ? pairs.filter((p) => visible.has(p[0])) : (ids ?? []).filter((id) => visible.has(id));
    }
    throw new PolicyError(
      `${model}.${method} is not available under this server's policy: ${model} answers search_read, read, ` +
        "search, search_count, name_search and fields_get (ir.model also get_available_models).",
    );
  }

  private async visibleIds(model: string, ids: number[], o?: CallOptions): Promise<number[]> {
    if (ids.length === 0) return [];
    const keys = model === "ir.model.fields" ? ["model", "name", "relation"] : ["model"];
    const rows = await this.call(model, "read", [ids], { fields: keys }, o);
    return (rows as Row[]).filter((r) => this.rowVisible(model, r)).map((r) => r.id as number);
  }
}

/** The field list a read asked for (undefined: all), and the call with the filter's keys added to it. */
function withFields(args: unknown[], kwargs: Record<string, unknown>, keys: string[]) {
  const add = (fields: unknown) =>
    Array.isArray(fields) && fields.length > 0 ? [...new Set([...fields, ...keys])] : fields;
  const fromKw = kwargs.fields;
  if (fromKw !== undefined || args.length < 2) {
    return [
      fromKw as string[] | undefined,
      { args, kwargs: fromKw === undefined ? kwargs : { ...kwargs, fields: add(fromKw) } },
    ] as const;
  }
  const copy = [...args];
  copy[1] = add(args[1]);
  return [args[1] as string[] | undefined, { args: copy, kwargs }] as const;
}

/** The value without `key` in any of its objects. */
const withoutKey = (value: unknown, key: string): unknown => {
  if (Array.isArray(value)) return value.map((x) => withoutKey(x, key));
  if (!isRow(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== key)
      .map(([k, v]) => [k, withoutKey(v, key)]),
  );
};

const dropUnasked = (row: Row, asked: readonly string[] | undefined, keys: string[]): Row => {
  if (!asked || asked.length === 0) return row;
  const out = { ...row };
  for (const k of keys) if (!asked.includes(k)) delete out[k];
  return out;
};

const guarded = new WeakMap<OdooClient, WeakMap<Policy, OdooClient>>();

/** The client that enforces `policy` over `inner`; one per pair, so metadata caches keyed on it are shared. */
export function guardClient(inner: OdooClient, policy: Policy): OdooClient {
  let byPolicy = guarded.get(inner);
  if (!byPolicy) {
    byPolicy = new WeakMap();
    guarded.set(inner, byPolicy);
  }
  let client = byPolicy.get(policy);
  if (!client) {
    client = new GuardedClient(inner, policy);
    byPolicy.set(policy, client);
  }
  return client;
}

/**
 * The client that enforces the policy of an identity known only once Odoo answers (the configured user, when profiles
 * pick its policy by login or group): every call waits for it, and fails while it cannot be known.
 */
export function lazyGuardClient(inner: OdooClient, config: Config, who: () => Promise<Who | undefined>): OdooClient {
  const guarded = async () => guardClient(inner, policyFor(config, await who()));
  return {
    get protocol() {
      return inner.protocol;
    },
    connect: () => inner.connect(),
    version: () => inner.version(),
    close: () => inner.close(),
    download: async (path, options) => {
      const client = await guarded();
      if (!client.download) throw new Error("this Odoo client cannot download");
      return client.download(path, options);
    },
    executeKw: async <T>(
      model: string,
      method: string,
      args?: unknown[],
      kwargs?: Record<string, unknown>,
      o?: CallOptions,
    ) => (await guarded()).executeKw<T>(model, method, args, kwargs, o),
  };
}

import { E } from "../errors.ts";
import type { Json } from "../types.ts";
import { checkAccess, hasAccess, type Operation } from "./env.ts";
import { fieldsGet } from "./fields-get.ts";
import { messageFormat, messagePost } from "./mail.ts";
import { archive, availableModels, copyRecords, defaultGet, existing, nameSearch, search } from "./misc.ts";
import { pyRepr } from "./pyrepr.ts";
import { readRows } from "./read.ts";
import { formattedReadGroup, readGroup } from "./read-group.ts";
import { type MethodSpec, p, r } from "./signature.ts";
import { webRead, webSearchRead } from "./web-read.ts";
import { createRecords, unlinkRecords, writeRecords } from "./write.ts";

const OPERATIONS: Json[] = ["read", "write", "create", "unlink"];

/** `ir.model.access.check`'s `assert mode in ('read', 'write', 'create', 'unlink'), 'Invalid access mode'`. */
function operation(v: Json | undefined): Operation {
  if (!OPERATIONS.includes(v ?? null)) throw E.assertion("Invalid access mode");
  return v as Operation;
}

/** Python truthiness of an argument (`if raise_exception:`). */
function truthy(v: Json | undefined): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return Boolean(v);
}

/** The public ORM methods every fake model has, by name. */
export const METHODS: Record<string, MethodSpec> = {
  fields_get: {
    onRecords: false,
    params: [p("allfields"), p("attributes")],
    run: (env, def, _i, a) => fieldsGet(env, def, a),
  },
  search_read: {
    onRecords: false,
    readKwargs: true,
    params: [p("domain"), p("fields"), p("offset"), p("limit"), p("order")],
    run: (env, def, _ids, a) => readRows(env.db, def, search(env, def, a), a.fields, { context: env.context }),
  },
  // web/models/models.py, the web client's list views: records in the specification format and the total together.
  web_search_read: {
    onRecords: false,
    params: [r("domain"), r("specification"), p("offset"), p("limit"), p("order"), p("count_limit")],
    run: (env, def, _ids, a) => webSearchRead(env, def, a),
  },
  web_read: {
    onRecords: true,
    params: [r("specification")],
    run: (env, def, ids, a) => {
      checkAccess(env, def, "read");
      return webRead(env, def, existing(env, def.model, ids), a.specification);
    },
  },
  search: {
    onRecords: false,
    params: [r("domain"), p("offset"), p("limit"), p("order")],
    run: (env, def, _ids, a) => search(env, def, a).map((row) => row.id ?? false),
  },
  search_count: {
    onRecords: false,
    params: [r("domain"), p("limit")],
    run: (env, def, _ids, a) => search(env, def, { ...a, offset: 0, order: "id" }).length,
  },
  read: {
    onRecords: true,
    params: [p("fields"), p("load")],
    run: (env, def, ids, a) => {
      checkAccess(env, def, "read");
      return readRows(env.db, def, existing(env, def.model, ids), a.fields, {
        context: env.context,
        load: a.load as string,
      });
    },
  },
  create: {
    onRecords: false,
    params: [r("vals_list")],
    run: (env, def, _ids, a) => {
      const single = !Array.isArray(a.vals_list);
      const created = createRecords(env, def, single ? [a.vals_list ?? null] : (a.vals_list as Json[]));
      return single ? created[0]! : created;
    },
  },
  write: {
    onRecords: true,
    params: [r("vals")],
    run: (env, def, ids, a) => writeRecords(env, def, ids, a.vals ?? null),
  },
  unlink: { onRecords: true, params: [], run: (env, def, ids) => unlinkRecords(env, def, ids) },
  copy: {
    onRecords: true,
    params: [p("default")],
    run: (env, def, ids, a) => copyRecords(env, def, ids, a.default),
  },
  exists: {
    onRecords: true,
    params: [],
    run: (env, def, ids) => existing(env, def.model, ids).map((row) => row.id ?? false),
  },
  name_search: {
    onRecords: false,
    params: [p("name"), p("domain"), p("operator"), p("limit")],
    run: (env, def, _ids, a) => nameSearch(env, def, a),
  },
  name_get: {
    onRecords: true,
    params: [],
    available: (v) => v.nameGet,
    run: (env, def, ids) =>
      existing(env, def.model, ids).map((row) => [row.id ?? 0, env.db.nameOf(def.model, Number(row.id)) ?? ""]),
  },
  name_create: {
    onRecords: false,
    params: [r("name")],
    run: (env, def, _ids, a) => {
      const [id] = createRecords(env, def, [{ [def.recName]: a.name ?? false }]);
      return [id!, env.db.nameOf(def.model, id!) ?? ""];
    },
  },
  default_get: {
    onRecords: false,
    params: [r("fields_list")],
    // 19 renamed BaseModel's parameter `fields` (its /doc-bearer capture: `default_get (fields)`), and res.partner's
    // override with it; up to 18 res.partner's override (base/models/res_partner.py) takes `default_fields`.
    signature: (p, model) => {
      const partner = model === "res.partner";
      if (p.major >= 19) return { owner: partner ? "ResPartner" : "BaseModel", params: [r("fields")] };
      return partner ? { owner: "Partner", params: [r("default_fields")] } : undefined;
    },
    run: (_env, def, _ids, a) => defaultGet(def, a.fields ?? a.default_fields ?? a.fields_list),
  },
  read_group: {
    onRecords: false,
    params: [r("domain"), r("fields"), r("groupby"), p("offset"), p("limit"), p("orderby"), p("lazy")],
    run: (env, def, _ids, a) => readGroup(env, def, a),
  },
  formatted_read_group: {
    onRecords: false,
    available: (v) => v.formattedReadGroup,
    params: [p("domain"), p("groupby"), p("aggregates"), p("having"), p("offset"), p("limit"), p("order")],
    run: (env, def, _ids, a) => formattedReadGroup(env, def, a),
  },
  check_access: {
    onRecords: true,
    params: [r("operation")],
    available: (v) => (v.checkAccess === "missing" ? false : v.checkAccess === "private" ? "private" : true),
    run: (env, def, _ids, a) => {
      checkAccess(env, def, operation(a.operation));
      return undefined;
    },
  },
  // 18 added check_access/has_access and deprecated these two (DeprecationWarning); 19 keeps them, deprecated, which
  // is why its /doc-bearer capture, listing no deprecated method (api_doc's is_public_method), omits them.
  check_access_rights: {
    onRecords: false,
    params: [r("operation"), p("raise_exception")],
    run: (env, def, _ids, a) => {
      const op = operation(a.operation);
      if (a.raise_exception !== undefined && !truthy(a.raise_exception)) return hasAccess(env, def, op);
      checkAccess(env, def, op);
      // 17: ir.model.access.check's True; 18+: `return self.browse().check_access(operation)`, None.
      return env.db.profile.major >= 18 ? undefined : true;
    },
  },
  check_access_rule: {
    onRecords: true,
    params: [r("operation")],
    run: (env, def, _ids, a) => {
      // 17 checks the record rules only (the fake has none), where ir.rule refuses an unknown mode;
      // 18+ calls check_access: the model's ACL, then the rules.
      if (env.db.profile.major < 18) {
        if (!OPERATIONS.includes(a.operation ?? null)) throw E.value(`Invalid mode: ${pyRepr(a.operation)}`);
        return undefined;
      }
      checkAccess(env, def, operation(a.operation));
      return undefined;
    },
  },
  has_access: {
    onRecords: true,
    params: [r("operation")],
    available: (v) => v.major >= 18,
    run: (env, def, _ids, a) => hasAccess(env, def, operation(a.operation)),
  },
  // base/models/res_users.py: the user's lang and tz (the fake's users have neither field: English, no zone) and,
  // "ensure uid is set", the uid — how a JSON-2 caller holding only an API key learns whose key it is.
  context_get: {
    onRecords: false,
    models: (def) => def.model === "res.users",
    params: [],
    run: (env) => ({ lang: "en_US", tz: false, uid: env.uid }),
  },
  message_post: {
    onRecords: true,
    keywordOnly: true,
    models: (def) => def.mailThread === true,
    params: [
      p("body"),
      p("subject"),
      p("message_type"),
      p("email_from"),
      p("author_id"),
      p("parent_id"),
      p("subtype_xmlid"),
      p("subtype_id"),
      p("partner_ids"),
      p("attachments"),
      p("attachment_ids"),
      p("body_is_html"),
    ],
    run: (env, def, ids, a) => messagePost(env, def, ids, a),
  },
  message_format: {
    onRecords: true,
    models: (def) => def.model === "mail.message",
    available: (v) => v.major === 17,
    params: [p("format_reply"), p("msg_vals"), p("for_current_user")],
    run: (env, def, ids) => messageFormat(env, def, ids),
  },
  // web's ir.model override: the models the user may read, whoever may read ir.model itself.
  get_available_models: {
    onRecords: false,
    models: (def) => def.model === "ir.model",
    params: [],
    run: (env) => availableModels(env),
  },
  action_archive: { onRecords: true, params: [], run: (env, def, ids) => archive(env, def, ids, false) },
  action_unarchive: { onRecords: true, params: [], run: (env, def, ids) => archive(env, def, ids, true) },
};

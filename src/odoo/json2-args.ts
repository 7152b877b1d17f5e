import { OdooError } from "./errors.ts";

/** A method's parameters by name; `records` methods take the record ids first (`ids` in JSON-2). */
interface Signature {
  records: boolean;
  params: string[];
}

const model = (...params: string[]): Signature => ({ records: false, params });
const records = (...params: string[]): Signature => ({ records: true, params });

// Signatures of the ORM's public methods (Odoo 19 /doc-bearer/<model>.json; read_group from the 17–19 sources).
const SIGNATURES: Record<string, Signature> = {
  search_read: model("domain", "fields", "offset", "limit", "order"),
  search: model("domain", "offset", "limit", "order"),
  search_count: model("domain", "limit"),
  search_fetch: model("domain", "field_names", "offset", "limit", "order"),
  fields_get: model("allfields", "attributes"),
  name_search: model("name", "domain", "operator", "limit"),
  name_create: model("name"),
  create: model("vals_list"),
  default_get: model("fields"),
  read_group: model("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"),
  formatted_read_group: model("domain", "groupby", "aggregates", "having", "offset", "limit", "order"),
  web_search_read: model("domain", "specification", "offset", "limit", "order", "count_limit"),
  web_read_group: model("domain", "groupby", "aggregates", "limit", "offset", "order"),
  read_progress_bar: model("domain", "group_by", "progress_bar"),
  get_views: model("views", "options"),
  get_view: model("view_id", "view_type", "options"),
  load: model("fields", "data"),
  check_access_rights: model("operation", "raise_exception"),
  read: records("fields", "load"),
  write: records("vals"),
  unlink: records(),
  copy: records("default"),
  copy_data: records("default"),
  fetch: records("field_names"),
  exists: records(),
  name_get: records(),
  web_read: records("specification"),
  web_save: records("vals", "specification", "next_id"),
  has_access: records("operation"),
  check_access: records("operation"),
  export_data: records("fields_to_export"),
  get_metadata: records(),
  action_archive: records(),
  action_unarchive: records(),
  toggle_active: records(),
  onchange: records("values", "field_names", "fields_spec"),
  message_subscribe: records("partner_ids", "subtype_ids"),
  message_unsubscribe: records("partner_ids"),
};

const isIdList = (v: unknown) => Number.isInteger(v) || (Array.isArray(v) && v.every((x) => Number.isInteger(x)));

const asIds = (v: unknown): unknown => (Number.isInteger(v) ? [v] : v);

/** Turns `execute_kw`'s positional `args` + `kwargs` into JSON-2's named body (`ids` first for record methods). */
export function json2Body(
  modelName: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const sig = SIGNATURES[method];
  let rest = args;
  // Unknown methods: a leading list of ids is the records, as execute_kw would browse() it.
  if (sig?.records || (!sig && args.length > 0 && isIdList(args[0]))) {
    body.ids = asIds(args[0]);
    rest = args.slice(1);
  }
  const names = sig?.params ?? [];
  if (rest.length > names.length) {
    const known = sig
      ? `${method} takes ${names.length ? names.join(", ") : "no other arguments"}`
      : "its parameter names are not known here";
    throw new OdooError(
      "user",
      `JSON-2 (Odoo 19+) passes arguments by name: ${modelName}.${method} got ${rest.length} positional argument(s) after the record ids and ${known}; pass them in kwargs by name instead`,
    );
  }
  rest.forEach((v, i) => {
    body[names[i] as string] = v;
  });
  for (const [k, v] of Object.entries(kwargs)) {
    if (Object.hasOwn(body, k)) {
      throw new OdooError("user", `${modelName}.${method} got the argument '${k}' both positionally and in kwargs`);
    }
    body[k] = v;
  }
  return body;
}

import type { Json } from "../types.ts";
import { checkAccess } from "./env.ts";
import { fieldsGet } from "./fields-get.ts";
import { archive, copyRecords, defaultGet, existing, nameSearch, search } from "./misc.ts";
import { readRows } from "./read.ts";
import { formattedReadGroup, readGroup } from "./read-group.ts";
import { type MethodSpec, p, r } from "./signature.ts";
import { createRecords, unlinkRecords, writeRecords } from "./write.ts";

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
    run: (_env, def, _ids, a) => defaultGet(def, a.fields_list),
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
      checkAccess(env, def, (a.operation as "read") ?? "read");
      return undefined;
    },
  },
  action_archive: { onRecords: true, params: [], run: (env, def, ids) => archive(env, def, ids, false) },
  action_unarchive: { onRecords: true, params: [], run: (env, def, ids) => archive(env, def, ids, true) },
};

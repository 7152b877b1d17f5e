import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import { Domain } from "./domain.ts";
import { checkDomain, checkPath } from "./fields.ts";
import description from "./odoo_aggregate.md" with { type: "text" };
import { args, DomainValue, integer, JsonValue, jsonObject, Model } from "./schemas.ts";
import { isTimeZone, toLocal } from "./tz.ts";

const GRANULARITIES = ["day", "week", "month", "quarter", "year", "hour"];
const FUNCTIONS = ["sum", "avg", "min", "max", "count", "count_distinct", "bool_and", "bool_or", "array_agg"];

const GroupSpec = v.pipe(
  v.string(),
  v.regex(/^\w+(:\w+)?$/, 'a field, or a date field with a granularity such as "date_order:month"'),
  v.description('Field to group by; dates take a granularity: "date_order:month" (day, week, month, quarter, year)'),
);
const AggregateSpec = v.pipe(
  v.string(),
  v.regex(/^(__count|\w+:\w+)$/, 'an aggregate such as "amount_total:sum" or "__count"'),
  v.description('"field:function" (sum, avg, min, max, count, count_distinct) or "__count"'),
);
const HavingTerm = v.pipe(
  v.tuple([AggregateSpec, v.picklist(["=", "!=", ">", ">=", "<", "<="]), v.number()]),
  v.description('[aggregate, operator, number], e.g. ["__count", ">", 2]'),
);

const Input = args({
  model: Model,
  domain: v.optional(Domain, []),
  groupby: v.pipe(v.array(GroupSpec), v.minLength(1, "at least one field to group by")),
  aggregates: v.optional(v.array(AggregateSpec), ["__count"]),
  having: v.optional(v.pipe(v.array(HavingTerm), v.description("Keep only groups whose aggregates satisfy all terms"))),
  order: v.optional(
    v.pipe(v.string(), v.description('e.g. "amount_total:sum desc" or "__count desc"; default: by the groupby fields')),
  ),
  limit: v.optional(integer(1, "Most groups returned (default 80)")),
  offset: v.optional(integer(0, "Groups to skip"), 0),
  context: CallContext,
});

const Group = v.object({
  key: v.pipe(
    jsonObject(JsonValue),
    v.description("Each groupby spec → its value: {id, name} for a many2one, {value, label} for a date bucket, null"),
  ),
  count: v.pipe(v.number(), v.description("Records in the group")),
  values: v.pipe(jsonObject(JsonValue), v.description("Each aggregate spec → its value")),
  domain: v.pipe(v.array(DomainValue), v.description("Domain of the group's records, for odoo_search_read")),
});

type Row = Record<string, unknown>;
type Having = Array<[string, string, number]>;

/** Which API: `formatted_read_group` from saas-18.2 (the only one from 19.1), `read_group` before. */
async function hasFormattedReadGroup(ctx: ToolContext): Promise<boolean> {
  const version = await ctx.odoo.version();
  return version.major > 18 || (version.major === 18 && version.minor >= 2);
}

/** A group value in the one shape: many2one {id, name}, date bucket {value, label}, unset → null (a boolean keeps false). */
function keyValue(value: unknown, bucket: { from?: string } | undefined, type: string | undefined): unknown {
  if (type === "boolean") return value === true;
  if (value === false || value === null || value === undefined) return null;
  if (Array.isArray(value) && value.length === 2) {
    if (typeof value[0] === "number") return { id: value[0], name: String(value[1]) };
    if (typeof value[0] === "string") return { value: value[0], label: String(value[1]) };
  }
  if (bucket) return { value: bucket.from ?? null, label: value };
  return value;
}

/** The start of a date bucket from a read_group row: its `__range`, else the `>=` leaf of its domain. */
function bucketStart(row: Row, spec: string): { from?: string } {
  const range = (row["__range"] as Record<string, { from?: string }> | undefined)?.[spec];
  if (range?.from) return { from: range.from };
  const field = spec.split(":")[0];
  const leaf = ((row["__domain"] as unknown[]) ?? []).find(
    (t): t is [string, string, string] => Array.isArray(t) && t[0] === field && t[1] === ">=",
  );
  return leaf ? { from: String(leaf[2]) } : {};
}

/**
 * A date bucket's `value` as the day it starts on (the hour, for `:hour`) in the call's time zone: Odoo buckets
 * datetimes in `context.tz` but gives their bounds as naive UTC ("2023-12-31 23:00:00" is January in Brussels).
 */
function localBucket(key: unknown, spec: string, type: string | undefined, tz: string | undefined): unknown {
  const bucket = key as { value?: unknown; label?: unknown } | null;
  if (!bucket || typeof bucket !== "object" || !("label" in bucket) || typeof bucket.value !== "string") return key;
  const start = bucket.value;
  if (type !== "datetime") return { ...bucket, value: start.slice(0, 10) };
  const local = tz && isTimeZone(tz) ? (toLocal(start.slice(0, 19), tz) ?? start) : start;
  return { ...bucket, value: spec.endsWith(":hour") ? local.slice(0, 16) : local.slice(0, 10) };
}

const compare = (a: number, op: string, b: number) =>
  op === "="
    ? a === b
    : op === "!="
      ? a !== b
      : op === ">"
        ? a > b
        : op === ">="
          ? a >= b
          : op === "<"
            ? a < b
            : a <= b;

/** read_group's `orderby` names fields, not aggregates: "amount_total:sum desc" → "amount_total desc". */
const readGroupOrder = (order: string) =>
  order
    .split(",")
    .map((t) => t.trim().replace(/^(\w+):(?:sum|avg|min|max|count|count_distinct)\b/, "$1"))
    .join(", ");

/** `odoo_aggregate`: grouped totals in one request, with one result shape on every Odoo version. */
export const odooAggregate = defineTool({
  name: "odoo_aggregate",
  title: "Group and total Odoo records",
  description,
  input: Input,
  output: v.object({
    groups: v.array(Group),
    api: v.pipe(v.picklist(["formatted_read_group", "read_group"]), v.description("The Odoo method used")),
    note: v.optional(v.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ model, domain, groupby, aggregates, having, order, limit, offset, context }, ctx) {
    for (const spec of groupby) {
      const [field = "", granularity] = spec.split(":");
      await checkPath(ctx.meta, model, field);
      if (granularity && !GRANULARITIES.includes(granularity)) {
        throw new ToolError(
          `Unknown granularity '${granularity}' in "${spec}": use one of ${GRANULARITIES.join(", ")}`,
        );
      }
    }
    for (const spec of aggregates) {
      if (spec === "__count") continue;
      const [field = "", fn = ""] = spec.split(":");
      if (!FUNCTIONS.includes(fn)) {
        throw new ToolError(`Unknown aggregate function '${fn}' in "${spec}": use one of ${FUNCTIONS.join(", ")}`);
      }
      await checkPath(ctx.meta, model, field);
    }
    await checkDomain(ctx.meta, model, domain);
    const known = await ctx.meta.fields(model).catch(() => ({}) as Record<string, { type?: string }>);
    const typeOf = (spec: string) => (known as Record<string, { type?: string }>)[spec.split(":")[0] ?? ""]?.type;
    const tz = context?.tz ?? ctx.config.context.tz;
    const pageSize = Math.min(limit ?? ctx.config.limits.default_limit, ctx.config.limits.max_limit);
    const wanted = [...new Set(aggregates)];
    const valueSpecs = wanted.filter((s) => s !== "__count");
    if (await hasFormattedReadGroup(ctx)) {
      const rows = await ctx.execute<Row[]>(
        model,
        "formatted_read_group",
        [],
        withContext(
          {
            domain,
            groupby,
            aggregates: [...new Set(["__count", ...valueSpecs])],
            ...(having?.length ? { having } : {}),
            offset,
            limit: pageSize,
            ...(order ? { order } : {}),
          },
          context,
        ),
      );
      const groups = rows.map((row) => ({
        key: Object.fromEntries(
          groupby.map((s) => [s, localBucket(keyValue(row[s], undefined, typeOf(s)), s, typeOf(s), tz)]),
        ),
        count: Number(row["__count"] ?? 0),
        values: Object.fromEntries(valueSpecs.map((s) => [s, (row[s] ?? null) as unknown])),
        domain: joinDomains(domain, (row["__extra_domain"] as unknown[]) ?? []),
      }));
      return { groups, api: "formatted_read_group" as const };
    }
    // read_group: aggregates as "field:function" fields, every groupby at once (lazy=False: "__count").
    const filtered = (having?.length ?? 0) > 0;
    const rows = await ctx.execute<Row[]>(
      model,
      "read_group",
      [domain, valueSpecs, groupby],
      withContext(
        {
          lazy: false,
          ...(filtered ? {} : { offset, limit: pageSize }),
          ...(order ? { orderby: readGroupOrder(order) } : {}),
        },
        context,
      ),
    );
    const aggregateOf = (row: Row, spec: string) => {
      if (spec === "__count") return Number(row["__count"] ?? 0);
      return (row[spec.split(":")[0] ?? ""] ?? null) as unknown;
    };
    let kept = rows;
    if (filtered) {
      // read_group has no HAVING: the groups are filtered here, then paged.
      kept = rows.filter((row) =>
        (having as Having).every(([s, op, n]) => compare(Number(aggregateOf(row, s)), op, n)),
      );
      kept = kept.slice(offset, offset + pageSize);
    }
    const groups = kept.map((row) => ({
      key: Object.fromEntries(
        groupby.map((s) => [
          s,
          localBucket(
            keyValue(row[s], s.includes(":") || isDateLike(row[s]) ? bucketStart(row, s) : undefined, typeOf(s)),
            s,
            typeOf(s),
            tz,
          ),
        ]),
      ),
      count: Number(row["__count"] ?? 0),
      values: Object.fromEntries(valueSpecs.map((s) => [s, aggregateOf(row, s)])),
      domain: (row["__domain"] as unknown[]) ?? domain,
    }));
    return {
      groups,
      api: "read_group" as const,
      ...(filtered ? { note: "having applied by odoo-mcp: this Odoo's read_group has no HAVING" } : {}),
    };
  },
});

/** A date group without granularity defaults to month in Odoo; its value is then a label like "January 2024". */
const isDateLike = (value: unknown) =>
  typeof value === "string" && /^[A-Z][a-z]+ \d{4}$|^Q\d \d{4}$|^W\d+ \d{4}$/.test(value);

/** `domain AND extra`, normalized the way Odoo writes it (prefix `&` for each pair). */
function joinDomains(domain: readonly unknown[], extra: readonly unknown[]): unknown[] {
  if (!domain.length) return [...extra];
  if (!extra.length) return [...domain];
  const terms = (d: readonly unknown[]) => {
    const leaves = d.filter((t) => Array.isArray(t) || typeof t === "boolean").length;
    const ops = d.filter((t) => t === "&" || t === "|").length;
    return leaves - 1 - ops > 0 ? [...Array(leaves - 1 - ops).fill("&"), ...d] : [...d];
  };
  return ["&", ...terms(domain), ...terms(extra)];
}

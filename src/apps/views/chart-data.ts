import type { FieldHint, ViewHints } from "./hints.ts";

/** What a chart draws: one label per group, one series per measure. */
export interface ChartData {
  kind: "bar" | "line" | "pie";
  /** The grouping shown on the axis (its label). */
  axis: string;
  labels: string[];
  /** Every measure (the table shows them all); `charted` says which the chart draws. */
  series: Array<{ key: string; name: string; values: number[]; charted: boolean }>;
}

type Row = Record<string, unknown>;
const INTERVAL = /:(day|week|month|quarter|year)$/;
const isCount = (k: string) => k === "__count" || k.endsWith("_count");

/** The groupby specs of a grouped read: from the tool's arguments (read_group, formatted_read_group, aggregate). */
export function groupbyOf(args: Record<string, unknown>): string[] {
  const kwargs = (args["kwargs"] ?? {}) as Row;
  const positional = Array.isArray(args["args"]) ? (args["args"] as unknown[]) : [];
  const method = args["method"];
  const candidates = [
    args["groupby"],
    kwargs["groupby"],
    method === "read_group" ? positional[2] : method === "formatted_read_group" ? positional[1] : undefined,
  ];
  for (const c of candidates) {
    if (typeof c === "string") return [c];
    if (Array.isArray(c) && c.every((x) => typeof x === "string")) return c as string[];
  }
  return [];
}

/** The groups of a result: a read_group/formatted_read_group list, web_read_group's `{groups}`, or `{groups|result}`. */
export function groupsOf(result: unknown): Row[] | undefined {
  const list = Array.isArray(result)
    ? result
    : result && typeof result === "object"
      ? ((result as Row)["groups"] ?? (result as Row)["result"])
      : undefined;
  if (!Array.isArray(list)) return undefined;
  if (!list.every((g) => g && typeof g === "object" && !Array.isArray(g))) return undefined;
  return list.length ? (list as Row[]).map(flatten) : undefined;
}

/** odoo_aggregate's `{key, count, values}` as one row like read_group's: the keys, `__count`, the aggregates. */
function flatten(g: Row): Row {
  const { key, values, count } = g;
  if (!key || typeof key !== "object" || !values || typeof values !== "object") return g;
  return { ...(key as Row), ...(typeof count === "number" ? { __count: count } : {}), ...(values as Row) };
}

/** A group's value as a person reads it: many2one and 19's date groups `[value, label]`, selection labels. */
export function groupLabel(value: unknown, field: FieldHint | undefined): string {
  if (field?.type === "boolean") return value ? "Yes" : "No";
  if (value === false || value === null || value === undefined) return "None";
  if (Array.isArray(value) && value.length === 2) return String(value[1]);
  if (typeof value === "object") {
    // odoo_aggregate: a many2one as {id, name}, a date bucket as {value, label}.
    const v = value as Row;
    return String(v["name"] ?? v["label"] ?? v["value"] ?? JSON.stringify(v));
  }
  if (field?.type === "selection") return field.selection?.find(([v]) => v === value)?.[1] ?? String(value);
  return String(value);
}

function measureName(key: string, hints: ViewHints | undefined): string {
  if (isCount(key)) return "Count";
  const [field = key, fn] = key.split(":");
  const label = hints?.fields[field]?.string ?? field;
  return fn && fn !== "sum" ? `${label} (${fn.replace(/_/g, " ")})` : label;
}

/** Chooses the chart for grouped numbers: time groupings as lines, a few shares of one measure as a pie, else bars. */
export function chartOf(result: unknown, hints: ViewHints | undefined): ChartData | undefined {
  const groups = groupsOf(result);
  if (!groups) return undefined;
  const specs = groupbyOf(hints?.args ?? {});
  const keys = Object.keys(groups[0] ?? {}).filter((k) => !k.startsWith("__") || k === "__count");
  const groupKeys = specs.length ? specs.filter((s) => keys.includes(s)) : keys.filter((k) => !isCount(k));
  const measureKeys = keys.filter(
    (k) => !groupKeys.includes(k) && groups.every((g) => typeof g[k] === "number" || g[k] === false || g[k] === null),
  );
  const axisKey = groupKeys[0];
  if (!axisKey || measureKeys.length === 0) return undefined;
  const field = hints?.fields[axisKey.split(":")[0] ?? axisKey];
  const labels = groups.map((g) =>
    groupKeys.map((k) => groupLabel(g[k], hints?.fields[k.split(":")[0] ?? k])).join(" / "),
  );
  const plain = measureKeys.filter((k) => !isCount(k));
  const chartedKeys = (plain.length ? plain : measureKeys).slice(0, 3);
  const series = measureKeys.map((key) => ({
    key,
    name: measureName(key, hints),
    values: groups.map((g) => (typeof g[key] === "number" ? (g[key] as number) : 0)),
    charted: chartedKeys.includes(key),
  }));
  const time = INTERVAL.test(axisKey) || field?.type === "date" || field?.type === "datetime";
  const drawn = series.filter((s) => s.charted);
  const shares = drawn.length === 1 && groups.length <= 6 && drawn[0]!.values.every((x) => x >= 0);
  const kind = time ? "line" : shares && groupKeys.length === 1 ? "pie" : "bar";
  const axis = field?.string ?? axisKey;
  return { kind, axis: INTERVAL.test(axisKey) ? `${axis} (${axisKey.split(":")[1]})` : axis, labels, series };
}

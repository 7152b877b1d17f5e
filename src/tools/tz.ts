import { ToolError } from "../mcp/tool.ts";
import { tzOffsetMinutes } from "../tz-offset.ts";
import type { FieldMap } from "./meta.ts";

const NAIVE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
// A datetime with an explicit offset (or Z): "2024-01-31 10:00:00+01:00", "2024-01-31T10:00+0100", "…Z".
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

const pad = (n: number, size = 2) => String(Math.abs(n)).padStart(size, "0");

/** Whether the runtime knows the IANA time zone `tz`. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The offset of `tz` from UTC at instant `at`, in minutes (Europe/Brussels in winter: 60). */
const offsetMinutes = (at: Date, tz: string): number => tzOffsetMinutes(at.getTime(), tz);

/** Odoo's naive UTC datetime as local time in `tz` with its offset: "2024-01-31 00:00:00+01:00". */
export function toLocal(utc: string, tz: string): string | undefined {
  const m = NAIVE.exec(utc);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const at = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  const offset = offsetMinutes(at, tz);
  const local = new Date(at.getTime() + offset * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offset < 0 ? "-" : "+";
  return `${date} ${time}${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** A datetime with an explicit offset as Odoo's naive UTC string; undefined when it carries no offset. */
export function toUtc(value: string): string | undefined {
  const m = WITH_OFFSET.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = "0", zone = "Z"] = m;
  let offset = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offset = (digits.startsWith("-") ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000;
  const u = new Date(at);
  return (
    `${u.getUTCFullYear()}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())} ` +
    `${pad(u.getUTCHours())}:${pad(u.getUTCMinutes())}:${pad(u.getUTCSeconds())}`
  );
}

/** Values for create/write with every datetime given with an explicit offset converted to naive UTC for Odoo. */
export function utcValues(values: Record<string, unknown>, fields: FieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const type = Object.hasOwn(fields, name) ? fields[name]?.type : undefined;
    out[name] = type === "datetime" && typeof value === "string" ? (toUtc(value) ?? value) : value;
  }
  return out;
}

/** Each record's datetime values as local times in `tz`, under `__local` (the UTC values stay as they are). */
export function withLocalTimes(
  records: Record<string, unknown>[],
  fields: FieldMap,
  tz: string,
): Record<string, unknown>[] {
  if (!isTimeZone(tz)) throw new ToolError(`Unknown time zone '${tz}': use an IANA name such as Europe/Brussels`);
  return records.map((record) => {
    const local: Record<string, string> = {};
    for (const [name, value] of Object.entries(record)) {
      if (typeof value !== "string" || fields[name]?.type !== "datetime") continue;
      const converted = toLocal(value, tz);
      if (converted) local[name] = converted;
    }
    return Object.keys(local).length ? { ...record, __local: local } : record;
  });
}

import { tzOffsetMinutes as offsetAt } from "../../tz-offset.ts";
import timezones from "../data/timezones.json";

const KNOWN = new Set<string>(timezones);
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?/;
const pad = (n: number) => String(n).padStart(2, "0");

/** `tz in pytz.all_timezones_set`: the only time zones Odoo converts with (anything else means UTC). */
export function knownTz(tz: unknown): string | undefined {
  return typeof tz === "string" && KNOWN.has(tz) ? tz : undefined;
}

const toMs = (naive: string): number => {
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = NAIVE.exec(naive) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
};
const fromMs = (ms: number): string => {
  const t = new Date(ms);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  );
};

/** PostgreSQL's `timezone(tz, timezone('UTC', value))`: a naive UTC datetime as naive local time. */
export function utcToLocal(naive: string, tz: string): string {
  const ms = toMs(naive);
  return fromMs(ms + offsetAt(ms, tz) * 60_000);
}

/** pytz's `tz.localize(value).astimezone(utc)`: a naive local datetime as naive UTC (standard time when ambiguous). */
export function localToUtc(naive: string, tz: string): string {
  const local = toMs(naive);
  let utc = local - offsetAt(local, tz) * 60_000;
  utc = local - offsetAt(utc, tz) * 60_000;
  return fromMs(utc);
}

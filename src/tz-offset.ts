/**
 * Minutes the IANA time zone `tz` is ahead of UTC at the instant `ms` (Europe/Brussels in winter: 60). Shared by the
 * tools' local-time output and the fake Odoo's date grouping, which must agree on every offset, DST included.
 */
export function tzOffsetMinutes(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((local - ms) / 60_000);
}

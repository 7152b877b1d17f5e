import type { FieldHint } from "./hints.ts";

/** Where the viewer is: the host context's locale and time zone. */
export interface Locale {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

const isPair = (v: unknown): v is [number, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === "number";

/** Odoo's "YYYY-MM-DD HH:MM:SS" (UTC, no zone) as a Date. */
export const parseDatetime = (s: string): Date => new Date(`${s.replace(" ", "T")}Z`);

function money(value: number, currency: unknown, where: Locale): string {
  const code = isPair(currency) ? currency[1] : undefined;
  if (code && /^[A-Z]{3}$/.test(code)) {
    try {
      return new Intl.NumberFormat(where.locale, { style: "currency", currency: code }).format(value);
    } catch {
      // An unknown ISO code: fall through to number and name.
    }
  }
  const n = new Intl.NumberFormat(where.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  return code ? `${n} ${code}` : n;
}

/** A plain-text rendering of one Odoo value as a person reads it (names, labels, local dates, currencies). */
export function display(value: unknown, field: FieldHint | undefined, record: Record<string, unknown>, where: Locale) {
  const type = field?.type;
  if (type === "boolean") return value === true ? "✓" : "";
  if (value === false || value === null || value === undefined) return "";
  if (isPair(value)) return value[1];
  if (Array.isArray(value)) return value.length === 0 ? "" : `${value.length} record${value.length === 1 ? "" : "s"}`;
  if (type === "selection") return field?.selection?.find(([v]) => v === value)?.[1] ?? String(value);
  if (typeof value === "number") {
    if (type === "monetary")
      return money(value, field?.currency_field ? record[field.currency_field] : undefined, where);
    const digits = type === "float" ? { maximumFractionDigits: 2 } : {};
    return new Intl.NumberFormat(where.locale, digits).format(value);
  }
  if (typeof value !== "string") return JSON.stringify(value);
  if (type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return new Date(y, m - 1, d).toLocaleDateString(where.locale, { dateStyle: "medium" });
  }
  if (type === "datetime" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) {
    return parseDatetime(value).toLocaleString(where.locale, {
      dateStyle: "medium",
      timeStyle: "short",
      ...(where.timeZone ? { timeZone: where.timeZone } : {}),
    });
  }
  if (type === "binary") return /^\d/.test(value) ? value : "file";
  if (type === "html")
    return value
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  return value;
}

/** The value to sort a column by: numbers as numbers, everything else as its displayed text. */
export function sortKey(value: unknown, shown: string): number | string {
  return typeof value === "number" ? value : shown.toLocaleLowerCase();
}

/** Whether a binary value is an image small enough to show (base64 of a PNG, JPEG, GIF or WebP). */
export function imageSrc(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length < 16) return undefined;
  const kinds: Record<string, string> = { iVBOR: "png", "/9j/": "jpeg", R0lGO: "gif", UklGR: "webp" };
  const kind = Object.entries(kinds).find(([prefix]) => value.startsWith(prefix))?.[1];
  return kind ? `data:image/${kind};base64,${value}` : undefined;
}

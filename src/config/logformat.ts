/** Log levels, in increasing severity, as Python's logging names them. */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
/** One of LOG_LEVELS. */
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Python's numeric level of each name (`%(levelno)s`). */
export const LEVEL_NUMBERS: Record<LogLevelName, number> = {
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
};

/** The `%(name)s` placeholders a format may use: Python's LogRecord attributes that mean something here. */
export const FORMAT_FIELDS = [
  "asctime",
  "name",
  "levelname",
  "levelno",
  "message",
  "process",
  "processName",
  "thread",
  "threadName",
  "created",
  "msecs",
  "relativeCreated",
] as const;
/** One of FORMAT_FIELDS. */
export type FormatField = (typeof FORMAT_FIELDS)[number];

/** One `%(key)<flags><width>.<precision><conversion>` of a format string. */
export interface Placeholder {
  key: FormatField;
  left: boolean;
  zero: boolean;
  width: number;
  precision?: number;
  conversion: string;
}

const TOKEN = /%(?:%|\((\w+)\)([-#0 +]*)(\d+)?(?:\.(\d+))?([sdifrxXeEgGa]))/y;

/** Splits a Python logging format into literals and placeholders; throws an Error naming the first bad `%`. */
export function parseFormat(format: string): Array<string | Placeholder> {
  const parts: Array<string | Placeholder> = [];
  let literal = "";
  for (let i = 0; i < format.length; ) {
    if (format[i] !== "%") {
      literal += format[i++];
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(format);
    if (!m) throw new Error(`bad placeholder at "${format.slice(i, i + 12)}" (write %% for a literal %)`);
    i = TOKEN.lastIndex;
    if (m[0] === "%%") {
      literal += "%";
      continue;
    }
    const key = m[1] as FormatField;
    if (!FORMAT_FIELDS.includes(key)) throw new Error(`unknown placeholder %(${m[1]})`);
    if (literal) parts.push(literal);
    literal = "";
    const flags = m[2] ?? "";
    parts.push({
      key,
      left: flags.includes("-"),
      zero: flags.includes("0"),
      width: Number(m[3] ?? 0),
      precision: m[4] === undefined ? undefined : Number(m[4]),
      conversion: m[5]!,
    });
  }
  if (literal) parts.push(literal);
  return parts;
}

/** Whether a format string parses; the reason otherwise. */
export function formatProblem(format: string): string | undefined {
  try {
    parseFormat(format);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Renders one placeholder the way Python's `%` operator would for that conversion. */
export function renderPlaceholder(p: Placeholder, value: string | number): string {
  let out: string;
  const n = typeof value === "number" ? value : Number(value);
  if ("di".includes(p.conversion)) out = Number.isFinite(n) ? String(Math.trunc(n)) : String(value);
  else if ("fFeEgG".includes(p.conversion)) out = Number.isFinite(n) ? n.toFixed(p.precision ?? 6) : String(value);
  else if (p.conversion === "r") out = typeof value === "string" ? `'${value}'` : String(value);
  else if ("xX".includes(p.conversion))
    out = Math.trunc(n).toString(16)[p.conversion === "X" ? "toUpperCase" : "toLowerCase"]();
  else out = p.precision === undefined ? String(value) : String(value).slice(0, p.precision);
  if (out.length >= p.width) return out;
  if (p.left) return out.padEnd(p.width);
  return p.zero && typeof value === "number" ? out.padStart(p.width, "0") : out.padStart(p.width);
}

/** Compiles a format once; the result renders a line from the values of its placeholders. */
export function compileFormat(format: string): (values: Record<FormatField, string | number>) => string {
  const parts = parseFormat(format);
  return (values) => parts.map((p) => (typeof p === "string" ? p : renderPlaceholder(p, values[p.key]))).join("");
}

/** Python's asctime: local "2026-11-25 12:00:00,123". */
export function asctime(t: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const date = `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
  return `${date} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())},${p(t.getMilliseconds(), 3)}`;
}

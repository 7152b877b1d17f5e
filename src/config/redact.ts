/** Key names whose values are credentials wherever they appear (log fields, summaries). */
export const SECRET_NAME = /pass(word|wd)?|api_?key|secret|token|authorization|session_id|cookie/i;

const PATTERNS: Array<[RegExp, string]> = [
  [/(\bBearer\s+)[^\s"',;]+/gi, "$1***"],
  [/(\bsession_id=)[^\s"',;&]+/gi, "$1***"],
  [/(\b(?:password|passwd|api_?key)["']?\s*[=:]\s*["']?)[^\s"',;&}]+/gi, "$1***"],
];

/** Replaces every configured secret and the usual credential patterns (password=, api_key, Bearer, session_id=) with ***. */
export function redactor(secrets: readonly string[]): (s: string) => string {
  const escaped = [...new Set(secrets.filter((s) => s !== ""))]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const exact = escaped.length > 0 ? new RegExp(escaped.join("|"), "g") : undefined;
  return (s) => {
    let out = exact ? s.replace(exact, "***") : s;
    for (const [re, to] of PATTERNS) out = out.replace(re, to);
    return out;
  };
}

/** Deep copy of a value with strings redacted and secret-named keys masked. */
export function redactValue(value: unknown, redact: (s: string) => string, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (value instanceof Error) return redact(value.message);
  if (value === null || typeof value !== "object" || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? "***" : redactValue(v, redact, depth + 1)]),
  );
}

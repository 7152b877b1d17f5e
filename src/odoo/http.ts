import type { ErrorContext } from "./error-map.ts";
import { OdooError } from "./errors.ts";
import type { FetchLike } from "./types.ts";

/** Where and how to reach Odoo; `secrets` are blanked out of every error message. */
export interface HttpConfig {
  url: string;
  fetch: FetchLike;
  timeoutMs: number;
  secrets: Set<string>;
}

/** An HTTP answer read in full; `label` names the request in messages ("POST /jsonrpc"). */
export interface HttpReply {
  status: number;
  statusText: string;
  contentType: string;
  headers: Headers;
  text: string;
  label: string;
}

/** Replaces every configured secret in a text. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join("***");
  return out;
}

/** The base URL without credentials, for messages. */
export const publicUrl = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/$/, "")}`;
  } catch {
    return url;
  }
};

const join = (base: string, path: string) => new URL(path.replace(/^\//, ""), base.endsWith("/") ? base : `${base}/`);

/** `p`, or a rejection with the signal's reason as soon as it aborts, whether or not whatever `p` waits on heeds it. */
export function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** One request with the configured timeout combined with the caller's signal; `read` takes what it needs of the answer. */
async function request<T>(
  cfg: HttpConfig,
  path: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  signal: AbortSignal | undefined,
  read: (res: Response, label: string) => Promise<T>,
): Promise<T> {
  const label = `${init.method} ${path}`;
  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    // Raced as well as passed on: Bun's fetch has been seen to leave its signal unheeded (oven-sh/bun#18536), and a
    // call must still end at the timeout or the client's cancellation.
    return await untilAborted(
      cfg.fetch(join(cfg.url, path), { ...init, redirect: "manual", signal: either }).then((res) => read(res, label)),
      either,
    );
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new OdooError("timeout", `Odoo did not answer ${label} within ${cfg.timeoutMs / 1000} s`);
    }
    throw networkError(e, cfg, label);
  }
}

/** Sends one request; reads the whole body as text. */
export const send = (
  cfg: HttpConfig,
  path: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  signal?: AbortSignal,
): Promise<HttpReply> =>
  request(cfg, path, { ...init, method: init.method ?? "POST" }, signal, async (res, label) => {
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    return { status: res.status, statusText: res.statusText, contentType, headers: res.headers, text, label };
  });

/** Like `send`, for a binary answer (a PDF): the body as bytes, and where a redirect points. */
export const sendForBytes = (
  cfg: HttpConfig,
  path: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<{ status: number; contentType: string; location: string | null; bytes: Uint8Array }> =>
  request(cfg, path, { ...init, method: init.method ?? "GET" }, signal, async (res) => {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const contentType = res.headers.get("content-type") ?? "";
    return { status: res.status, contentType, location: res.headers.get("location"), bytes };
  });

function networkError(e: unknown, cfg: HttpConfig, label: string): OdooError {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = String(err?.code ?? err?.cause?.code ?? "");
  const raw = String(err?.message ?? e).replace(/\s*For more information, pass `verbose: true`.*$/s, "");
  const why = redact(raw + (err?.cause?.message ? ` (${err.cause.message})` : ""), cfg.secrets);
  const where = publicUrl(cfg.url);
  const full = `${why}${code && !why.includes(code) ? ` [${code}]` : ""}`;
  if (/CERT|SSL|TLS|self[- ]signed|certificate|HOSTNAME_MISMATCH|ALTNAME/i.test(`${code} ${why}`)) {
    return new OdooError("network", `TLS/certificate problem connecting to ${where}: ${full}`, { unsent: true });
  }
  if (/ConnectionRefused|ECONNREFUSED|Unable to connect/i.test(`${code} ${why}`)) {
    return new OdooError("network", `Cannot connect to Odoo at ${where} (connection refused): ${full}`, {
      unsent: true,
    });
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|DNS|resolve/i.test(`${code} ${why}`)) {
    return new OdooError("network", `Cannot resolve the host of ${where}: ${full}`, { unsent: true });
  }
  if (/ECONNRESET|EPIPE|socket|closed|reset|terminated|hang up/i.test(`${code} ${why}`)) {
    return new OdooError("network", `The connection to Odoo at ${where} was dropped during ${label}: ${full}`);
  }
  return new OdooError("network", `Cannot reach Odoo at ${where} (${label}): ${full}`);
}

/** The readable gist of an error page: its title/heading, or its text without tags. */
export function gist(text: string): string {
  const title = /<title>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
  const plain = (title ?? text)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/** A redirect is not followed (fetch would turn the POST into a GET): say which odoo_url would not be redirected. */
function redirectAdvice(r: HttpReply, to: string): string {
  const path = r.label.slice(r.label.indexOf(" ") + 1);
  const target = URL.canParse(to) ? new URL(to) : undefined;
  // The same path elsewhere (http → https, another host or prefix): that base is where Odoo answers.
  if (target?.pathname.endsWith(path))
    return `set odoo_url to ${target.origin}${target.pathname.slice(0, -path.length)}`;
  if (/\/web\/login\b/.test(to)) {
    return "odoo_url must be the base URL of Odoo (like https://erp.example.com), not a page of its web client";
  }
  return "set odoo_url to the address Odoo answers on";
}

/** Maps an answer that is not the protocol's own (an HTML page, plain text, a redirect) to an `OdooError`. */
export function unexpectedReply(r: HttpReply, ctx: ErrorContext = {}): OdooError {
  const status = `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ""}`;
  const what = gist(r.text);
  const d = { status: r.status };
  if (r.status >= 300 && r.status < 400) {
    const to = r.headers.get("location") ?? "?";
    const advice = redirectAdvice(r, to);
    return new OdooError("network", `Odoo redirected ${r.label} to ${to} (${status}): ${advice}`, {
      ...d,
      unsent: true,
    });
  }
  if (r.status === 404 && /No database is selected/i.test(r.text)) {
    return new OdooError("not-found", `Database '${ctx.database ?? "?"}' not found on this Odoo server (${status})`, d);
  }
  if (r.status === 404) return new OdooError("not-found", `${r.label} is not served here (${status}): ${what}`, d);
  if (r.status === 400) return new OdooError("server", `Odoo rejected ${r.label} as malformed (${status}): ${what}`, d);
  if (r.status === 401)
    return new OdooError("auth", `Odoo refused the credentials for ${r.label} (${status}): ${what}`, d);
  if (r.status === 403) return new OdooError("access", `Odoo forbade ${r.label} (${status}): ${what}`, d);
  if (r.status >= 500)
    return new OdooError("network", `Odoo (or a proxy before it) failed ${r.label} with ${status}: ${what}`, d);
  if (r.status >= 200 && r.status < 300) {
    const type = r.contentType || "no content type";
    return new OdooError(
      "network",
      `${r.label} answered ${type} that is not Odoo's: is odoo_url an Odoo server? (${what})`,
      d,
    );
  }
  return new OdooError("server", `Odoo answered ${r.label} with ${status}: ${what}`, d);
}

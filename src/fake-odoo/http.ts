import { type OdooError, traceback } from "./errors.ts";
import type { Json } from "./types.ts";
import type { VersionProfile } from "./versions.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";

/** Odoo closes every connection after answering (no keep-alive), as its README notes. */
const COMMON = { Connection: "close" };

/** A JSON response with Odoo's content type and extra headers (pairs allow repeated Set-Cookie). */
export function jsonResponse(body: unknown, status = 200, headers: [string, string][] = []): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: [["Content-Type", JSON_TYPE], ["Connection", COMMON.Connection], ...headers],
  });
}

/** An HTML response (werkzeug error pages, the malformed-JSON answer). */
export function htmlResponse(body: string, status: number, headers: [string, string][] = []): Response {
  return new Response(body, { status, headers: [["Content-Type", HTML_TYPE], ["Connection", "close"], ...headers] });
}

const TITLES: Record<number, [string, string]> = {
  400: ["400 Bad Request", "The browser (or proxy) sent a request that this server could not understand."],
  403: [
    "403 Forbidden",
    "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  ],
  404: [
    "404 Not Found",
    "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
  ],
  405: ["405 Method Not Allowed", "The method is not allowed for the requested URL."],
  415: ["415 Unsupported Media Type", "The server does not support the media type transmitted in the request."],
  500: [
    "500 Internal Server Error",
    "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
  ],
};

/** werkzeug's default HTML error page. */
export function werkzeugPage(status: number, description?: string, headers: [string, string][] = []): Response {
  const [title, text] = TITLES[status] ?? [`${status} Error`, ""];
  const h1 = title.replace(/^\d+ /, "");
  return htmlResponse(
    `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${h1}</h1>\n<p>${description ?? text}</p>\n`,
    status,
    headers,
  );
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;").replace(/\n/g, "<br>");

/**
 * Odoo's answer to a body whose Content-Type does not fit the route's type (`_set_request_dispatcher`): werkzeug's
 * 415 page, with `Accept` listing the types the route takes. Only `http` routes take anything else.
 */
export function unsupportedMediaType(route: string, type: string, accept: readonly string[]): Response {
  const text =
    `Request inferred type is compatible with ['http'] but '${route}' is type='${type}'.\n\n` +
    "Please verify the Content-Type request header and try again.";
  return werkzeugPage(415, escapeHtml(text), [["Accept", accept.join(", ")]]);
}

/** The request's mimetype, as werkzeug reads it: lower case, without parameters. */
export const mimetypeOf = (req: Request): string =>
  (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

/** The `data` object of Odoo's JSON-RPC error (key order differs from 19 on). */
export function errorData(p: VersionProfile, err: OdooError): Record<string, Json> {
  const debug = traceback(err);
  const base = { name: err.pyName, message: err.message, arguments: err.pyArgs, context: {} };
  return p.major >= 19
    ? { ...base, debug }
    : { name: err.pyName, debug, message: err.message, arguments: err.pyArgs, context: {} };
}

/** Odoo's JSON-RPC error envelope: HTTP 200, code 200 (0 on 19), 100 for expired sessions. */
export function rpcError(p: VersionProfile, err: OdooError, id: Json): Response {
  let code = p.errorCode;
  let message = "Odoo Server Error";
  if (err.pyName === "odoo.http.SessionExpiredException") {
    code = 100;
    message = "Odoo Session Expired";
  } else if (err.httpStatus) {
    code = err.httpStatus;
    message = `${err.httpStatus}: ${err.pyName
      .split(".")
      .pop()
      ?.replace(/([a-z])([A-Z])/g, "$1 $2")}`;
  }
  return jsonResponse({ jsonrpc: "2.0", id, error: { code, message, data: errorData(p, err) } });
}

/** Odoo's JSON-RPC success; a None result has no `result` key at all. */
export function rpcResult(id: Json, result: Json | undefined, headers: [string, string][] = []): Response {
  return jsonResponse(result === undefined ? { jsonrpc: "2.0", id } : { jsonrpc: "2.0", id, result }, 200, headers);
}

/** Odoo's session cookie header. */
export function sessionCookie(sid: string): [string, string] {
  const expires = new Date(Date.now() + 604800_000).toUTCString();
  return ["Set-Cookie", `session_id=${sid}; Expires=${expires}; Max-Age=604800; HttpOnly; Path=/`];
}

/** Reads the `session_id` cookie of a request. */
export function sessionIdOf(req: Request): string | undefined {
  const cookie = req.headers.get("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === "session_id") return v.join("=");
  }
  return undefined;
}

import { asOdooError, E, type OdooError, traceback } from "./errors.ts";
import { htmlResponse, jsonResponse, mimetypeOf, unsupportedMediaType, werkzeugPage } from "./http.ts";
import { callJson2 } from "./orm/call.ts";
import { pythonJsonError } from "./pyjson.ts";
import { sessionOf } from "./session.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";

const NO_DB_PAGE =
  "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n" +
  "<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n" +
  "<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n" +
  "<!-- Alternatively, use the X-Odoo-Database header. -->\n";

/** JSON-2 statuses per exception class, as the 19.0 `json2_*` captures show. */
function statusOf(err: OdooError): number {
  if (err.httpStatus) return err.httpStatus;
  const name = err.pyName.replace("odoo.exceptions.", "");
  if (name === "AccessError") return 403;
  if (name === "AccessDenied") return 401;
  if (name === "MissingError") return 404;
  if (name === "UserError" || name === "ValidationError") return 422;
  return 500;
}

/** A JSON-2 error answer: real HTTP status, bare `{name, message, arguments, context, debug}`. */
export function json2Error(err: OdooError): Response {
  const body = { name: err.pyName, message: err.message, arguments: err.pyArgs, context: {}, debug: traceback(err) };
  const headers: [string, string][] = statusOf(err) === 401 ? [["WWW-Authenticate", "Bearer "]] : [];
  return jsonResponse(body, statusOf(err), headers);
}

/** Odoo 18+ has a session-only `/json/<path>` route: no session → login redirect, else CSRF 400. */
function json18(state: FakeState, req: Request, path: string): Response {
  if (!sessionOf(state, req)) {
    const location = `/web/login?redirect=${encodeURIComponent(`${path}?`)}`;
    const body = `<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="${location}">${location}</a>. If not, click the link.\n`;
    return htmlResponse(body, 303, [["Location", location]]);
  }
  return werkzeugPage(400, "Session expired (invalid CSRF token)");
}

/** `/json/2/<model>/<method>` on 19 (bearer API key, kwargs body); what 17/18 answer instead. */
export async function handleJson2(state: FakeState, req: Request, path: string): Promise<Response | undefined> {
  const p = state.profile;
  if (p.major < 18) return werkzeugPage(404);
  if (!p.json2 || !/^\/json\/2(\/|$)/.test(path)) return json18(state, req, path);
  const dbHeader = req.headers.get("x-odoo-database");
  if (dbHeader !== null && dbHeader !== p.database) return htmlResponse(NO_DB_PAGE, 404);
  const m = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m || req.method !== "POST") return json2Error(E.http(404, "Did you mean POST /json/2/<model>/<method>?"));
  if (mimetypeOf(req) !== "application/json") {
    return unsupportedMediaType("/json/2/<__model__>/<__method__>", "json2", ["application/json"]);
  }
  const [, model = "", method = ""] = m;
  try {
    const auth = req.headers.get("authorization") ?? "";
    const key = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (!key) throw E.http(401, "User not authenticated, use an API Key with a Bearer Authorization header.");
    state.counters.passwordChecks++;
    const user = state.userByKey(key);
    if (!user) throw E.http(401, "Invalid apikey");
    const text = await req.text();
    const problem = pythonJsonError(text);
    if (problem) throw E.http(400, `could not parse the body as json: ${problem}`);
    const body = JSON.parse(text) as Json;
    const kwargs = body && typeof body === "object" && !Array.isArray(body) ? body : {};
    const table = state.db.table(model);
    if (!table) throw E.http(404, `the model '${model}' does not exist`);
    const result = callJson2({ db: state.db, uid: user.uid, context: {} }, table.def, method, kwargs);
    return jsonResponse(result ?? null);
  } catch (e) {
    return json2Error(asOdooError(e));
  }
}

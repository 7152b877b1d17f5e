import { werkzeugPage } from "./http.ts";
import { PDF_BASE64 } from "./models/blobs.ts";
import { checkAccess, type Env } from "./orm/env.ts";
import { sessionOf } from "./session.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";

/** The report route's `context` query parameter (`json.loads`), merged over the session's. */
function contextOf(req: Request): Record<string, Json> {
  const raw = new URL(req.url).searchParams.get("context");
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as Json;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * GET /report/<pdf|html>/<report_name>/<docids>[?context=…] (web's report controller, auth='user'): without a
 * session, the redirect to the login page; an unknown report is a 500 (`_get_report` raises), a missing record 404
 * and HttpDispatcher.handle_error's pages: an AccessError 403 (a record the user may not read, or
 * `allowed_company_ids` outside the user's companies: env.companies' "Access to unauthorized or invalid
 * companies."), a UserError 400 (a `lang` that is not installed: env.lang's "Invalid language code"); else the
 * document rendered in the context's language (`<html lang>` of web.report_layout) and company (the header).
 */
export function handleReport(state: FakeState, req: Request, path: string): Response | undefined {
  const m = /^\/report\/(pdf|html)\/([^/]+)\/([\d,]+)$/.exec(path);
  if (!m) return undefined;
  const [, format = "pdf", reportName = "", docids = ""] = m;
  const session = sessionOf(state, req);
  if (!session?.uid) {
    const location = `/web/login?redirect=${encodeURIComponent(path)}`;
    return new Response(null, { status: 303, headers: { Location: location, Connection: "close" } });
  }
  const reports = state.db.table("ir.actions.report");
  const report = [...(reports?.rows.values() ?? [])].find((r) => r.report_name === reportName);
  if (!report) return werkzeugPage(500);
  const table = state.db.table(String(report.model));
  if (!table) return werkzeugPage(500);
  const context = contextOf(req);
  const env: Env = { db: state.db, uid: session.uid, context };
  // English is the only language of the captured databases (res.partner's lang selection).
  if (typeof context.lang === "string" && context.lang !== "en_US") {
    return werkzeugPage(400, escapeHtml(`Invalid language code: ${context.lang}`));
  }
  const user = state.db.table("res.users")?.rows.get(session.uid);
  const userCompanies = [Number(user?.company_id ?? 1)];
  const allowed = Array.isArray(context.allowed_company_ids) ? context.allowed_company_ids.map(Number) : [];
  if (allowed.some((id) => !userCompanies.includes(id))) {
    return werkzeugPage(403, "Access to unauthorized or invalid companies.");
  }
  const company = state.db.nameOf("res.company", allowed[0] ?? userCompanies[0]!) ?? "";
  try {
    checkAccess(env, table.def, "read");
  } catch {
    return werkzeugPage(403);
  }
  const ids = docids.split(",").map(Number);
  if (ids.some((id) => !table.rows.has(id))) return werkzeugPage(404);
  if (format === "html") {
    const body = ids.map((id) => `<div class="page"><h2>${state.db.nameOf(table.def.model, id)}</h2></div>`).join("");
    const lang = String(context.lang ?? "en_US").replace("_", "-");
    const header = `<div class="header"><span>${escapeHtml(company)}</span></div>`;
    return new Response(`<!DOCTYPE html><html lang="${lang}"><body>${header}${body}</body></html>`, {
      headers: { "Content-Type": "text/html; charset=utf-8", Connection: "close" },
    });
  }
  const pdf = Buffer.from(PDF_BASE64, "base64");
  return new Response(pdf, {
    headers: { "Content-Type": "application/pdf", "Content-Length": String(pdf.length), Connection: "close" },
  });
}

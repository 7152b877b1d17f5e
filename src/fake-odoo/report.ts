import { werkzeugPage } from "./http.ts";
import { PDF_BASE64 } from "./models/blobs.ts";
import { checkAccess, type Env } from "./orm/env.ts";
import { sessionOf } from "./session.ts";
import type { FakeState } from "./state.ts";

/**
 * GET /report/<pdf|html>/<report_name>/<docids> (web's report controller, auth='user'): without a session, the
 * redirect to the login page; an unknown report is a 500 (`_get_report` raises), a missing record 404 and a record
 * the user may not read 403 (HttpDispatcher's error handling); else the rendered document.
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
  const env: Env = { db: state.db, uid: session.uid, context: {} };
  try {
    checkAccess(env, table.def, "read");
  } catch {
    return werkzeugPage(403);
  }
  const ids = docids.split(",").map(Number);
  if (ids.some((id) => !table.rows.has(id))) return werkzeugPage(404);
  if (format === "html") {
    const body = ids.map((id) => `<div class="page"><h2>${state.db.nameOf(table.def.model, id)}</h2></div>`).join("");
    return new Response(`<!DOCTYPE html><html><body>${body}</body></html>`, {
      headers: { "Content-Type": "text/html; charset=utf-8", Connection: "close" },
    });
  }
  const pdf = Buffer.from(PDF_BASE64, "base64");
  return new Response(pdf, {
    headers: { "Content-Type": "application/pdf", "Content-Length": String(pdf.length), Connection: "close" },
  });
}

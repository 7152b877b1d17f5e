import { describe, expect, test } from "bun:test";
import { type Session, suite, text } from "../mcp/harness.ts";
import { requestsDuring } from "./requests.ts";

const run = (session: Session, args: Record<string, unknown>) =>
  session.client.callTool({ name: "odoo_run_report", arguments: args }) as Promise<{
    content: Array<{ type: string; text?: string; resource?: { uri: string; mimeType: string; blob: string } }>;
    structuredContent?: Record<string, unknown>;
    isError?: boolean;
  }>;

describe.each(["17.0", "18.0", "19.0"] as const)(
  "odoo_run_report against Odoo %s (password: web session)",
  (version) => {
    const live = suite({ version });

    test("renders the PDF through /report/pdf with the session: an embedded resource with its size", async () => {
      const { result, requests } = await requestsDuring(live.backend, () =>
        run(live.session, { report: "web.preview_externalreport", ids: [1] }),
      );
      expect(result.isError).toBeFalsy();
      // the report action, the records' check, the route
      expect(requests).toBe(3);
      const out = result.structuredContent as { size_bytes: number; uri: string; model: string; mime_type: string };
      expect(out).toMatchObject({ model: "res.company", mime_type: "application/pdf" });
      const file = result.content.find((c) => c.type === "resource")?.resource;
      expect(file?.uri).toBe(out.uri);
      expect(file?.mimeType).toBe("application/pdf");
      const bytes = Buffer.from(file?.blob ?? "", "base64");
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect(bytes.length).toBe(out.size_bytes);
    });

    test("by report id, as HTML, with the call's language in the route's context", async () => {
      const result = await run(live.session, { report: 1, ids: [1], format: "html", context: { lang: "en_US" } });
      expect(result.isError).toBeFalsy();
      const file = result.content.find((c) => c.type === "resource")?.resource;
      expect(file?.mimeType).toBe("text/html");
      expect(Buffer.from(file?.blob ?? "", "base64").toString()).toContain("YourCompany");
    });

    test("the call's language and company reach the route's context, as Odoo renders with them", async () => {
      const html = (r: Awaited<ReturnType<typeof run>>) =>
        Buffer.from(r.content.find((c) => c.type === "resource")?.resource?.blob ?? "", "base64").toString();
      const ok = await run(live.session, {
        report: "web.preview_internalreport",
        ids: [1],
        format: "html",
        context: { lang: "en_US", company_id: 1 },
      });
      expect(ok.isError).toBeFalsy();
      expect(html(ok)).toContain('<html lang="en-US">');
      expect(html(ok)).toContain('<div class="header"><span>YourCompany</span></div>');
      // Only English is installed: Odoo's env.lang refuses another language (a UserError: HTTP 400, its text shown).
      const french = await run(live.session, {
        report: "web.preview_internalreport",
        ids: [1],
        context: { lang: "fr_FR" },
      });
      expect(french.isError).toBe(true);
      expect(text(french as never)).toContain("Invalid language code: fr_FR");
      // A company the user is not in: env.companies' AccessError (HTTP 403).
      const other = await run(live.session, {
        report: "web.preview_internalreport",
        ids: [1],
        context: { company_id: 2 },
      });
      expect(other.isError).toBe(true);
      expect(text(other as never)).toContain("Access to unauthorized or invalid companies");
    });

    test("refused: an unknown report, a missing record, an expired session renewed", async () => {
      const unknown = await run(live.session, { report: "sale.report_saleorder", ids: [1] });
      expect(unknown.isError).toBe(true);
      expect(text(unknown as never)).toContain("ir.actions.report");
      const missing = await run(live.session, { report: "web.preview_externalreport", ids: [999] });
      expect(text(missing as never)).toContain("res.company 999 does not exist");
      live.backend.fake.faults.expireSessions = true;
      const renewed = await run(live.session, { report: "web.preview_externalreport", ids: [1] });
      expect(renewed.isError).toBeFalsy();
    });
  },
);

describe.each(["17.0", "19.0"] as const)("odoo_run_report against Odoo %s with an API key only", (version) => {
  const live = suite({ version, apiKey: true });

  test("refused clearly: Odoo renders reports only for a web session", async () => {
    const result = await run(live.session, { report: "web.preview_externalreport", ids: [1] });
    expect(result.isError).toBe(true);
    expect(text(result as never)).toContain("only to a web session");
    expect(text(result as never)).toContain("password");
  });
});

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_run_report against Odoo %s as the demo user", (version) => {
  const live = suite({ version, user: "demo" });

  test("refused clearly: only Settings may read ir.actions.report, so the report's model cannot be checked", async () => {
    const result = await run(live.session, { report: "web.preview_externalreport", ids: [1] });
    expect(result.isError).toBe(true);
    expect(text(result as never)).toContain("Administration / Settings");
    expect(text(result as never)).toContain("ir.actions.report");
  });
});

import * as v from "valibot";
import { defineTool, ToolError } from "../mcp/tool.ts";
import { isOdooError } from "../odoo/errors.ts";
import { CallContext, odooContext, withContext } from "./context.ts";
import { missingMessage } from "./errors.ts";
import description from "./odoo_run_report.md" with { type: "text" };
import { args, Ids } from "./schemas.ts";

interface ReportRow {
  id: number;
  name: string;
  model: string;
  report_name: string;
  report_type: string;
}

const Input = args({
  report: v.union([
    v.pipe(
      v.string(),
      v.regex(/^[\w.]+$/, 'a report technical name such as "sale.report_saleorder", or the report id'),
      v.description('Technical name (report_name), e.g. "account.report_invoice", or the ir.actions.report id'),
    ),
    v.pipe(v.number(), v.integer(), v.minValue(1)),
  ]),
  ids: Ids,
  format: v.optional(
    v.pipe(v.picklist(["pdf", "html"]), v.description("pdf (default): the file; html: the report's HTML")),
    "pdf",
  ),
  context: CallContext,
});

const PDF_TYPES = new Set(["qweb-pdf"]);

/**
 * The message of Odoo's error page: HttpDispatcher.handle_error answers an AccessError with werkzeug's Forbidden
 * and a UserError (an unknown language, …) with BadRequest, each carrying the exception's text in `<p>`.
 */
function odooSays(bytes: Uint8Array): string | undefined {
  const html = Buffer.from(bytes.subarray(0, 4096)).toString("utf8");
  const p = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1];
  if (!p) return undefined;
  const text = p
    .replace(/<br>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
  // werkzeug's own default descriptions say nothing Odoo-specific.
  return text && !/^(You don't have the permission|The browser \(or proxy\))/.test(text)
    ? text.slice(0, 300)
    : undefined;
}

/** `odoo_run_report`: a report rendered by Odoo's own report route on the web session, returned as an embedded file. */
export const odooRunReport = defineTool({
  name: "odoo_run_report",
  title: "Render an Odoo report (PDF)",
  description,
  input: Input,
  output: v.object({
    report: v.pipe(v.string(), v.description("The report's technical name")),
    name: v.pipe(v.string(), v.description("The report's title")),
    model: v.string(),
    ids: v.array(v.number()),
    format: v.picklist(["pdf", "html"]),
    mime_type: v.string(),
    size_bytes: v.pipe(v.number(), v.description("Size of the rendered file")),
    uri: v.pipe(v.string(), v.description("URI of the embedded resource holding the file")),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ report, ids, format, context }, ctx) {
    if (!ctx.odoo.download) throw new ToolError("This connection to Odoo cannot render reports.");
    const domain = typeof report === "number" ? [["id", "=", report]] : [["report_name", "=", report]];
    const [found] = await ctx
      .execute<ReportRow[]>(
        "ir.actions.report",
        "search_read",
        [domain],
        withContext({ fields: ["name", "model", "report_name", "report_type"], limit: 1 }, context),
      )
      .catch((e: unknown) => {
        // ctx.execute made Odoo's AccessError readable ("Access denied: …").
        if (!(e instanceof Error && /^Access denied/.test(e.message))) throw e;
        throw new ToolError(
          "Odoo (17 and later) lets only the Administration / Settings group read report definitions " +
            "(ir.actions.report), and this user is not in it: odoo-mcp cannot learn which model the report prints, " +
            "so it cannot check the records (nor the server's policy on them) before rendering. Print it from Odoo, " +
            "or configure a login in that group.",
        );
      });
    if (!found) {
      throw new ToolError(
        `No report ${JSON.stringify(report)}: find one with odoo_search_read on ir.actions.report ` +
          '(domain [["model", "=", "<the records\' model>"]], fields ["name", "report_name", "report_type"]).',
      );
    }
    if (format === "pdf" && !PDF_TYPES.has(found.report_type)) {
      throw new ToolError(
        `Report ${found.report_name} is of type ${found.report_type}, not PDF: ask for format "html".`,
      );
    }
    // The records must exist and be readable (and allowed by this server's policy) before Odoo renders them.
    const existing = await ctx.execute<number[]>(
      found.model,
      "search",
      [[["id", "in", ids]]],
      withContext({}, context),
    );
    const missing = ids.filter((id) => !existing.includes(id));
    if (missing.length) throw new ToolError(missingMessage(found.model, missing));
    // The report route reads the context (language, company) from its `context` query parameter.
    const defaults = ctx.config.context;
    const reportContext = {
      ...(defaults.lang ? { lang: defaults.lang } : {}),
      ...(defaults.tz ? { tz: defaults.tz } : {}),
      ...(defaults.company_id ? { allowed_company_ids: [defaults.company_id] } : {}),
      ...odooContext(context),
    };
    const query = Object.keys(reportContext).length
      ? `?context=${encodeURIComponent(JSON.stringify(reportContext))}`
      : "";
    const path = `/report/${format}/${found.report_name}/${ids.join(",")}${query}`;
    let file: Awaited<ReturnType<NonNullable<typeof ctx.odoo.download>>>;
    try {
      file = await ctx.odoo.download(path, { signal: ctx.signal });
    } catch (e) {
      if (isOdooError(e) && e.kind === "user") throw new ToolError(`Cannot render reports here: ${e.message}.`);
      throw e;
    }
    if (file.status !== 200) {
      const said = odooSays(file.bytes);
      const why =
        file.status === 403
          ? `access denied${said ? ` (${said})` : ""}`
          : file.status === 400 && said
            ? said
            : file.status === 404
              ? "a record or the report was not found"
              : "Odoo failed to render it (see Odoo's log)";
      throw new ToolError(`Odoo answered HTTP ${file.status} for ${path.split("?")[0]}: ${why}.`);
    }
    const max = ctx.config.limits.binary_max_bytes;
    if (file.bytes.length > max) {
      throw new ToolError(
        `The rendered report is ${file.bytes.length} bytes, over limits.binary_max_bytes (${max}): render fewer records.`,
      );
    }
    const mimeType = format === "pdf" ? "application/pdf" : "text/html";
    if (!file.contentType.startsWith(mimeType)) {
      const route = path.split("?")[0];
      throw new ToolError(
        `Odoo answered ${file.contentType || "no content type"} instead of ${mimeType} for ${route}.`,
      );
    }
    const uri = `odoo://report/${found.report_name}/${ids.join(",")}.${format}`;
    ctx.attach({ uri, mimeType, blob: Buffer.from(file.bytes).toString("base64") });
    return {
      report: found.report_name,
      name: found.name,
      model: found.model,
      ids,
      format,
      mime_type: mimeType,
      size_bytes: file.bytes.length,
      uri,
    };
  },
});

import {
  type CallToolResult,
  CLIENT_INFO_META_KEY,
  type Implementation,
  type McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { type AuditEntry, auditFile } from "../audit/trail.ts";
import { isChannelRequest } from "../http/registry-call.ts";
import type { ServerDeps } from "../mcp/server.ts";
import { ToolError } from "../mcp/tool.ts";
import { isOdooError } from "../odoo/errors.ts";
import { metaFor } from "../tools/meta.ts";
import { type Action, actionOf, approvalRule, askApproval, describeAction } from "./approval.ts";
import { PolicyError } from "./guard.ts";
import { policyFor, READ_METHODS } from "./policy.ts";

/** What a tool call runs under: the checks before it and the audit line after it. */
export interface TrustedCall {
  /** A result to answer with instead of running the tool (a refusal, or the approval question), or undefined. */
  before(): Promise<CallToolResult | undefined>;
  /** Records how the call ended (audit line, chatter note). */
  after(result: CallToolResult | undefined, error: unknown, output?: Record<string, unknown>): Promise<void>;
}

const refused = (text: string): CallToolResult => ({ content: [{ type: "text", text }], isError: true });

/** Whether the call is audited: it may change data, or it calls a method. */
const audited = (a: Action) => !a.readOnly && (a.tool === "odoo_call_method" || !READ_METHODS.has(a.method ?? ""));

/** The client as it names itself: `name/version` (2026 envelope, else the 2025 handshake), or "unknown". */
export function clientName(server: McpServer, ctx: ServerContext): string {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const info = (envelope?.[CLIENT_INFO_META_KEY] as Implementation | undefined) ?? server.server.getClientVersion();
  if (typeof info?.name !== "string" || info.name === "") return "unknown";
  return typeof info.version === "string" && info.version !== "" ? `${info.name}/${info.version}` : info.name;
}

/**
 * The transport a call came over, from the HTTP request carrying it: `web-channel` (the documented JSON calls),
 * `sse` (`/messages` of the legacy transport), `streamable-http-2026` (a per-request envelope) or
 * `streamable-http-2025`; without an HTTP request, the one the session was built for (`stdio`).
 */
export function transportOf(ctx: ServerContext, fallback = "stdio"): string {
  const req = ctx.http?.req;
  if (!req) return fallback;
  if (isChannelRequest(req)) return "web-channel";
  if (new URL(req.url).pathname.endsWith("/messages")) return "sse";
  return ctx.mcpReq.envelope ? "streamable-http-2026" : "streamable-http-2025";
}

/** Policy (methods), approval and audit around one tool call. */
export function trustedCall(
  server: McpServer,
  deps: ServerDeps,
  ctx: ServerContext,
  tool: { name: string; annotations: { readOnlyHint: boolean } },
  input: Record<string, unknown>,
): TrustedCall {
  const started = performance.now();
  const action = actionOf(tool.name, input, tool.annotations.readOnlyHint);
  const { audit } = deps.config;
  const log = deps.log.child("odoo_mcp.audit");
  const sink = audit.file ? auditFile(audit.file, audit.max_bytes, audit.backups, (m) => log.error(m)) : undefined;
  const identity = deps.who?.login ?? String(deps.config.uid);
  const record = (outcome: AuditEntry["outcome"], errorKind?: string, ids?: number[]) => {
    if (!sink || !audited(action)) return;
    const allIds = ids ?? action.ids;
    sink.write({
      time: new Date().toISOString(),
      identity,
      client: clientName(server, ctx),
      transport: transportOf(ctx, deps.transport),
      tool: action.tool,
      ...(action.model ? { model: action.model } : {}),
      ...(action.method ? { method: action.method } : {}),
      ...(allIds ? { ids: allIds } : {}),
      ...(action.values ? { fields: Object.keys(action.values) } : {}),
      outcome,
      ...(errorKind ? { error_kind: errorKind } : {}),
      ms: Math.round(performance.now() - started),
    });
  };
  return {
    async before() {
      const policy = policyFor(deps.config, deps.who);
      if (typeof input.method === "string" && action.model) {
        const why = policy.methodRefusal(action.model, input.method);
        if (why) {
          record("refused", "policy");
          return refused(why);
        }
      }
      const rule = approvalRule(deps.config, action);
      if (!rule) return undefined;
      const what = await describeAction(deps.odoo, action, ctx.mcpReq.signal);
      const answer = await askApproval(server, ctx, action, input, rule, what);
      if (answer.go) return undefined;
      if (answer.outcome !== "asked") record(answer.outcome, "approval");
      return answer.result;
    },
    async after(result, error, output) {
      if (error !== undefined) {
        const cause = error instanceof ToolError ? error.cause : error;
        const kind = error instanceof PolicyError ? "policy" : isOdooError(cause) ? cause.kind : "internal";
        record(error instanceof PolicyError ? "refused" : "error", kind);
        return;
      }
      const created = typeof output?.id === "number" ? [output.id] : undefined;
      record(result?.isError ? "error" : "ok", undefined, created);
      if (audit.chatter && !result?.isError && audited(action))
        await chatterNote(deps, action, created ?? action.ids, identity);
    },
  };
}

/** "Changed through odoo-mcp by <login>: fields …" in the chatter of each changed record, where the model has one. */
async function chatterNote(deps: ServerDeps, a: Action, ids: number[] | undefined, login: string): Promise<void> {
  if (!a.model || !ids?.length || a.method === "unlink") return;
  const fields = await metaFor(deps.odoo)
    .fields(a.model)
    .catch(() => ({}));
  if (!Object.hasOwn(fields, "message_ids")) return;
  const what = a.values ? `fields ${Object.keys(a.values).join(", ")}` : `method ${a.method ?? a.tool}`;
  const body = `Changed through odoo-mcp by ${login}: ${what}`;
  for (const id of ids.slice(0, 20)) {
    await deps.odoo
      .executeKw(a.model, "message_post", [[id]], { body, message_type: "comment", subtype_xmlid: "mail.mt_note" })
      .catch((e: unknown) => deps.log.warning(`audit: no chatter note on ${a.model} ${id}: ${String(e)}`));
  }
}

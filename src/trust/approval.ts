import { createHmac, randomBytes } from "node:crypto";
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  inputRequired,
  inputResponse,
  type McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { Config } from "../config/schema.ts";
import type { OdooClient } from "../odoo/types.ts";
import { anyGlob, scopedGlobs } from "./glob.ts";
import { READ_METHODS } from "./policy.ts";

/** The Odoo method a tool call amounts to: its `method` argument, or the one the tool is named after. */
const IMPLIED: Record<string, string> = { odoo_create: "create", odoo_write: "write", odoo_unlink: "unlink" };

/** What one tool call would do, as far as approval and the audit trail are concerned. */
export interface Action {
  tool: string;
  model?: string;
  method?: string;
  ids?: number[];
  values?: Record<string, unknown>;
  readOnly: boolean;
}

const isIds = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === "number");
const isValues = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Reads the action from a tool's validated arguments (model, method, ids, values, args). */
export function actionOf(tool: string, input: Record<string, unknown>, readOnly: boolean): Action {
  const model = typeof input.model === "string" ? input.model : undefined;
  const method = typeof input.method === "string" ? input.method : IMPLIED[tool];
  const positional = Array.isArray(input.args) ? input.args : [];
  const ids = isIds(input.ids) ? input.ids : isIds(positional[0]) ? positional[0] : undefined;
  const values = isValues(input.values) ? input.values : undefined;
  return {
    tool,
    readOnly,
    ...(model ? { model } : {}),
    ...(method ? { method } : {}),
    ...(ids ? { ids } : {}),
    ...(values ? { values } : {}),
  };
}

/** Which rule of `approval:` asks for a person's yes before this action, or undefined. */
export function approvalRule(config: Config, a: Action): string | undefined {
  const { tools, models, methods } = config.approval;
  if (tools.includes(a.tool)) return `approval.tools lists ${a.tool}`;
  const changes = !a.readOnly && !(a.method && READ_METHODS.has(a.method));
  if (changes && a.model && anyGlob(models)(a.model)) return `approval.models matches ${a.model}`;
  if (a.method && scopedGlobs(methods)(a.model ?? "", a.method)) {
    return `approval.methods matches ${a.model ? `${a.model}:` : ""}${a.method}`;
  }
  return undefined;
}

/** A sentence naming what the action would do ("delete res.partner 7, 8 (Azure Interior, Deco Addict)"). */
export async function describeAction(odoo: OdooClient, a: Action, signal: AbortSignal): Promise<string> {
  const verb =
    a.method === "unlink"
      ? "delete"
      : a.method === "write"
        ? "change"
        : a.method === "create"
          ? "create"
          : `call ${a.method ?? a.tool} on`;
  const target = a.ids?.length
    ? `${a.model} ${a.ids.join(", ")}`
    : a.method === "create"
      ? `a ${a.model} record`
      : `${a.model ?? ""}`;
  let names = "";
  if (a.model && a.ids?.length) {
    const rows = await odoo
      .executeKw<Array<{ display_name?: string }>>(
        a.model,
        "read",
        [a.ids.slice(0, 20)],
        { fields: ["display_name"] },
        { signal },
      )
      .catch(() => []);
    const shown = rows.map((r) => r.display_name).filter((n): n is string => typeof n === "string");
    if (shown.length) names = ` (${shown.join(", ")}${a.ids.length > 20 ? ", …" : ""})`;
  }
  const values = a.values ? ` with values ${JSON.stringify(a.values)}` : "";
  return `${verb} ${target}${names}${values}`.trim();
}

// Approval answers are bound to the exact call: their key is a MAC of the call under a per-process secret.
const SECRET = randomBytes(32);
const answerKey = (a: Action, input: unknown) =>
  `approve_${createHmac("sha256", SECRET)
    .update(JSON.stringify([a.tool, input]))
    .digest("hex")
    .slice(0, 24)}`;

/** The client's declared capabilities for this request (the 2026 envelope, else the 2025 handshake). */
function capabilities(server: McpServer, ctx: ServerContext): ClientCapabilities | undefined {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return declared ?? server.server.getClientCapabilities();
}

const refused = (text: string): CallToolResult => ({ content: [{ type: "text", text }], isError: true });

/** The outcome of asking: go ahead, or the result to answer with (a question for the client, or a refusal). */
export type Approval = { go: true } | { go: false; result: CallToolResult; outcome: "asked" | "declined" | "refused" };

/**
 * Asks the person through MCP elicitation (a multi-round-trip `input_required` answer, which the SDK turns into an
 * `elicitation/create` request on 2025 connections); without the capability the call is refused, saying why.
 */
export async function askApproval(
  server: McpServer,
  ctx: ServerContext,
  a: Action,
  input: unknown,
  rule: string,
  what: string,
): Promise<Approval> {
  const key = answerKey(a, input);
  const answer = inputResponse(ctx.mcpReq.inputResponses, key);
  if (answer.kind === "elicit") {
    if (answer.action === "accept" && answer.content?.approve === true) return { go: true };
    const how = answer.action === "accept" ? "did not approve" : answer.action === "decline" ? "declined" : "cancelled";
    return {
      go: false,
      outcome: "declined",
      result: refused(`Not done: the person ${how} the request to ${what}. Nothing was changed in Odoo.`),
    };
  }
  const form = capabilities(server, ctx)?.elicitation;
  if (!form) {
    return {
      go: false,
      outcome: "refused",
      result: refused(
        `Not done: this would ${what}, which needs a person's approval (${rule} in the server's configuration), ` +
          "and this client cannot ask for it (it does not support MCP elicitation). Nothing was changed in Odoo. " +
          "Use a client that supports elicitation, or have the administrator remove the rule from approval:.",
      ),
    };
  }
  const question = inputRequired.elicit({
    message: `An AI assistant wants to ${what}. Approve?`,
    requestedSchema: {
      type: "object",
      properties: { approve: { type: "boolean", title: "Approve", description: `Allow odoo-mcp to ${what}` } },
      required: ["approve"],
    },
  });
  return {
    go: false,
    outcome: "asked",
    result: inputRequired({ inputRequests: { [key]: question } }) as unknown as CallToolResult,
  };
}

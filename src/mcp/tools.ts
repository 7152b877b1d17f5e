import { RESOURCE_URI_META_KEY } from "@modelcontextprotocol/ext-apps/server";
import type { CallToolResult, McpServer, ServerContext, StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { isOdooError } from "../odoo/errors.ts";
import { describeOdooError } from "../tools/errors.ts";
import { similarModel } from "../tools/fields.ts";
import { metaFor } from "../tools/meta.ts";
import { SCHEMA_DEFINITIONS } from "../tools/schemas.ts";
import { trustedCall } from "../trust/call.ts";
import { standardSchema, unchecked } from "./json-schema.ts";
import type { ServerDeps } from "./server.ts";
import { type EmbeddedFile, type ToolContext, type ToolDefinition, ToolError, type ToolView } from "./tool.ts";

const idsOf = (args: unknown[] | undefined): number[] | undefined => {
  const first = args?.[0];
  return Array.isArray(first) && first.every((x) => typeof x === "number") ? first : undefined;
};

/** The per-call context: Odoo calls carry the request's AbortSignal and come back as readable errors. */
function toolContext(deps: ServerDeps, ctx: ServerContext, tool: string, attached: EmbeddedFile[] = []): ToolContext {
  const log = deps.log.child(`odoo_mcp.tools.${tool}`);
  const token = ctx.mcpReq._meta?.progressToken;
  const signal = ctx.mcpReq.signal;
  const meta = metaFor(deps.odoo);
  const readable = async (e: unknown, model: string, method: string, args?: unknown[]) => {
    if (!isOdooError(e) || signal.aborted) return e;
    // The model's own mistakes (a typo, a refused value) are routine; Odoo being unwell deserves a warning.
    const level = ["auth", "network", "timeout", "server"].includes(e.kind) ? "warning" : "info";
    log[level](`Odoo call ${model}.${method} failed (${e.kind}): ${e.message}`);
    const similar = e.kind === "not-found" && !/method/i.test(e.message) ? await similarModel(meta, model) : undefined;
    return new ToolError(describeOdooError(e, { model, method, ids: idsOf(args), similar }), { cause: e });
  };
  // Progress values must increase: explicit steps and the heartbeat share one counter.
  let current = -1;
  const send = async (progress: number, total: number | undefined, message: string) => {
    if (token === undefined || signal.aborted) return;
    current = progress > current ? progress : current + 0.001;
    const params = { progressToken: token, progress: current, message, ...(total === undefined ? {} : { total }) };
    await ctx.mcpReq.notify({ method: "notifications/progress", params }).catch(() => {});
  };
  return {
    config: deps.config,
    odoo: deps.odoo,
    meta,
    log,
    signal,
    fields: (model) => meta.fields(model).catch(async (e) => Promise.reject(await readable(e, model, "fields_get"))),
    // A slow call is warned about by the client's own onCall hook (src/wire.ts), for tools and resources alike.
    async execute<T>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>) {
      const beat = heartbeat(token, (seconds) =>
        send(Math.max(current, 0), undefined, `waiting for Odoo: ${model}.${method} (${seconds} s)`),
      );
      try {
        return await deps.odoo.executeKw<T>(model, method, args, kwargs, { signal });
      } catch (e) {
        throw await readable(e, model, method, args);
      } finally {
        beat.stop();
      }
    },
    progress: (done, total, message) => send(done, total, message),
    attach: (file) => {
      attached.push(file);
    },
  };
}

/** How often a long Odoo call reports that it is still running (hosts reset their request timeout on progress). */
const HEARTBEAT_MS = 1000;

/** While an Odoo call runs longer than a beat, tells the client so, once per beat; nothing without a progressToken. */
function heartbeat(token: unknown, beat: (seconds: number) => Promise<void>): { stop(): void } {
  if (token === undefined) return { stop() {} };
  let seconds = 0;
  const timer = setInterval(() => {
    seconds += HEARTBEAT_MS / 1000;
    void beat(seconds);
  }, HEARTBEAT_MS);
  return { stop: () => clearInterval(timer) };
}

// Keyed on the valibot schemas themselves: policies rebuild tool definitions per server (per request on stateless
// HTTP), and the JSON Schema conversion must not run again for each.
const inputs = new WeakMap<object, StandardSchemaWithJSON>();
const outputs = new WeakMap<object, StandardSchemaWithJSON>();

/** The SDK-facing schemas of a tool, built once per schema and shared by every session. */
function schemasOf(tool: ToolDefinition) {
  let input = inputs.get(tool.input);
  if (!input) {
    input = standardSchema(tool.input, SCHEMA_DEFINITIONS);
    inputs.set(tool.input, input);
  }
  let output = outputs.get(tool.output);
  if (!output) {
    // Outputs are built by typed code: validated by the compiler, not per call (records make that check costly).
    output = unchecked(standardSchema(tool.output, SCHEMA_DEFINITIONS));
    outputs.set(tool.output, output);
  }
  return { input, output };
}

const errorResult = (text: string): CallToolResult => ({ content: [{ type: "text", text }], isError: true });

/** Registers each tool definition on the server; the list given is what clients see (policy filters before). */
export function registerTools(server: McpServer, tools: readonly ToolDefinition[], deps: ServerDeps): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: schemasOf(tool).input,
        outputSchema: schemasOf(tool).output,
        annotations: { title: tool.title, ...tool.annotations },
        ...(tool.view ? { _meta: uiMeta(tool.view) } : {}),
      },
      async (args, ctx): Promise<CallToolResult> => {
        const trust = trustedCall(server, deps, ctx, tool, args as Record<string, unknown>);
        try {
          const stop = await trust.before();
          if (stop) return stop;
          const files: EmbeddedFile[] = [];
          const context = toolContext(deps, ctx, tool.name, files);
          const output = (await tool.run(args, context)) as Record<string, unknown>;
          // A view's hints travel in _meta: structuredContent and text stay what every client gets.
          const meta = await tool.view?.meta(args as Record<string, unknown>, output, context);
          const result = {
            content: [
              { type: "text" as const, text: JSON.stringify(output) },
              ...files.map((resource) => ({ type: "resource" as const, resource })),
            ],
            structuredContent: output,
            ...(meta ? { _meta: meta } : {}),
          };
          await trust.after(result, undefined, output);
          return result;
        } catch (e) {
          await trust.after(undefined, e);
          if (e instanceof ToolError) return errorResult(e.message);
          // The client cancelled: its choice, not a failure (the answer goes nowhere; the log says what it means).
          if (ctx.mcpReq.signal.aborted) {
            const applied = tool.annotations.readOnlyHint ? "" : " (Odoo may have applied it before the cancellation)";
            deps.log.info(`tool ${tool.name} cancelled by the client${applied}`);
            return errorResult(`Cancelled by the client${applied}`);
          }
          // The stack goes to the log handlers only (as a field): MCP clients that set a level get the one line.
          const stack = e instanceof Error ? e.stack : undefined;
          deps.log.error(`tool ${tool.name} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`, {
            stack,
          });
          return errorResult(`Internal error in ${tool.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    );
  }
}

/** A tool's `_meta` naming its view, in the current and the legacy key (as ext-apps' registerAppTool writes them). */
const uiMeta = (view: ToolView) => ({
  ui: { resourceUri: view.resourceUri },
  [RESOURCE_URI_META_KEY]: view.resourceUri,
});

import type { ToolAnnotations } from "@modelcontextprotocol/server";
import type * as v from "valibot";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { OdooClient } from "../odoo/types.ts";
import type { FieldMap, OdooMeta } from "../tools/meta.ts";

/** What a tool's `run` may use: Odoo (cancellable, errors made readable), metadata caches, progress. */
export interface ToolContext {
  readonly config: Config;
  readonly odoo: OdooClient;
  readonly meta: OdooMeta;
  readonly log: Logger;
  /** Aborted when the client cancels the request (`notifications/cancelled`) or the session ends. */
  readonly signal: AbortSignal;
  /** `model.method(...)` on Odoo with the request's signal; an Odoo failure becomes a readable `ToolError`. */
  execute<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  /** `fields_get` of `model` (cached); an unknown model or a refusal becomes a readable `ToolError`. */
  fields(model: string): Promise<FieldMap>;
  /** Adds a file to the result as an embedded resource (a rendered report), beside the JSON text. */
  attach(resource: EmbeddedFile): void;
  /** Reports progress when the client asked for it (a progressToken); a no-op otherwise. */
  progress(done: number, total: number, message: string): Promise<void>;
}

/** A file a tool returns as an MCP embedded resource: `blob` is base64. */
export interface EmbeddedFile {
  uri: string;
  mimeType: string;
  blob: string;
}

/** The annotations every tool must state honestly (MCP `ToolAnnotations`). */
export type ToolHints = Required<
  Pick<ToolAnnotations, "readOnlyHint" | "destructiveHint" | "idempotentHint" | "openWorldHint">
>;

/** A tool is data: registration, policy and snapshots read these fields; `run` does the work. */
export interface ToolDefinition<
  I extends v.GenericSchema = v.GenericSchema,
  O extends v.GenericSchema = v.GenericSchema,
> {
  readonly name: string;
  readonly title: string;
  /** Model-facing text, kept in `src/tools/<name>.md`. */
  readonly description: string;
  readonly input: I;
  /** The shape of `structuredContent` (an object). */
  readonly output: O;
  readonly annotations: ToolHints;
  /** The MCP Apps view that shows the result (src/apps), when views are on. */
  readonly view?: ToolView;
  run(input: v.InferOutput<I>, ctx: ToolContext): Promise<v.InferOutput<O>>;
}

/** A tool's interactive view: the `ui://` resource hosts render, and the result `_meta` it reads besides the output. */
export interface ToolView {
  readonly resourceUri: string;
  meta(
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: ToolContext,
  ): Promise<Record<string, unknown> | undefined>;
}

/** Identity with inference: `defineTool({...})` checks `run` against the input and output schemas. */
export const defineTool = <I extends v.GenericSchema, O extends v.GenericSchema>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> => tool;

/** A failure the model can act on; its message becomes an `isError: true` tool result as is (`cause`: the OdooError). */
export class ToolError extends Error {
  override readonly name = "ToolError";
}

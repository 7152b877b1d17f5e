import {
  type McpServer,
  type ReadResourceResult,
  ResourceNotFoundError,
  ResourceTemplate,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { readView } from "../apps/index.ts";
import type { ServerDeps } from "../mcp/server.ts";
import { quote } from "../quote.ts";
import { metaFor } from "../tools/meta.ts";
import { readBinary } from "./binary.ts";
import type { ResourceContext } from "./context.ts";
import { readList } from "./list.ts";
import { listCommonModels } from "./listed.ts";
import { readRecord } from "./record.ts";
import { BadUri, MAX_URI_CHARS, parseOdooUri, TEMPLATES } from "./uri.ts";

const MAX_COMPLETIONS = 100;

/** Completes a model name: prefix matches first, then names containing the text (from ir.model, cached). */
async function completeModel(deps: ServerDeps, value: string): Promise<string[]> {
  const models = await metaFor(deps.odoo)
    .models()
    .catch(() => []);
  const text = value.toLowerCase();
  const prefix = models.filter((m) => m.startsWith(text));
  const inside = models.filter((m) => !m.startsWith(text) && m.includes(text));
  return [...prefix, ...inside].slice(0, MAX_COMPLETIONS);
}

/** Completes a binary field name of the model already chosen. */
async function completeBinaryField(deps: ServerDeps, value: string, model: string | undefined): Promise<string[]> {
  if (!model) return [];
  const fields = await metaFor(deps.odoo)
    .fields(model)
    .catch(() => ({}));
  return Object.entries(fields)
    .filter(([name, f]) => f.type === "binary" && name.startsWith(value))
    .map(([name]) => name)
    .slice(0, MAX_COMPLETIONS);
}

/** Reads any `odoo://` URI; a URI that names nothing is "resource not found" with the reason. */
async function read(deps: ServerDeps, uri: string, request: ServerContext): Promise<ReadResourceResult> {
  const ctx: ResourceContext = {
    uri,
    config: deps.config,
    odoo: deps.odoo,
    meta: metaFor(deps.odoo),
    log: deps.log.child("odoo_mcp.resources"),
    signal: request.mcpReq.signal,
  };
  let parsed: ReturnType<typeof parseOdooUri>;
  try {
    parsed = parseOdooUri(uri);
  } catch (e) {
    if (e instanceof BadUri) throw new ResourceNotFoundError(uri.length > MAX_URI_CHARS ? quote(uri) : uri, e.message);
    throw e;
  }
  if (parsed.kind === "record") return readRecord(ctx, parsed);
  if (parsed.kind === "list") return readList(ctx, parsed);
  return readBinary(ctx, parsed);
}

/** Registers the three resource templates (listing, completion) and one reader for every `odoo://` URI. */
export function registerResources(server: McpServer, deps: ServerDeps): void {
  const model = (value: string) => completeModel(deps, value);
  const reader = (uri: URL, _vars: unknown, ctx: ServerContext) => read(deps, uri.href, ctx);
  server.registerResource(
    "odoo-list",
    new ResourceTemplate(TEMPLATES.list, { list: () => listCommonModels(metaFor(deps.odoo)), complete: { model } }),
    {
      title: "Odoo records of a model",
      description: "One page of ids and display names (JSON); ?offset=&limit= pick the page, next_page links the next",
      mimeType: "application/json",
    },
    reader,
  );
  server.registerResource(
    "odoo-binary",
    new ResourceTemplate(TEMPLATES.binary, {
      list: undefined,
      complete: { model, field: (value, context) => completeBinaryField(deps, value, context?.arguments?.["model"]) },
    }),
    {
      title: "Odoo binary field",
      description:
        "A file or image field as a base64 blob with its MIME type, e.g. odoo://ir.attachment/binary/datas/1",
    },
    reader,
  );
  server.registerResource(
    "odoo-record",
    new ResourceTemplate(TEMPLATES.record, { list: undefined, complete: { model } }),
    {
      title: "Odoo record",
      description: "One record as JSON with its main fields, e.g. odoo://res.partner/1",
      mimeType: "application/json",
    },
    reader,
  );
  // The SDK matches templates with plain regexes: a list page with ?offset= would reach the record template as id
  // "list?offset=…", and a malformed URI would get a generic message. One parser routes every URI instead.
  // The views' ui:// pages (src/apps) are registered resources too; this handler answers for them as well.
  server.server.setRequestHandler(
    "resources/read",
    (request, ctx) => readView(deps.config, request.params.uri) ?? read(deps, request.params.uri, ctx),
  );
}

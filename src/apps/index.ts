import { RESOURCE_MIME_TYPE, registerAppResource } from "@modelcontextprotocol/ext-apps/server";
import type { McpServer } from "@modelcontextprotocol/server";
import type { Config } from "../config/schema.ts";
import type { ToolContext, ToolDefinition, ToolView } from "../mcp/tool.ts";
import { viewMeta } from "./hints.ts";
import type { PAGES } from "./pages.ts";

type ViewName = keyof typeof PAGES;
const NAMES: ViewName[] = ["records", "record", "chart"];

let pages: Promise<typeof PAGES> | undefined;
/**
 * The views' HTML, loaded on the first read: compiled into the binary, but from source (`bun src/main.ts`) the import
 * runs the build macro, which should not delay every start-up.
 */
export const viewPages = (): Promise<typeof PAGES> => {
  pages ??= import("./pages.ts").then((m) => m.PAGES);
  return pages;
};
const uriOf = (name: ViewName) => `ui://odoo-mcp/${name}.html`;

const TITLES: Record<ViewName, string> = {
  records: "Odoo records (table)",
  record: "Odoo record (card)",
  chart: "Odoo grouped numbers (chart)",
};

/** The methods whose answer is grouped numbers the chart can draw. */
const GROUPING = new Set(["read_group", "formatted_read_group", "web_read_group"]);

const recordKeys = (output: Record<string, unknown>) => {
  const names = new Set<string>();
  for (const r of (output["records"] ?? []) as Array<Record<string, unknown>>)
    for (const k of Object.keys(r)) names.add(k);
  return names;
};

const groupKeys = (result: unknown) => {
  const rows = Array.isArray(result) ? result : ((result as { groups?: unknown } | null)?.groups ?? []);
  const first = Array.isArray(rows) ? rows[0] : undefined;
  return first && typeof first === "object" ? Object.keys(first) : [];
};

const records = (name: ViewName, tool: string): ToolView => ({
  resourceUri: uriOf(name),
  meta: (input, output, ctx) =>
    viewMeta(ctx, { tool, model: String(input["model"]), names: recordKeys(output), args: input }),
});

const chart = (tool: string): ToolView => ({
  resourceUri: uriOf("chart"),
  async meta(input, output, ctx: ToolContext) {
    if (tool === "odoo_call_method" && !GROUPING.has(String(input["method"]))) return undefined;
    const result = "result" in output ? output["result"] : output;
    // odoo_aggregate names its groupings and aggregates; a method's rows are keyed by them.
    const named = [input["groupby"], input["aggregates"]].flatMap((x) => (Array.isArray(x) ? x.map(String) : []));
    const names = named.length ? named : groupKeys(result);
    return viewMeta(ctx, { tool, model: String(input["model"]), names, args: input });
  },
});

/** Which tool shows which view. */
const VIEWS: Record<string, ToolView> = {
  odoo_search_read: records("records", "odoo_search_read"),
  odoo_read: records("record", "odoo_read"),
  odoo_call_method: chart("odoo_call_method"),
  odoo_aggregate: chart("odoo_aggregate"),
};

/** The tools with their views attached (`_meta.ui.resourceUri`), or as they are when `apps.enabled` is false. */
export function withViews(tools: readonly ToolDefinition[], config: Config): readonly ToolDefinition[] {
  if (!config.apps.enabled) return tools;
  return tools.map((t) => (VIEWS[t.name] ? { ...t, view: VIEWS[t.name] } : t));
}

const contents = async (name: ViewName) => {
  const uri = uriOf(name);
  const text = (await viewPages())[name];
  return { contents: [{ uri, mimeType: RESOURCE_MIME_TYPE, text, _meta: { ui: { prefersBorder: true } } }] };
};

/** Registers the `ui://` resources of the views, listed by resources/list (none when `apps.enabled` is false). */
export function registerViews(server: McpServer, config: Config): void {
  if (!config.apps.enabled) return;
  for (const name of NAMES) {
    const meta = { description: TITLES[name], mimeType: RESOURCE_MIME_TYPE };
    registerAppResource(server, TITLES[name], uriOf(name), meta, () => contents(name));
  }
}

/** resources/read of a view's `ui://` URI (src/resources routes every read); undefined for any other URI. */
export function readView(config: Config, uri: string): ReturnType<typeof contents> | undefined {
  const name = NAMES.find((n) => uriOf(n) === uri);
  return config.apps.enabled && name ? contents(name) : undefined;
}

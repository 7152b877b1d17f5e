import {
  App,
  applyDocumentTheme,
  applyHostFonts,
  applyHostStyleVariables,
  type McpUiHostContext,
} from "@modelcontextprotocol/ext-apps";
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { ComponentType } from "preact";
import { render } from "preact";
import { config } from "zod/v4";

/** What every view component receives: the App (to call tools, open links), the result, the host's context. */
export interface ViewProps {
  app: App;
  result: CallToolResult | undefined;
  /** The tool call's arguments, as the host sent them (ui/notifications/tool-input). */
  input: Record<string, unknown>;
  host: McpUiHostContext;
}

function theme(host: McpUiHostContext): void {
  if (host.theme) applyDocumentTheme(host.theme);
  if (host.styles?.variables) applyHostStyleVariables(host.styles.variables);
  if (host.styles?.css?.fonts) applyHostFonts(host.styles.css.fonts);
}

/** Connects a view to its host (ext-apps `App` over postMessage) and re-renders it on each result or theme change. */
export function mount(name: string, View: ComponentType<ViewProps>): void {
  // The host's CSP forbids eval: zod's JIT would try it (and log a violation) without this.
  config({ jitless: true });
  const app = new App({ name: `odoo-mcp ${name}`, version: "1" }, {}, { autoResize: true });
  const root = document.getElementById("app") ?? document.body;
  let result: CallToolResult | undefined;
  let host: McpUiHostContext = {};
  let input: Record<string, unknown> = {};
  const draw = () => render(<View app={app} result={result} input={input} host={host} />, root);
  app.ontoolinput = (params) => {
    input = params.arguments ?? {};
    draw();
  };
  app.ontoolresult = (r) => {
    result = r;
    draw();
  };
  app.onhostcontextchanged = (changed) => {
    host = { ...host, ...changed };
    theme(host);
    draw();
  };
  app.onteardown = async () => ({});
  draw();
  void app.connect().then(() => {
    host = app.getHostContext() ?? {};
    theme(host);
    draw();
  });
}

/** Opens a URL through the host (a sandboxed frame may not navigate); the plain link stays for hosts that allow it. */
export function openThroughHost(app: App, e: MouseEvent, url: string): void {
  e.preventDefault();
  void app.openLink({ url }).catch(() => window.open(url, "_blank", "noopener"));
}

/** The text of a result (an error's message). */
export const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n") || "No result";

/** A result's structuredContent as an object (the SDK types it loosely). */
export const contentOf = (r: CallToolResult): Record<string, unknown> =>
  (r.structuredContent ?? {}) as Record<string, unknown>;

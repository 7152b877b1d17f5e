// The test host page (runs in Chromium): an MCP client over Streamable HTTP to the server (proxied by the host's
// own origin), and an ext-apps AppBridge per view, each in a sandboxed srcdoc iframe under the spec's default CSP,
// talking postMessage — what a chat host does when a tool names a ui:// resource.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import {
  AppBridge,
  getToolUiResourceUri,
  type McpUiHostContext,
  PostMessageTransport,
} from "@modelcontextprotocol/ext-apps/app-bridge";

// MCP Apps spec: the CSP a host applies when the resource declares no domains.
const CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; media-src 'self' data:; connect-src 'none'";

const client = new Client({ name: "odoo-mcp-test-host", version: "1.0.0" });
const connected = client.connect(new StreamableHTTPClientTransport(new URL("/mcp", location.href)));

interface HostApi {
  links: string[];
  show(name: string, args: Record<string, unknown>, context: McpUiHostContext): Promise<unknown>;
  setContext(context: McpUiHostContext): Promise<void>;
  call(name: string, args: Record<string, unknown>): Promise<unknown>;
}

let bridge: AppBridge | undefined;
const api: HostApi = {
  links: [],
  async call(name, args) {
    await connected;
    return client.callTool({ name, arguments: args });
  },
  async show(name, args, context) {
    await connected;
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === name);
    const uri = tool && getToolUiResourceUri(tool);
    if (!uri) throw new Error(`${name} names no ui:// resource`);
    const resource = await client.readResource({ uri });
    const page = resource.contents[0];
    if (!page || !("text" in page)) throw new Error(`${uri} has no HTML`);
    const result = await client.callTool({ name, arguments: args });
    await bridge?.close().catch(() => {});
    document.querySelector("iframe")?.remove();
    const iframe = document.createElement("iframe");
    iframe.setAttribute("sandbox", "allow-scripts");
    iframe.title = name;
    iframe.srcdoc = page.text.replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    document.getElementById("column")?.appendChild(iframe);
    const target = iframe.contentWindow;
    if (!target) throw new Error("no iframe window");
    const b = new AppBridge(
      client,
      { name: "odoo-mcp-test-host", version: "1.0.0" },
      { openLinks: {}, serverTools: {}, serverResources: {}, logging: {} },
      { hostContext: context },
    );
    bridge = b;
    b.onopenlink = async ({ url }) => {
      api.links.push(url);
      return {};
    };
    b.onsizechange = ({ height }) => {
      if (height) iframe.style.height = `${Math.ceil(height)}px`;
    };
    const ready = new Promise<void>((resolve) => {
      b.oninitialized = () => resolve();
    });
    await b.connect(new PostMessageTransport(target, target));
    await ready;
    await b.sendToolInput({ arguments: args });
    await b.sendToolResult(result as never);
    return result;
  },
  async setContext(context) {
    bridge?.setHostContext(context);
  },
};
(window as unknown as { host: HostApi }).host = api;

import { afterEach } from "bun:test";
import { fromJsonSchema, McpServer, ResourceTemplate } from "@modelcontextprotocol/server";
import { type AppDeps, createApp, type HttpApp } from "../../../src/http/app.ts";
import type { HttpSettings } from "../../../src/http/types.ts";

/** A small registry standing in for the real one: one tool, one resource template. */
export function tinyServer(): McpServer {
  const server = new McpServer(
    { name: "tiny", version: "0.0.1" },
    { capabilities: { resources: { subscribe: true } } },
  );
  server.registerTool(
    "echo",
    {
      description: "Echoes its text",
      inputSchema: fromJsonSchema<{ text: string }>({
        type: "object",
        properties: { text: { type: "string" } },
        required: ["text"],
      }),
    },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerResource(
    "record",
    new ResourceTemplate("odoo://{model}/{id}", { list: undefined }),
    { description: "A record" },
    async (uri, vars) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(vars) }] }),
  );
  return server;
}

/** Loopback defaults as the config gives them. */
export const SETTINGS: HttpSettings = {
  host: "127.0.0.1",
  port: 0,
  maxBodyBytes: 1024 * 1024,
  allowedOrigins: [],
  requestsPerMinute: 0,
  sseQueueMaxsize: 100,
};

export const quietLog = { debug() {}, info() {}, warning() {}, error() {} };

/** The app over the tiny registry and an Odoo stand-in that answers its version. */
export function tinyApp(over: Partial<Omit<AppDeps, "settings">> & { settings?: Partial<HttpSettings> } = {}) {
  return createApp({
    factory: () => tinyServer(),
    odoo: { protocol: "jsonrpc", version: async () => ({ serverVersion: "18.0", major: 18, minor: 0 }) },
    demo: false,
    log: quietLog,
    toolNames: ["echo"],
    ...over,
    settings: { ...SETTINGS, ...over.settings },
  });
}

/** A `tinyApp` maker for a test file: every app it made is closed after each test. */
export function tinyApps(): (...args: Parameters<typeof tinyApp>) => HttpApp {
  const apps: HttpApp[] = [];
  afterEach(async () => {
    for (const h of apps.splice(0)) await h.close();
  });
  return (...args) => {
    const h = tinyApp(...args);
    apps.push(h);
    return h;
  };
}

/** POST /mcp with `body` as JSON, in-process through the app; `headers` are added to Content-Type. */
export const postMcp = (h: HttpApp, body: unknown, headers: Record<string, string> = {}) =>
  h.app.handle(
    new Request("http://localhost:8080/mcp", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );

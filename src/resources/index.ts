import type { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../mcp/server.ts";

/** Registers the three resource templates. */
export function registerResources(_server: McpServer, _deps: ServerDeps): void {}

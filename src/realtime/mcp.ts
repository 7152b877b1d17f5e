import type { McpServer } from "@modelcontextprotocol/server";
import type { OdooClient } from "../odoo/types.ts";
import type { Realtime } from "./realtime.ts";

/**
 * MCP `resources/subscribe` and `resources/unsubscribe` for one session (stdio, a 2025 Streamable HTTP session, a
 * legacy `/sse` connection): the session is a client of the hub, told through its own transport
 * (`notifications/resources/updated`). `as` checks each URI as the session's identity. Returns what ends its subscriptions (called when the transport closes).
 */
export function registerSubscriptions(server: McpServer, realtime: Realtime, as?: OdooClient): () => void {
  let session: { id: string; close: () => void } | undefined;
  const client = () => {
    session ??= realtime.session((uri) => {
      server.server.sendResourceUpdated({ uri }).catch(() => {});
    });
    return session.id;
  };
  server.server.setRequestHandler("resources/subscribe", async (request, ctx) => {
    await realtime.subscribe(client(), request.params.uri, ctx.mcpReq.signal, as);
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", async (request) => {
    if (session) realtime.unsubscribe(session.id, request.params.uri);
    return {};
  });
  // A registry reused for another exchange starts without this one's subscriptions.
  return () => {
    session?.close();
    session = undefined;
  };
}

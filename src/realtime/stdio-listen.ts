import {
  isJSONRPCNotification,
  isJSONRPCRequest,
  type JSONRPCMessage,
  ProtocolError,
  type Transport,
} from "@modelcontextprotocol/server";
import { passThrough } from "../mcp/wrap-transport.ts";
import type { Realtime } from "./realtime.ts";

/**
 * 2026-07-28 `subscriptions/listen` over stdio: the SDK's router serves the stream, this wrapper in front of it checks
 * and watches the URIs it names (a refusal answers the request as a read of the URI would), and ends the watch when
 * the client cancels it or the connection closes. `notify(uri)` reaches the connection's registry, whose router
 * forwards it to the listens that name the URI.
 */
export function watchListens(inner: Transport, realtime: Realtime, notify: (uri: string) => void): Transport {
  const listens = new Map<string | number, () => void>();
  const outer = passThrough(inner);
  inner.onclose = () => {
    for (const end of listens.values()) end();
    listens.clear();
    outer.onclose?.();
  };
  inner.onerror = (error) => outer.onerror?.(error);
  inner.onmessage = (message: JSONRPCMessage, extra) => {
    // The method first: the schema parse (which copies the whole message) only for the two methods that matter.
    if ("method" in message && message.method === "notifications/cancelled" && isJSONRPCNotification(message)) {
      const id = (message.params as { requestId?: string | number } | undefined)?.requestId;
      if (id !== undefined) {
        listens.get(id)?.();
        listens.delete(id);
      }
    }
    const listen = "method" in message && message.method === "subscriptions/listen" && isJSONRPCRequest(message);
    const uris = listen ? listened(message) : undefined;
    if (!uris || !isJSONRPCRequest(message)) return outer.onmessage?.(message, extra);
    const session = realtime.session(notify);
    void (async () => {
      try {
        for (const uri of uris) await realtime.subscribe(session.id, uri);
      } catch (e) {
        session.close();
        const error =
          e instanceof ProtocolError
            ? { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) }
            : { code: -32603, message: "Internal error" };
        await inner.send({ jsonrpc: "2.0", id: message.id, error }).catch(() => {});
        return;
      }
      listens.get(message.id)?.();
      listens.set(message.id, session.close);
      outer.onmessage?.(message, extra);
    })();
  };
  return outer;
}

function listened(message: JSONRPCMessage): string[] | undefined {
  const params = (message as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params;
  const uris = params?.notifications?.resourceSubscriptions;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === "string")) return undefined;
  return [...new Set(uris as string[])];
}

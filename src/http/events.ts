import { type Hub, HubFullError, HubOwnerError } from "../realtime/hub.ts";
import { type PerClientCap, perClientFull } from "./caps.ts";
import { ERR, rpcError } from "./jsonrpc.ts";
import { SSE_HEADERS, sseComment, sseFrame, sseStream } from "./sse.ts";

/** What a client may call itself: ids travel in URLs, headers and SSE event ids. */
export const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** How long the browser waits before reconnecting a dropped `/events` stream (the SSE `retry` field). */
const RETRY_MS = 2000;

/**
 * The client id a request names: `X-Client-Id`, else `?client_id=` (both `explicit`), else the one in `Last-Event-ID`
 * (a browser's automatic reconnect).
 */
export function requestedClientId(req: Request): { id: string; explicit: boolean } | undefined {
  const named = req.headers.get("x-client-id") || new URL(req.url).searchParams.get("client_id");
  if (named) return { id: named, explicit: true };
  const last = req.headers.get("last-event-id");
  const at = last?.lastIndexOf(":") ?? -1;
  return last && at > 0 ? { id: last.slice(0, at), explicit: false } : undefined;
}

const notification = (method: string, params: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", method, params });

/**
 * `GET /events`: the documented web channel's event stream. First `notifications/connection/established` with the
 * client id, then one `notifications/resources/updated` per update of a subscribed resource. Event ids are
 * `<client_id>:<seq>`, so a browser's automatic reconnect (with `Last-Event-ID`) resumes the same client. A client id
 * belongs to the `owner` (peer address) that opened it: another owner naming it is refused, or, on a reconnect, given
 * a new id.
 */
export function openEvents(req: Request, hub: Hub, owner: string, perClient?: PerClientCap): Response {
  const wanted = requestedClientId(req);
  const valid = wanted !== undefined && CLIENT_ID.test(wanted.id);
  if (wanted?.explicit && !valid) {
    return rpcError(400, ERR.invalidParams, "Invalid params: client_id must be 1-128 of A-Z a-z 0-9 . _ ~ -");
  }
  const release = perClient ? perClient.take(owner) : () => {};
  if (!release) {
    const message = perClientFull("event streams", perClient?.max ?? 0);
    return rpcError(503, ERR.busy, message, null, { "retry-after": "30" });
  }
  let attached: ReturnType<Hub["attach"]>;
  try {
    // A reconnect naming a bad id or someone else's client starts afresh; an explicit claim to another's is refused.
    const fresh = !valid || (!wanted.explicit && hub.known(wanted.id) && !hub.has(wanted.id, owner));
    attached = hub.attach(fresh ? undefined : wanted.id, owner);
  } catch (e) {
    release();
    if (e instanceof HubFullError) {
      return rpcError(503, ERR.busy, "Server busy: too many event streams", null, { "retry-after": "30" });
    }
    if (e instanceof HubOwnerError) return rpcError(409, ERR.invalidParams, `Invalid params: ${e.message}`);
    throw e;
  }
  const { client, resumed, detach } = attached;
  const established = sseFrame({
    event: "notifications/connection/established",
    id: `${client.id}:0`,
    retry: RETRY_MS,
    data: notification("notifications/connection/established", { client_id: client.id, resumed }),
  });
  const body = sseStream({
    kind: "events",
    first: sseComment("stream open") + established,
    source: async (waitMs) => {
      const next = await client.next(waitMs);
      if ("none" in next) return next.none === "timeout" ? "idle" : null;
      const { seq, uri, data } = next.item;
      return sseFrame({
        event: "notifications/resources/updated",
        id: `${client.id}:${seq}`,
        data: notification("notifications/resources/updated", { uri, data }),
      });
    },
    onClose: () => {
      release();
      detach();
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, "x-client-id": client.id } });
}

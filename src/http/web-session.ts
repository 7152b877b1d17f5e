import {
  isJSONRPCRequest,
  type JSONRPCMessage,
  type McpServer,
  type MessageExtraInfo,
  type Transport,
} from "@modelcontextprotocol/server";
import { LEGACY_PROTOCOL_VERSIONS } from "../mcp/identity.ts";
import { noLogChannel } from "../mcp/server.ts";
import { VERSION } from "../version.ts";
import { isObject } from "./jsonrpc.ts";
import { markChannelRequest } from "./registry-call.ts";

/** How the web channel names itself to the registry (the audit trail's `client`). */
export const CHANNEL_CLIENT = { name: "odoo-mcp-web-channel", version: VERSION };

/**
 * The web channel's own MCP session with one registry, in-process: the channel's calls reach the registry as
 * JSON-RPC messages, without HTTP framing, a per-request transport or a handshake per call (what answering each call as
 * a 2026-07-28 request cost). One session serves every call of its identity at once, as a 2025-era session serves its
 * client's; the registry's own dispatch (its validation, policy, approval, audit) is the same as on every transport.
 * A session has no channel for notifications: progress and log messages are not delivered, as the channel never did.
 */
export class ChannelSession implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private next = 1;
  private readonly pending = new Map<number, (reply: Record<string, unknown> | undefined) => void>();
  private closed = false;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (!("id" in message) || !("result" in message || "error" in message)) return;
    const settle = this.pending.get(Number(message.id));
    this.pending.delete(Number(message.id));
    settle?.(message as Record<string, unknown>);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const settle of this.pending.values()) settle(undefined);
    this.pending.clear();
    this.onclose?.();
  }

  /**
   * One request to the registry, on behalf of the HTTP request `req` (the audit names its transport from it): its
   * JSON-RPC answer, or undefined when `req` was aborted first (the call is cancelled in the registry then).
   */
  request(
    method: string,
    params: Record<string, unknown>,
    req?: Request,
  ): Promise<Record<string, unknown> | undefined> {
    const id = this.next++;
    const signal = req?.signal;
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    const message = { jsonrpc: "2.0" as const, id, method, params };
    // The registry drops what is no JSON-RPC request (an MCP transport refuses it before): it is answered here. Only
    // a client's _meta can make it one (params is an object, the rest is ours).
    if ("_meta" in params && !isJSONRPCRequest(message)) return Promise.resolve(notARequest(id));
    return new Promise((resolve) => {
      const cancel = () => {
        if (!this.pending.delete(id)) return;
        resolve(undefined);
        this.deliver({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id } });
      };
      this.pending.set(id, (reply) => {
        signal?.removeEventListener("abort", cancel);
        resolve(reply);
      });
      signal?.addEventListener("abort", cancel, { once: true });
      if (req) markChannelRequest(req);
      this.deliver(message, req);
    });
  }

  private deliver(message: JSONRPCMessage, request?: Request): void {
    this.onmessage?.(message, request ? { request } : undefined);
  }
}

/** A registry as a factory gives it: an `McpServer`, or its low-level `Server`. */
type Registry = Pick<McpServer, "connect">;

// As an MCP transport refuses a message that is no valid JSON-RPC request.
const notARequest = (id: number) => ({
  jsonrpc: "2.0",
  id,
  error: { code: -32600, message: "Bad Request: the request body is not a valid JSON-RPC message" },
});

const sessions = new WeakMap<Registry, Promise<ChannelSession>>();

/** The channel's session with `server`: connected and initialized on first use, then shared by every call. */
export function channelSession(server: Registry): Promise<ChannelSession> {
  let session = sessions.get(server);
  if (!session) {
    session = open(server);
    sessions.set(server, session);
    // A failed opening is not kept: the next call tries again.
    session.catch(() => sessions.delete(server));
  }
  return session;
}

async function open(server: Registry): Promise<ChannelSession> {
  const session = noLogChannel(new ChannelSession());
  await server.connect(session);
  const params = { protocolVersion: LEGACY_PROTOCOL_VERSIONS[0], capabilities: {}, clientInfo: CHANNEL_CLIENT };
  const reply = await session.request("initialize", params);
  if (!isObject(reply?.result))
    throw new Error(`the registry refused the web channel's session: ${JSON.stringify(reply)}`);
  session.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" });
  return session;
}

import {
  type JSONRPCMessage,
  type McpServerFactory,
  type MessageExtraInfo,
  parseJSONRPCMessage,
  type Transport,
} from "@modelcontextprotocol/server";
import { metrics } from "../metrics.ts";
import { BoundedQueue } from "../realtime/queue.ts";
import { MAX_SESSIONS_PER_CLIENT, PerClientCap, perClientFull } from "./caps.ts";
import { ERR, idOf, rpcError } from "./jsonrpc.ts";
import { SSE_HEADERS, sseComment, sseFrame, sseStream } from "./sse.ts";
import type { HttpLog } from "./types.ts";

/** Most messages in one POST (the SDK's bound on Streamable HTTP batches too). */
const MAX_BATCH = 100;

/** The server side of one 2024-11-05 HTTP+SSE connection: messages out as `message` events, in via POST. */
class SseServerTransport implements Transport {
  readonly sessionId = crypto.randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  // A reader that cannot keep up with responses is disconnected: dropping a JSON-RPC response would hang its caller.
  readonly queue: BoundedQueue<string>;
  private closed = false;

  /** `owner` is the peer address that opened the stream: its session id is no use from anywhere else. */
  constructor(
    max: number,
    readonly owner: string,
  ) {
    this.queue = new BoundedQueue<string>(max, "disconnect", () => metrics.queueDisconnects.inc({ kind: "sse" }));
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.queue.push(sseFrame({ event: "message", data: JSON.stringify(message) }))) {
      void this.close();
      throw new Error("SSE stream closed");
    }
  }

  receive(message: JSONRPCMessage, request: Request): void {
    this.onmessage?.(message, { request });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.close();
    this.onclose?.();
  }
}

/** `GET /sse` + `POST /messages?sessionId=`: the 2024-11-05 transport for older clients, over the same registry. */
export class LegacySseEndpoint {
  private readonly sessions = new Map<string, SseServerTransport>();

  constructor(
    private readonly o: {
      factory: McpServerFactory;
      log: HttpLog;
      queueMax: number;
      maxSessions?: number;
      /** Sessions one client (address) may hold (default MAX_SESSIONS_PER_CLIENT). */
      maxSessionsPerClient?: number;
      messagesPath?: string;
    },
  ) {
    this.perClient = new PerClientCap(o.maxSessionsPerClient ?? MAX_SESSIONS_PER_CLIENT);
  }

  private readonly perClient: PerClientCap;

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Opens the event stream for `owner` (the peer address): an `endpoint` event first, then one per server message. */
  async open(req: Request, owner = ""): Promise<Response> {
    if (this.sessions.size >= (this.o.maxSessions ?? 1000)) {
      return rpcError(503, ERR.busy, "Server busy: too many open SSE sessions", null, { "retry-after": "30" });
    }
    const release = this.perClient.take(owner);
    if (!release) {
      const message = perClientFull("SSE sessions", this.perClient.max);
      return rpcError(503, ERR.busy, message, null, { "retry-after": "30" });
    }
    const transport = new SseServerTransport(this.o.queueMax, owner);
    const server = await this.o.factory({ era: "legacy", requestInfo: req });
    transport.onclose = () => {
      release();
      this.sessions.delete(transport.sessionId);
      metrics.sessions.set({ transport: "sse" }, this.sessions.size);
      void server.close().catch(() => {});
    };
    await server.connect(transport);
    this.sessions.set(transport.sessionId, transport);
    metrics.sessions.set({ transport: "sse" }, this.sessions.size);
    const endpoint = `${this.o.messagesPath ?? "/messages"}?sessionId=${transport.sessionId}`;
    const body = sseStream({
      kind: "sse",
      first: sseComment("stream open") + sseFrame({ event: "endpoint", data: endpoint }),
      source: async (waitMs) => {
        const next = await transport.queue.next(waitMs);
        if ("item" in next) return next.item;
        return next.none === "timeout" ? "idle" : null;
      },
      onClose: () => void transport.close(),
    });
    return new Response(body, { headers: SSE_HEADERS });
  }

  /** Delivers one client message to its session; the answer travels on the event stream (202 here). */
  post(req: Request, sessionId: string | null, body: unknown, owner = ""): Response {
    const transport = sessionId ? this.sessions.get(sessionId) : undefined;
    if (transport?.owner !== owner)
      return rpcError(404, -32001, "Session not found: open GET /sse first and use its endpoint");
    const batch = Array.isArray(body) ? body : [body];
    if (batch.length === 0 || batch.length > MAX_BATCH) {
      return rpcError(400, -32600, `Invalid request: a batch holds 1 to ${MAX_BATCH} messages`);
    }
    let messages: JSONRPCMessage[];
    try {
      messages = batch.map((m) => parseJSONRPCMessage(m));
    } catch {
      // Answered here: a message the session cannot parse would otherwise vanish without an answer.
      return rpcError(400, -32600, "Invalid request: expected a JSON-RPC 2.0 message", idOf(body));
    }
    for (const m of messages) transport.receive(m, req);
    return new Response("Accepted", { status: 202 });
  }

  /** Ends every stream. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()].map((t) => t.close()));
  }
}

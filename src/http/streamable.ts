import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  type McpHttpHandler,
  type McpServerFactory,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import { metrics } from "../metrics.ts";
import type { OdooClient } from "../odoo/types.ts";
import type { Realtime } from "../realtime/realtime.ts";
import { MAX_SESSIONS_PER_CLIENT, PerClientCap, perClientFull } from "./caps.ts";
import { BoundedEventStore } from "./event-store.ts";
import { network } from "./guards.ts";
import { boundedRefusal, isObject, rpcError } from "./jsonrpc.ts";
import { primeEventStream } from "./sse.ts";
import type { HttpLog } from "./types.ts";

/** The ids of the JSON-RPC requests in a POST body (one message or a batch). */
function requestIds(body: unknown): Array<string | number> {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((m) => {
    const { id, method } = (typeof m === "object" && m !== null ? m : {}) as { id?: unknown; method?: unknown };
    return typeof method === "string" && (typeof id === "string" || typeof id === "number") ? [id] : [];
  });
}

/** The resource URIs a `subscriptions/listen` request asks for, when it is one and names any. */
function listenedUris(body: unknown): string[] | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const { method, params } = body as {
    method?: unknown;
    params?: { notifications?: { resourceSubscriptions?: unknown } };
  };
  const uris = method === "subscriptions/listen" ? params?.notifications?.resourceSubscriptions : undefined;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === "string")) return undefined;
  return [...new Set(uris as string[])];
}

/** Whether a POST body is one request carrying the 2026-07-28 `_meta` envelope claim (its protocol version). */
const claimsModern = (body: unknown): boolean =>
  isObject(body) &&
  isObject(body.params) &&
  isObject(body.params._meta) &&
  PROTOCOL_VERSION_META_KEY in body.params._meta;

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  /** The peer address that initialized it: the session id is no use from anywhere else. */
  owner: string;
  lastSeen: number;
  streams: number;
  /** Ids of this session's requests still being answered: a second request with one of them is refused. */
  inFlight: Set<string | number>;
}

/** Options of the `/mcp` Streamable HTTP endpoint. */
export interface StreamableOptions {
  factory: McpServerFactory;
  log: HttpLog;
  maxBodyBytes: number;
  /** Events kept per 2025-era session for `Last-Event-ID` replay. */
  eventStoreMax: number;
  /** A session with no open stream and no request for this long is closed. */
  sessionIdleMs?: number;
  maxSessions?: number;
  /** Sessions one client (address) may hold (default MAX_SESSIONS_PER_CLIENT). */
  maxSessionsPerClient?: number;
  /** Subscriptions of 2026-07-28 `subscriptions/listen` streams are checked and watched here. */
  realtime?: Realtime;
  /** per_user: the client (the request's identity, under its policy) a `subscriptions/listen` checks its URIs as. */
  listenAs?: (req: Request) => Promise<OdooClient | undefined>;
}

/**
 * MCP Streamable HTTP for both eras on one path: 2026-07-28 traffic goes to the SDK's per-request handler;
 * 2025-era traffic (an `initialize`, or anything carrying `Mcp-Session-Id`) to a sessionful transport per session,
 * so those clients keep their server→client stream, resumability and DELETE.
 */
export class StreamableEndpoint {
  /** The 2026-07-28 handler; its `notify` reaches `subscriptions/listen` streams. */
  readonly modern: McpHttpHandler;
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly perClient: PerClientCap;

  constructor(private readonly o: StreamableOptions) {
    this.perClient = new PerClientCap(o.maxSessionsPerClient ?? MAX_SESSIONS_PER_CLIENT);
    this.modern = createMcpHandler(o.factory, {
      legacy: "reject",
      maxRequestBodySize: o.maxBodyBytes,
      onerror: (e) => o.log.debug(`mcp: ${e.message}`),
    });
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref?.();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Serves one `/mcp` request from `owner` (the peer address); `parsedBody` is the already-read POST body. */
  async handle(req: Request, parsedBody?: unknown, owner = ""): Promise<Response> {
    const res = await this.route(req, parsedBody, owner);
    return res.status >= 400 ? boundedRefusal(res) : res;
  }

  private async route(req: Request, parsedBody: unknown, owner: string): Promise<Response> {
    const opts = { maxRequestBodySize: this.o.maxBodyBytes };
    // A request carrying the 2026-07-28 envelope claim is never legacy (isLegacyRequest's contract): the modern entry
    // classifies it anyway, once is enough.
    const legacy =
      !claimsModern(parsedBody) && (await isLegacyRequest(req, req.method === "POST" ? parsedBody : undefined, opts));
    if (!legacy) {
      const listen = listenedUris(parsedBody);
      if (listen && this.o.realtime) return this.listen(req, parsedBody, listen, this.o.realtime);
      return primeEventStream(await this.modern.fetch(req, { parsedBody }), {
        kind: "mcp",
        maxQueued: this.o.eventStoreMax,
      });
    }
    return this.legacy(req, parsedBody, owner);
  }

  /**
   * A `subscriptions/listen` naming resources: each URI is checked as a read would be (the first refusal answers the
   * request), then watched for as long as the stream is open; the SDK's router serves the stream itself.
   */
  private async listen(req: Request, body: unknown, uris: string[], realtime: Realtime): Promise<Response> {
    const as = await this.o.listenAs?.(req);
    const session = realtime.session(() => {});
    try {
      for (const uri of uris) await realtime.subscribe(session.id, uri, req.signal, as);
    } catch (e) {
      session.close();
      if (!(e instanceof ProtocolError)) throw e;
      const error = { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) };
      return Response.json({ jsonrpc: "2.0", id: (body as { id: unknown }).id, error });
    }
    const res = await this.modern.fetch(req, { parsedBody: body });
    if (!res.headers.get("content-type")?.startsWith("text/event-stream")) {
      session.close();
      return res;
    }
    return primeEventStream(res, { kind: "mcp", maxQueued: this.o.eventStoreMax, onClose: session.close });
  }

  private async legacy(req: Request, parsedBody: unknown, owner: string): Promise<Response> {
    const sid = req.headers.get("mcp-session-id");
    if (sid) {
      const session = this.sessions.get(sid);
      if (session?.owner !== owner)
        return rpcError(404, -32001, "Session not found: it ended or expired; initialize a new one");
      return this.serve(session, req, parsedBody);
    }
    const initialize = Array.isArray(parsedBody)
      ? parsedBody.some(isInitializeRequest)
      : isInitializeRequest(parsedBody);
    if (req.method !== "POST" || !initialize) {
      return rpcError(400, -32000, "Bad Request: Mcp-Session-Id header is required (send initialize first)");
    }
    if (this.sessions.size >= (this.o.maxSessions ?? 1000) && !this.evictIdlest()) {
      return rpcError(503, -32001, "Server busy: too many open sessions", null, { "retry-after": "30" });
    }
    // A client at its own cap makes room among its own sessions only.
    if (this.perClient.count(owner) >= this.perClient.max) this.evictIdlest(owner);
    const release = this.perClient.take(owner);
    if (!release) {
      const message = perClientFull("sessions", this.perClient.max);
      return rpcError(503, -32001, message, null, { "retry-after": "30" });
    }
    const session: Session = {
      transport: this.newTransport(),
      owner,
      lastSeen: Date.now(),
      streams: 0,
      inFlight: new Set(),
    };
    const server = await this.o.factory({ era: "legacy", requestInfo: req });
    session.transport.onclose = () => {
      release();
      const id = session.transport.sessionId;
      if (id && this.sessions.delete(id)) metrics.sessions.set({ transport: "streamable-http" }, this.sessions.size);
      void server.close().catch(() => {});
    };
    await server.connect(session.transport);
    const res = await this.serve(session, req, parsedBody);
    const id = session.transport.sessionId;
    if (id && res.ok) {
      this.sessions.set(id, session);
      metrics.sessions.set({ transport: "streamable-http" }, this.sessions.size);
    } else {
      release();
      await session.transport.close();
    }
    return res;
  }

  private newTransport(): WebStandardStreamableHTTPServerTransport {
    return new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      eventStore: new BoundedEventStore(this.o.eventStoreMax),
      maxRequestBodySize: this.o.maxBodyBytes,
    });
  }

  private async serve(session: Session, req: Request, parsedBody: unknown): Promise<Response> {
    session.lastSeen = Date.now();
    // The SDK would route both answers of two concurrent requests with one id to the last one: the first never
    // gets its answer. The second is refused instead (JSON-RPC ids must be unique among requests in flight).
    const ids = requestIds(parsedBody);
    const taken = ids.find((id) => session.inFlight.has(id));
    if (taken !== undefined) {
      const message = `Invalid request: id ${JSON.stringify(taken)} is already used by a request in flight in this session`;
      return rpcError(400, -32600, message, taken);
    }
    for (const id of ids) session.inFlight.add(id);
    const done = () => {
      for (const id of ids) session.inFlight.delete(id);
    };
    const res = await session.transport.handleRequest(req, { parsedBody }).catch((e: unknown) => {
      done();
      throw e;
    });
    if (!res.headers.get("content-type")?.startsWith("text/event-stream")) {
      done();
      return res;
    }
    session.streams += 1;
    return primeEventStream(res, {
      kind: "mcp",
      maxQueued: this.o.eventStoreMax,
      onClose: () => {
        done();
        session.streams -= 1;
        session.lastSeen = Date.now();
      },
    });
  }

  /** Closes the idlest session without an open stream (of `owner` only, when given); false when there is none. */
  private evictIdlest(owner?: string): boolean {
    let idlest: Session | undefined;
    for (const s of this.sessions.values()) {
      if (owner !== undefined && network(s.owner) !== network(owner)) continue;
      if (s.streams === 0 && (!idlest || s.lastSeen < idlest.lastSeen)) idlest = s;
    }
    if (idlest) void idlest.transport.close();
    return idlest !== undefined;
  }

  /** Closes sessions idle longer than `sessionIdleMs` (none of their streams open). */
  sweep(now = Date.now()): void {
    const idleMs = this.o.sessionIdleMs ?? 30 * 60_000;
    for (const s of [...this.sessions.values()]) {
      if (s.streams === 0 && now - s.lastSeen >= idleMs) void s.transport.close();
    }
  }

  /** Ends every session and stream. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.sessions.values()].map((s) => s.transport.close()));
    await this.modern.close();
  }
}

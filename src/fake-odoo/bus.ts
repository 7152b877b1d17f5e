import type { Server, ServerWebSocket } from "bun";
import seed18 from "./data/bus-seed-18.0.json";
import { E } from "./errors.ts";
import { rpcError, rpcResult, sessionCookie, sessionIdOf, werkzeugPage } from "./http.ts";
import { readJsonRpc } from "./jsonrpc.ts";
import { newSid } from "./session.ts";
import type { FakeState, Session } from "./state.ts";
import type { Json } from "./types.ts";

/** What a websocket carries: its session and subscribed channels. */
export interface WsData {
  session: Session | undefined;
  channels: Set<string>;
}

interface BusMessage {
  id: number;
  channel: string;
  message: { type: string; payload: Json };
}

/** Odoo's bus: a notification log per channel, pushed to subscribed websockets. */
export class Bus {
  messages: BusMessage[] = [];
  readonly sockets = new Set<ServerWebSocket<WsData>>();

  constructor(private readonly state: FakeState) {
    this.reset();
  }

  /** Back to the seed (the 18.0 capture's pending admin notifications); closes every websocket. */
  reset(): void {
    const seed = this.state.profile.major === 18 ? (seed18 as unknown as Omit<BusMessage, "channel">[]) : [];
    this.messages = seed.map((m) => ({ ...m, channel: "res.partner_3" }));
    for (const ws of this.sockets) ws.close(1000, "reset");
    this.sockets.clear();
  }

  /** Channels every session listens to besides its subscriptions. */
  defaults(session: Session | undefined): string[] {
    const partner = session?.uid ? this.state.user(session.uid)?.partnerId : undefined;
    return ["discuss.channel_1", "broadcast", ...(partner ? [`res.partner_${partner}`] : [])];
  }

  /** `bus.bus._sendone(channel, type, payload)`. */
  send(channel: string, type: string, payload: Json): void {
    const id = Math.max(0, ...this.messages.map((m) => m.id)) + 1;
    const msg = { id, channel, message: { type, payload } };
    this.messages.push(msg);
    for (const ws of this.sockets) {
      if (!ws.data.channels.has(channel)) continue;
      // Odoo checks the session before each dispatch (bus/websocket.py): a dead one closes with SESSION_EXPIRED.
      if (ws.data.session && !this.state.sessions.has(ws.data.session.sid)) ws.close(4001, "Session expired");
      else ws.send(JSON.stringify([{ id, message: msg.message }]));
    }
  }

  /** Closes every websocket (a restarted or killed evented worker): 1006 from the client's side. */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  /** Notifications after `last` on the given channels, in the wire shape. */
  since(channels: Set<string>, last: number): Json[] {
    return this.messages
      .filter((m) => m.id > last && channels.has(m.channel))
      .map((m) => ({ id: m.id, message: m.message }));
  }
}

/** GET /websocket: upgrade (needs Origin and a logged-in session; else closed with 4001 like Odoo). */
export function upgradeWebsocket(state: FakeState, req: Request, server: Server<WsData>): Response | undefined {
  // No evented worker behind the proxy.
  if (state.faults.busDown) return new Response("502 Bad Gateway", { status: 502 });
  if (!req.headers.get("origin")) return werkzeugPage(400, "Empty Origin header");
  const sid = sessionIdOf(req);
  const session = sid ? state.sessions.get(sid) : undefined;
  const data: WsData = { session: session?.uid ? session : undefined, channels: new Set() };
  if (server.upgrade(req, { data })) return undefined;
  return werkzeugPage(400, "Bad websocket handshake");
}

/** Bun websocket handlers bound to the fake's bus. */
export function websocketHandlers(state: FakeState, bus: Bus) {
  return {
    open(ws: ServerWebSocket<WsData>) {
      // SESSION_EXPIRED close code of Odoo's websocket worker.
      if (!ws.data.session) return ws.close(4001, "Session expired");
      for (const c of bus.defaults(ws.data.session)) ws.data.channels.add(c);
      bus.sockets.add(ws);
    },
    message(ws: ServerWebSocket<WsData>, raw: string | Buffer) {
      let event: { event_name?: string; data?: { channels?: unknown; last?: unknown } };
      try {
        event = JSON.parse(String(raw));
      } catch {
        return ws.close(1003, "Invalid JSON");
      }
      if (event.event_name !== "subscribe") return;
      if (ws.data.session && !state.sessions.has(ws.data.session.sid)) return ws.close(4001, "Session expired");
      const channels = Array.isArray(event.data?.channels) ? event.data.channels.map(String) : [];
      ws.data.channels = new Set([...bus.defaults(ws.data.session), ...channels]);
      const pending = bus.since(ws.data.channels, Number(event.data?.last ?? 0));
      if (pending.length) ws.send(JSON.stringify(pending));
    },
    close(ws: ServerWebSocket<WsData>) {
      bus.sockets.delete(ws);
    },
  };
}

/** `/websocket/health` and `/websocket/peek_notifications` (the HTTP side of the bus). */
export async function handleBusHttp(
  state: FakeState,
  bus: Bus,
  req: Request,
  path: string,
): Promise<Response | undefined> {
  if (path === "/websocket/health") {
    return new Response(JSON.stringify({ status: "pass" }), {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", Connection: "close" },
    });
  }
  if (path !== "/websocket/peek_notifications") return undefined;
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const { id, params } = parsed;
  let sid = sessionIdOf(req);
  let session = sid ? state.sessions.get(sid) : undefined;
  if (!session) {
    sid = newSid();
    session = { sid, uid: null, login: "", db: state.profile.database };
    state.sessions.set(sid, session);
  }
  // Odoo marks the session on the first poll and treats later polls without the mark as expired.
  if (params.is_first_poll) session.websocket = true;
  else if (!session.websocket) return rpcError(state.profile, E.sessionExpired(""), id);
  const requested = Array.isArray(params.channels) ? params.channels.map(String) : [];
  const channels = new Set([...requested, ...bus.defaults(session)]);
  const db = state.profile.database;
  const listed: Json[] = [
    ...requested.map((c) => [db, c]),
    [db, "discuss.channel", 1],
    [db, "discuss.channel", 1, "members"],
    [db, "broadcast"],
    ...(session.uid ? [[db, "res.partner", state.user(session.uid)?.partnerId ?? 0]] : []),
  ];
  const result = { channels: listed, notifications: bus.since(channels, Number(params.last ?? 0)) };
  const cors: [string, string][] = [
    ["Access-Control-Allow-Origin", "*"],
    ["Access-Control-Allow-Methods", "POST"],
    sessionCookie(session.sid),
  ];
  return rpcResult(id, result, cors);
}

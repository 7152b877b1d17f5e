/** Where the bus listener stands: `connected` while the websocket is open and subscribed. */
export type BusState = "down" | "connecting" | "connected";

/** One notification as Odoo's websocket sends it (a frame is an array of these). */
export interface BusNotification {
  id: number;
  message: { type: string; payload: unknown };
}

/** A web session to open the websocket with: the `Cookie` value and the session info's worker version. */
export interface BusSession {
  cookie: string;
  workerVersion?: string;
}

/** What a bus listener needs. */
export interface BusOptions {
  /** Base URL of the websocket's server (`realtime.push.bus_url`, else `odoo_url`): http(s) or ws(s). */
  url: string;
  /** Channels to subscribe to (Odoo adds the session's own). */
  channels: string[];
  /** Logs in anew (a web session: Odoo's websocket knows no API key); called at start and after a session expiry. */
  login(): Promise<BusSession>;
  onNotification(n: BusNotification): void;
  onState?(state: BusState): void;
  /** Each reconnect after a drop (metrics). */
  onReconnect?(): void;
  log?: (message: string, level?: "info" | "warning") => void;
  /** A login error retrying cannot cure (credentials refused): the listener stops instead of trying again. */
  fatal?: (error: unknown) => boolean;
  /** First and longest pause between reconnects (ms); each pause gets up to half of itself as jitter. */
  backoffMs?: { base: number; max: number };
  /** Bun's WebSocket (it takes request headers); injectable for tests. */
  WebSocket?: new (
    url: string,
    options: { headers: Record<string, string> },
  ) => WebSocket;
  /** How often an open websocket is pinged; no pong by the next ping counts as a dead connection (default 30 s). */
  heartbeatMs?: number;
  random?: () => number;
}

// Odoo's websocket close codes (bus/websocket.py CloseCode) and the reason of a worker-version mismatch.
const SESSION_EXPIRED = 4001;
const OUTDATED = "OUTDATED_VERSION";
/** A connection that lived this long counts as healthy: the next drop reconnects from the first backoff step. */
const HEALTHY_MS = 10_000;

/**
 * Listens on Odoo's `/websocket` (session cookie + `Origin`), subscribed to `channels` and resuming from the last
 * notification id after every reconnect; reconnects with capped exponential backoff and jitter, logging in again when
 * Odoo closes with SESSION_EXPIRED (4001) or an outdated worker version.
 */
export class BusListener {
  private ws?: WebSocket;
  private session?: BusSession;
  private timer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private stopped = true;
  private openedAt = 0;
  private heard = false;
  private heartbeat?: ReturnType<typeof setInterval>;
  /** The highest notification id received: the `last` sent on (re)subscribe. */
  lastId = 0;
  state: BusState = "down";
  reconnects = 0;

  constructor(private readonly o: BusOptions) {}

  /** Connects, and keeps reconnecting until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Closes the websocket for good. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000, "odoo-mcp stopping");
    this.setState("down");
  }

  private setState(state: BusState): void {
    if (state === this.state) return;
    this.state = state;
    this.o.onState?.(state);
  }

  /** The websocket URL: `<base>/websocket?version=<worker version>`, http(s) turned into ws(s). */
  private wsUrl(session: BusSession): string {
    const url = new URL(`${this.o.url.replace(/\/+$/, "")}/websocket`);
    url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
    if (session.workerVersion) url.searchParams.set("version", session.workerVersion);
    return url.toString();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState("connecting");
    try {
      this.session ??= await this.o.login();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (this.o.fatal?.(e)) {
        // Logging in again and again with refused credentials could lock the user out (Odoo's login cooldown).
        this.o.log?.(`bus login refused, push mode off (polling carries on): ${message}`, "warning");
        this.stop();
        return;
      }
      this.o.log?.(`bus login failed: ${message}`);
      return this.retry();
    }
    if (this.stopped) return;
    const session = this.session;
    const Ctor = this.o.WebSocket ?? (WebSocket as unknown as NonNullable<BusOptions["WebSocket"]>);
    const url = this.wsUrl(session);
    let ws: WebSocket;
    try {
      // Odoo's handshake requires an Origin; its own host is what a browser on it would send.
      ws = new Ctor(url, { headers: { Cookie: session.cookie, Origin: new URL(this.o.url).origin } });
    } catch (e) {
      this.o.log?.(`bus connection failed: ${e instanceof Error ? e.message : String(e)}`);
      return this.retry();
    }
    this.ws = ws;
    this.heard = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.openedAt = performance.now();
      ws.send(JSON.stringify({ event_name: "subscribe", data: { channels: this.o.channels, last: this.lastId } }));
      this.setState("connected");
      this.watch(ws);
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.heard = true;
      this.receive(String(event.data));
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.closed(event.code, event.reason);
    };
  }

  /**
   * Pings the open websocket (Odoo answers PING with PONG); a connection that let a whole period pass without a pong
   * is dead though no close came (a NAT or proxy dropped it): it is given up and reconnected.
   */
  private watch(ws: WebSocket): void {
    clearInterval(this.heartbeat);
    const pingable = ws as WebSocket & { ping?: () => void };
    if (typeof pingable.ping !== "function") return;
    let answered = true;
    ws.addEventListener("pong", () => {
      answered = true;
    });
    this.heartbeat = setInterval(() => {
      if (this.ws !== ws) return clearInterval(this.heartbeat);
      if (!answered) {
        this.ws = undefined;
        try {
          ws.close();
        } catch {
          // already closing
        }
        this.closed(1006, "no answer to ping");
        return;
      }
      answered = false;
      try {
        pingable.ping?.();
      } catch {
        // closing: onclose follows
      }
    }, this.o.heartbeatMs ?? 30_000);
    this.heartbeat.unref?.();
  }

  private receive(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(frame)) return;
    for (const n of frame) {
      if (typeof n !== "object" || n === null || typeof n.id !== "number") continue;
      const message = n.message as BusNotification["message"] | undefined;
      if (typeof message?.type !== "string") continue;
      if (n.id > this.lastId) this.lastId = n.id;
      try {
        this.o.onNotification({ id: n.id, message });
      } catch (e) {
        this.o.log?.(`bus notification handler failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private closed(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    const lived = this.openedAt > 0 ? performance.now() - this.openedAt : 0;
    this.openedAt = 0;
    this.setState("down");
    if (this.stopped) return;
    if (code === SESSION_EXPIRED || reason === OUTDATED) {
      // A new login gives a live session and the worker version Odoo expects now.
      this.o.log?.(`bus closed by Odoo (${code}${reason ? ` ${reason}` : ""}): logging in again`);
      this.session = undefined;
    } else this.o.log?.(`bus connection closed (${code}${reason ? ` ${reason}` : ""})`);
    if (lived >= HEALTHY_MS || (this.heard && code !== SESSION_EXPIRED)) this.failures = 0;
    this.retry();
  }

  /** The pause before reconnect number `failures` (0-based): capped exponential, plus up to half of it as jitter. */
  delay(failures: number): number {
    const { base, max } = this.o.backoffMs ?? { base: 500, max: 30_000 };
    const step = Math.min(max, base * 2 ** Math.min(failures, 16));
    return Math.round(step * (1 + 0.5 * (this.o.random ?? Math.random)()));
  }

  private retry(): void {
    if (this.stopped) return;
    this.setState("down");
    const wait = this.delay(this.failures);
    this.failures += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reconnects += 1;
      this.o.onReconnect?.();
      void this.connect();
    }, wait);
    this.timer.unref?.();
  }
}

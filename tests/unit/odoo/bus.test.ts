import { describe, expect, test } from "bun:test";
import { BusListener } from "../../../src/odoo/bus.ts";

describe("BusListener", () => {
  test("reconnect pauses double up to the cap, each with up to half of itself as jitter", () => {
    const at = (random: number) =>
      new BusListener({
        url: "http://odoo.test",
        channels: [],
        login: async () => ({ cookie: "" }),
        onNotification() {},
        backoffMs: { base: 100, max: 1000 },
        random: () => random,
      });
    expect([0, 1, 2, 3, 4, 10].map((n) => at(0).delay(n))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 4].map((n) => at(0.999).delay(n))).toEqual([150, 1500]);
  });

  test("a failing login is retried with backoff, and the state says so", async () => {
    let logins = 0;
    const states: string[] = [];
    const bus = new BusListener({
      url: "http://127.0.0.1:9",
      channels: ["c"],
      login: async () => {
        logins += 1;
        throw new Error("refused");
      },
      onNotification() {},
      onState: (s) => states.push(s),
      backoffMs: { base: 10, max: 20 },
    });
    bus.start();
    await Bun.sleep(150);
    bus.stop();
    expect(logins).toBeGreaterThan(2);
    expect(bus.reconnects).toBe(logins - 1);
    expect(states.slice(0, 2)).toEqual(["connecting", "down"]);
    expect(bus.state).toBe("down");
  });

  test("opens <bus_url>/websocket?version=<worker version> (wss for https) with the cookie and the bus's own Origin", async () => {
    const opened: { url: string; headers: Record<string, string> }[] = [];
    class Fake {
      onclose?: (e: { code: number; reason: string }) => void;
      constructor(url: string, o: { headers: Record<string, string> }) {
        opened.push({ url, headers: o.headers });
      }
      close() {}
    }
    const bus = new BusListener({
      url: "https://erp.example.com:8072/",
      channels: ["c"],
      login: async () => ({ cookie: "session_id=abc", workerVersion: "18.0-2" }),
      onNotification() {},
      WebSocket: Fake as unknown as NonNullable<ConstructorParameters<typeof BusListener>[0]["WebSocket"]>,
    });
    bus.start();
    await Bun.sleep(10);
    bus.stop();
    expect(opened).toEqual([
      {
        url: "wss://erp.example.com:8072/websocket?version=18.0-2",
        headers: { Cookie: "session_id=abc", Origin: "https://erp.example.com:8072" },
      },
    ]);
  });

  test("a websocket that stops answering pings is given up and reconnected; one that answers is kept", async () => {
    let opened = 0;
    let answers = true;
    class Silent extends EventTarget {
      onopen?: () => void;
      onclose?: (e: { code: number; reason: string }) => void;
      onmessage?: (e: { data: string }) => void;
      constructor() {
        super();
        opened += 1;
        queueMicrotask(() => this.onopen?.());
      }
      send() {}
      close() {}
      ping() {
        if (answers) queueMicrotask(() => this.dispatchEvent(new Event("pong")));
      }
    }
    const bus = new BusListener({
      url: "http://odoo.test",
      channels: ["c"],
      login: async () => ({ cookie: "session_id=x" }),
      onNotification() {},
      heartbeatMs: 20,
      backoffMs: { base: 5, max: 5 },
      WebSocket: Silent as unknown as NonNullable<ConstructorParameters<typeof BusListener>[0]["WebSocket"]>,
    });
    bus.start();
    await Bun.sleep(150);
    expect(opened).toBe(1);
    expect(bus.state).toBe("connected");
    answers = false;
    await Bun.sleep(150);
    bus.stop();
    expect(opened).toBeGreaterThan(1);
    expect(bus.reconnects).toBeGreaterThan(0);
  });

  test("SESSION_EXPIRED (4001) and OUTDATED_VERSION closes log in again; other drops reuse the session", async () => {
    const closes: [number, string][] = [
      [1006, ""],
      [4001, "Session expired"],
      [1000, "OUTDATED_VERSION"],
    ];
    let logins = 0;
    const sockets: { cookie: string }[] = [];
    class Closing {
      onopen?: () => void;
      onclose?: (e: { code: number; reason: string }) => void;
      constructor(_url: string, o: { headers: Record<string, string> }) {
        sockets.push({ cookie: o.headers.Cookie! });
        const next = closes.shift();
        queueMicrotask(() => (next ? this.onclose?.({ code: next[0], reason: next[1] }) : this.onopen?.()));
      }
      send() {}
      close() {}
    }
    const bus = new BusListener({
      url: "http://odoo.test",
      channels: ["c"],
      login: async () => ({ cookie: `session_id=${++logins}` }),
      onNotification() {},
      backoffMs: { base: 5, max: 5 },
      WebSocket: Closing as unknown as NonNullable<ConstructorParameters<typeof BusListener>[0]["WebSocket"]>,
    });
    bus.start();
    await Bun.sleep(150);
    bus.stop();
    expect(sockets.map((s) => s.cookie)).toEqual(["session_id=1", "session_id=1", "session_id=2", "session_id=3"]);
  });
});

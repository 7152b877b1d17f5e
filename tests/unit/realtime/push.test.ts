import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { startHttp } from "../../../src/http/serve.ts";
import { metrics } from "../../../src/metrics.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { runPushCommand } from "../../../src/realtime/push-cli.ts";
import { PUSH_TYPE } from "../../../src/realtime/push-code.ts";
import { Realtime } from "../../../src/realtime/realtime.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { SseReader } from "../http/sse-reader.ts";
import { type Backend, connect, startBackend } from "../mcp/harness.ts";

// Push mode against the fake: its automation rules run the server action `push install` creates and its /websocket
// delivers as Odoo's does. Polling runs every 0.3 s without the bus but every 60 s while the bus is connected, so a
// notification within seconds of a write can only come through the bus (waits are long for a loaded machine).

const CHANNEL = "odoo-mcp-test-channel-0123456789ab";
const URI = "odoo://res.partner/9";

async function within<T>(ms: number, check: () => T | undefined | false): Promise<T> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    await Bun.sleep(10);
  }
  throw new Error(`nothing within ${ms} ms`);
}

const updated = (messages: JSONRPCMessage[]) =>
  messages.flatMap((m) =>
    "method" in m && m.method === "notifications/resources/updated" ? [(m.params as { uri: string }).uri] : [],
  );

async function backend(version: FakeVersion): Promise<{ b: Backend; other: OdooClient }> {
  const b = await startBackend({
    version,
    config: {
      connection_type: "sse",
      http: { port: 0 },
      realtime: {
        poll_interval: 0.3,
        push: { enabled: true, channel: CHANNEL, poll_interval: 60, models: ["res.partner"] },
      },
    },
  });
  const cmd = { action: "install" as const, dryRun: false, models: ["res.partner"] };
  expect(await runPushCommand(cmd, { ...b.deps, out: () => {} })).toBe(0);
  // Another connection to Odoo, as another program writing would have.
  return { b, other: odooClientFromConfig(b.deps.config, b.log) };
}

const connected = async (realtime: Realtime) => {
  const push = (await realtime.push)!;
  await within(5000, () => push.bus.state === "connected");
  return push;
};

for (const version of ["17.0", "18.0", "19.0"] as FakeVersion[]) {
  describe(`push mode on ${version}`, () => {
    let b: Backend;
    let other: OdooClient;
    let realtime: Realtime;
    let n = 0;
    const write = (id = 9) => other.executeKw("res.partner", "write", [[id], { comment: `<p>push ${++n}</p>` }]);
    beforeAll(async () => {
      ({ b, other } = await backend(version));
      realtime = new Realtime({ ...b.deps, push: { backoffMs: { base: 50, max: 200 } } });
    });
    afterAll(async () => {
      realtime.close();
      await other.close();
      await b.stop();
    });

    test("a write elsewhere reaches a subscribed stdio client through the bus, not polling", async () => {
      const push = await connected(realtime);
      const session = await connect({ ...b.deps, realtime }, "v1");
      try {
        await (session.client as unknown as V1Client).subscribeResource({ uri: URI });
        await Bun.sleep(100);
        const polls = metrics.polls.get({ outcome: "ok" });
        const pushes = metrics.pushes.get({ outcome: "watched" });
        await write();
        expect(await within(5000, () => updated(session.received).at(0))).toBe(URI);
        expect(metrics.pushes.get({ outcome: "watched" })).toBe(pushes + 1);
        // One round, run by the push: polling itself waits 60 s while the bus is up.
        expect(metrics.polls.get({ outcome: "ok" })).toBe(polls + 1);
        expect(push.bus.lastId).toBeGreaterThan(0);
        // A change to an unwatched record is pushed too, and costs no round.
        await write(10);
        await within(5000, () => metrics.pushes.get({ outcome: "unwatched" }) > 0);
        await Bun.sleep(50);
        expect(metrics.polls.get({ outcome: "ok" })).toBe(polls + 1);
      } finally {
        await session.close();
      }
    });

    test("creation and deletion reach a list subscriber through the bus (on_create_or_write and on_unlink rules)", async () => {
      await connected(realtime);
      const session = await connect({ ...b.deps, realtime }, "v1");
      const list = "odoo://res.partner/list";
      try {
        await (session.client as unknown as V1Client).subscribeResource({ uri: list });
        await Bun.sleep(1100);
        const id = await other.executeKw<number>("res.partner", "create", [{ name: "Pushed partner" }]);
        await within(5000, () => updated(session.received).length === 1);
        await Bun.sleep(1100);
        const pushes = metrics.pushes.get({ outcome: "watched" });
        await other.executeKw("res.partner", "unlink", [[id]]);
        await within(5000, () => updated(session.received).length === 2);
        expect(metrics.pushes.get({ outcome: "watched" })).toBe(pushes + 1);
        expect(updated(session.received)).toEqual([list, list]);
      } finally {
        await session.close();
      }
    });

    test("a watched model without push rules keeps polling at its own pace while the bus is up", async () => {
      await connected(realtime);
      const session = await connect({ ...b.deps, realtime }, "v1");
      const company = "odoo://res.company/1";
      try {
        const client = session.client as unknown as V1Client;
        await client.subscribeResource({ uri: URI });
        await within(2000, () => realtime.poller.slowIntervalMs === 60_000);
        await client.subscribeResource({ uri: company });
        await within(2000, () => realtime.poller.slowIntervalMs === undefined);
        await Bun.sleep(1100);
        await other.executeKw("res.company", "write", [[1], { email: `c${++n}@example.com` }]);
        expect(await within(5000, () => updated(session.received).at(0))).toBe(company);
        await client.unsubscribeResource({ uri: company });
        await within(2000, () => realtime.poller.slowIntervalMs === 60_000);
      } finally {
        await session.close();
      }
    });

    test("a forged push for an unchanged record sends nothing", async () => {
      await connected(realtime);
      const session = await connect({ ...b.deps, realtime }, "v1");
      try {
        await (session.client as unknown as V1Client).subscribeResource({ uri: URI });
        await Bun.sleep(1100); // past the second in which a write is compared by content
        const polls = metrics.polls.get({ outcome: "ok" });
        b.fake.bus.send(CHANNEL, PUSH_TYPE, { model: "res.partner", id: 9, write_date: "2099-01-01 00:00:00.000000" });
        await within(5000, () => metrics.polls.get({ outcome: "ok" }) > polls);
        await Bun.sleep(200);
        expect(updated(session.received)).toEqual([]);
      } finally {
        await session.close();
      }
    });
  });
}

describe("push mode: the bus goes and comes back", () => {
  let b: Backend;
  let other: OdooClient;
  let realtime: Realtime;
  let n = 0;
  const write = () => other.executeKw("res.partner", "write", [[9], { comment: `<p>again ${++n}</p>` }]);
  beforeAll(async () => {
    ({ b, other } = await backend("18.0"));
    realtime = new Realtime({ ...b.deps, push: { backoffMs: { base: 50, max: 200 } } });
  });
  afterAll(async () => {
    realtime.close();
    await other.close();
    await b.stop();
  });

  test("bus killed: polling carries on at its own pace; bus back: push resumes", async () => {
    const push = await connected(realtime);
    const session = await connect({ ...b.deps, realtime }, "v1");
    try {
      await (session.client as unknown as V1Client).subscribeResource({ uri: URI });
      const reconnects = metrics.busReconnects.get();
      b.fake.faults.busDown = true;
      b.fake.bus.drop();
      await within(5000, () => push.bus.state !== "connected");
      expect(metrics.busState.get()).toBe(0);
      await write();
      // Polling (0.3 s) finds it with the bus down.
      expect(await within(5000, () => updated(session.received).at(0))).toBe(URI);
      expect(metrics.busReconnects.get()).toBeGreaterThan(reconnects);
      b.fake.faults.busDown = false;
      await within(5000, () => push.bus.state === "connected");
      expect(metrics.busStates.get({ state: "connected" })).toBe(1);
      await Bun.sleep(1100);
      const seen = updated(session.received).length;
      const polls = metrics.polls.get({ outcome: "ok" });
      await write();
      await within(5000, () => updated(session.received).length > seen);
      expect(metrics.polls.get({ outcome: "ok" })).toBe(polls + 1);
    } finally {
      await session.close();
    }
  });

  test("session expiry on the bus: Odoo closes it (4001), odoo-mcp logs in again and gets what was sent meanwhile", async () => {
    const push = await connected(realtime);
    const session = await connect({ ...b.deps, realtime }, "v1");
    try {
      await (session.client as unknown as V1Client).subscribeResource({ uri: URI });
      await Bun.sleep(1100);
      const logins = b.fake.counters.sessionLogins;
      const seen = updated(session.received).length;
      const lastId = push.bus.lastId;
      b.fake.faults.expireSessions = true;
      await write();
      await within(5000, () => updated(session.received).length > seen);
      await within(5000, () => push.bus.state === "connected");
      expect(b.fake.counters.sessionLogins).toBeGreaterThan(logins);
      // The client may hear of the write by polling first: the bus's resumed delivery can come a moment later.
      await within(5000, () => push.bus.lastId > lastId);
      expect(push.bus.lastId).toBeGreaterThan(lastId);
    } finally {
      await session.close();
    }
  });

  test("an /events client is told through the bus too", async () => {
    const running = await startHttp({ ...b.deps, demo: false });
    try {
      const push = await running.http.realtime?.push;
      await within(5000, () => push?.bus.state === "connected");
      const res = await fetch(`${running.url}/events`);
      const reader = new SseReader(res.body!);
      const hello = JSON.parse((await reader.nextEvent())!.data!);
      const post = (method: string, params: Record<string, unknown>) =>
        fetch(`${running.url}/mcp`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        }).then((r) => r.json());
      await post("subscribe_resource", { uri: URI, client_id: hello.params.client_id });
      await Bun.sleep(1100);
      await other.executeKw("res.partner", "write", [[9], { name: "Pushed name" }]);
      const event = await reader.nextEvent((e) => e.event === "notifications/resources/updated");
      expect(JSON.parse(event!.data!).params).toMatchObject({ uri: URI, data: { id: 9, name: "Pushed name" } });
      await reader.close();
    } finally {
      await running.stop();
    }
  });
});

describe("push mode within the calls-per-minute budget", () => {
  test("a stream of pushes runs rounds only as far as realtime.max_calls_per_minute allows", async () => {
    const b = await startBackend({
      config: {
        realtime: { poll_interval: 0.3, max_calls_per_minute: 6, push: { enabled: true, channel: CHANNEL } },
      },
    });
    const realtime = new Realtime({ ...b.deps, push: { backoffMs: { base: 50, max: 200 } } });
    const session = await connect({ ...b.deps, realtime }, "v1");
    try {
      await connected(realtime);
      await (session.client as unknown as V1Client).subscribeResource({ uri: URI });
      const before = metrics.pollCalls.get();
      for (let i = 0; i < 30; i++) {
        b.fake.bus.send(CHANNEL, PUSH_TYPE, { model: "res.partner", id: 9, write_date: "2099-01-01 00:00:00" });
        await Bun.sleep(20);
      }
      await Bun.sleep(200);
      const spent = metrics.pollCalls.get() - before;
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(6 + 2); // the last round started within budget may spend its two calls
    } finally {
      await session.close();
      realtime.close();
      await b.stop();
    }
  });
});

describe("push mode with credentials Odoo refuses for a web session", () => {
  test("a two-factor user: one login, then push mode stops (no retry loop against Odoo's login cooldown)", async () => {
    const b = await startBackend({ config: { realtime: { push: { enabled: true, channel: CHANNEL } } } });
    const totp = b.fake.users.totp;
    const config = { ...b.deps.config, uid: totp.login, password: totp.password };
    const warnings: string[] = [];
    const log = { ...b.deps.log, child: () => ({ ...b.deps.log, warning: (m: string) => warnings.push(m) }) };
    const realtime = new Realtime({ ...b.deps, config, log, push: { backoffMs: { base: 10, max: 20 } } } as never);
    try {
      const checks = b.fake.counters.passwordChecks;
      const push = (await realtime.push)!;
      await within(5000, () => warnings.length > 0);
      await Bun.sleep(200);
      expect(b.fake.counters.passwordChecks - checks).toBe(1);
      expect(push.bus.state).toBe("down");
      expect(warnings[0]).toContain("push mode off");
    } finally {
      realtime.close();
      await b.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { type RunningHttp, startHttp } from "../../../src/http/serve.ts";
import { createLogger } from "../../../src/log.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { type SseEvent, SseReader } from "../http/sse-reader.ts";

// http.identity: per_user and the documented web channel: subscribe_resource and the /events stream read and announce
// as the identity that opened them. The fake's record rule: the demo user sees the partner tags with color <= 4 only.

const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;
const tag = (id: number) => `odoo://res.partner.category/${id}`;

interface Channel {
  subscribe(uri: string): Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  read(uri: string): Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  /** Every resources/updated event so far, as `{ uri, data }`. */
  updates: Array<{ uri: string; data: unknown }>;
  close(): Promise<void>;
}

/** Opens an /events stream as `authorization` and collects its updates; subscribe/read go through POST /mcp. */
async function channel(base: string, authorization: string): Promise<Channel> {
  const res = await fetch(`${base}/events`, { headers: { authorization } });
  expect(res.status).toBe(200);
  const reader = new SseReader(res.body!);
  const hello = JSON.parse((await reader.nextEvent())!.data!) as { params: { client_id: string } };
  const clientId = hello.params.client_id;
  const updates: Channel["updates"] = [];
  const pump = (async () => {
    for (let e: SseEvent | undefined = await reader.nextEvent(); e; e = await reader.nextEvent()) {
      if (e.event === "notifications/resources/updated") updates.push(JSON.parse(e.data!).params);
    }
  })();
  const post = async (method: string, params: Record<string, unknown>) =>
    (
      await fetch(`${base}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      })
    ).json();
  return {
    subscribe: (uri) => post("subscribe_resource", { uri, client_id: clientId }),
    read: (uri) => post("read_resource", { uri }),
    updates,
    close: async () => {
      await reader.close();
      await pump.catch(() => {});
    },
  };
}

/** Waits until `check` holds (polling every 20 ms), or fails after `ms`. */
async function until(ms: number, check: () => boolean): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`not within ${ms} ms`);
    await Bun.sleep(20);
  }
}

describe.each(["17.0", "19.0"] as FakeVersion[])("per-user /events on Odoo %s", (version) => {
  let odoo: FakeOdoo;
  let running: RunningHttp;
  const writeAsAdmin = (id: number, values: Record<string, unknown>) =>
    fetch(`${odoo.url}/jsonrpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        method: "call",
        id: 1,
        params: {
          service: "object",
          method: "execute_kw",
          args: [
            odoo.database,
            odoo.users.admin.uid,
            odoo.users.admin.apiKey,
            "res.partner.category",
            "write",
            [[id], values],
          ],
        },
      }),
    }).then((r) => r.json());

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version });
    const { admin } = odoo.users;
    const config = v.parse(ConfigSchema, {
      odoo_url: odoo.url,
      database: odoo.database,
      uid: admin.login,
      password: admin.password,
      connection_type: "sse",
      http: { port: 0, identity: "per_user" },
      realtime: { poll_interval: 0.2 },
      requests_per_minute: 0,
      logging: { handlers: [] },
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    running = await startHttp({ config, odoo: odooClientFromConfig(config, log), log, demo: false });
  });
  afterAll(async () => {
    await running?.stop();
    await odoo?.stop();
  });

  test("a subscription is checked as the identity: what it may not read is refused as its read is", async () => {
    const demo = await channel(running.url, basic(odoo.users.demo.login, odoo.users.demo.apiKey));
    try {
      const [refused, read] = [await demo.subscribe(tag(5)), await demo.read(tag(5))];
      expect(read.error).toBeDefined();
      expect(refused.error).toEqual(read.error);
      expect(await demo.subscribe(tag(2))).toMatchObject({ result: { subscribed: true } });
    } finally {
      await demo.close();
    }
  }, 30_000);

  test("a 2026-07-28 subscriptions/listen over HTTP is checked as the identity too", async () => {
    const headers = { authorization: basic(odoo.users.demo.login, odoo.users.demo.apiKey) };
    const client = new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), { requestInit: { headers } }),
    );
    const demo = await channel(running.url, headers.authorization);
    try {
      const read = await demo.read(tag(5));
      const refused = await client.listen({ resourceSubscriptions: [tag(5)] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
      expect(String(refused)).toContain(read.error?.message ?? "no read error");
      const allowed = await client.listen({ resourceSubscriptions: [tag(2)] });
      await allowed.close();
    } finally {
      await demo.close();
      await client.close();
    }
  }, 30_000);

  test("each identity is told of its own subscriptions only, with the content it may read", async () => {
    const admin = await channel(running.url, basic(odoo.users.admin.login, odoo.users.admin.apiKey));
    const demo = await channel(running.url, basic(odoo.users.demo.login, odoo.users.demo.password));
    try {
      expect(await admin.subscribe(tag(3))).toMatchObject({ result: { subscribed: true } });
      expect(await admin.subscribe(tag(6))).toMatchObject({ result: { subscribed: true } });
      expect(await demo.subscribe(tag(3))).toMatchObject({ result: { subscribed: true } });

      // Tag 6 is the admin's only: the demo user hears nothing of it.
      await writeAsAdmin(6, { name: "Services (renamed)" });
      await until(10_000, () => admin.updates.some((u) => u.uri === tag(6)));
      expect(admin.updates.find((u) => u.uri === tag(6))?.data).toMatchObject({ id: 6, name: "Services (renamed)" });

      // Tag 3 leaves the demo user's view (color 6 > 4): the admin gets the new content, the demo user only that
      // it is gone for them — never the content Odoo would refuse them.
      await writeAsAdmin(3, { name: "Office Supplies (hidden)", color: 6 });
      await until(
        10_000,
        () => admin.updates.some((u) => u.uri === tag(3)) && demo.updates.some((u) => u.uri === tag(3)),
      );
      expect(admin.updates.find((u) => u.uri === tag(3))?.data).toMatchObject({ name: "Office Supplies (hidden)" });
      await Bun.sleep(600);
      expect(demo.updates).toEqual([{ uri: tag(3), data: null }]);
    } finally {
      await admin.close();
      await demo.close();
    }
  }, 30_000);
});

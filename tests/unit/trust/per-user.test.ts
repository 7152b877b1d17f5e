import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SseTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1StreamableTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { FakeOdoo, FakeVersion } from "../../../src/fake-odoo/index.ts";
import { registry } from "../../../src/metrics.ts";
import { type LiveHttp, startLiveHttp } from "../../support/live-http.ts";

// http.identity: per_user — every HTTP transport acts as the Odoo user whose credential the request carries. The fake's
// record rule shows it: the demo user sees the partner tags with color <= 4 (4 of 7), the admin sees all 7.

const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;
type Tags = { structuredContent?: { records?: Array<{ id: number }> }; isError?: boolean };
const TAGS = { name: "odoo_search_read", arguments: { model: "res.partner.category", fields: ["name"] } };
const tagIds = (r: unknown) => ((r as Tags).structuredContent?.records ?? []).map((t) => t.id).sort((a, b) => a - b);

type Transport = "streamable-2025" | "streamable-2026" | "legacy-sse" | "web-channel";
const TRANSPORTS: Transport[] = ["streamable-2025", "streamable-2026", "legacy-sse", "web-channel"];

/** Calls the tag search as `authorization` over one transport; the tool result. */
async function tagsOver(base: string, transport: Transport, authorization: string): Promise<unknown> {
  const headers = { authorization };
  if (transport === "web-channel") {
    const res = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "call_tool", params: TAGS }),
    });
    return ((await res.json()) as { result: unknown }).result;
  }
  if (transport === "streamable-2026") {
    const client = new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
    try {
      return await client.callTool(TAGS);
    } finally {
      await client.close();
    }
  }
  const client = new V1Client({ name: "t", version: "1" });
  const url = new URL(`${base}/${transport === "legacy-sse" ? "sse" : "mcp"}`);
  const t =
    transport === "legacy-sse"
      ? new V1SseTransport(url, {
          requestInit: { headers },
          eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }) },
        })
      : new V1StreamableTransport(url, { requestInit: { headers } });
  await client.connect(t);
  try {
    return await client.callTool(TAGS);
  } finally {
    await client.close();
  }
}

describe.each(["17.0", "18.0", "19.0"] as FakeVersion[])("per-user identity on Odoo %s", (version) => {
  let live: LiveHttp;
  let odoo: FakeOdoo;
  let base: string;
  beforeAll(async () => {
    live = await startLiveHttp({ http: { identity: "per_user" }, logging: { handlers: [] } }, version);
    odoo = live.fake;
    base = live.url;
  });
  afterAll(() => live?.stop());

  for (const transport of TRANSPORTS) {
    test(`${transport}: each user sees the records Odoo's rules give them`, async () => {
      const { admin, demo } = odoo.users;
      expect(tagIds(await tagsOver(base, transport, basic(admin.login, admin.apiKey)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(tagIds(await tagsOver(base, transport, basic(demo.login, demo.apiKey)))).toEqual([1, 2, 3, 4]);
      expect(tagIds(await tagsOver(base, transport, basic(demo.login, demo.password)))).toEqual([1, 2, 3, 4]);
    });
  }

  if (version === "19.0") {
    for (const transport of TRANSPORTS) {
      test(`${transport}: a bearer API key alone is its user's (JSON-2 names the user)`, async () => {
        const { admin, demo } = odoo.users;
        expect(tagIds(await tagsOver(base, transport, `Bearer ${demo.apiKey}`))).toEqual([1, 2, 3, 4]);
        expect(tagIds(await tagsOver(base, transport, `Bearer ${admin.apiKey}`))).toEqual([1, 2, 3, 4, 5, 6, 7]);
      });
    }
  }

  test("a wrong bearer key: 401, counted, never the configured user; before 19 a key alone asks for Basic", async () => {
    const failures = () => Number(/odoo_mcp_auth_failures_total (\d+)/.exec(registry.render())?.[1] ?? 0);
    const call = (authorization: string) =>
      fetch(`${base}/mcp`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "call_tool", params: TAGS }),
      });
    const before = failures();
    const wrong = await call("Bearer 0000000000000000000000000000000000000000");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("records");
    if (version === "19.0") {
      expect(failures()).toBe(before + 1);
      expect(wrong.headers.get("www-authenticate")).toContain('Bearer realm="odoo-mcp", error="invalid_token"');
      return;
    }
    // 17/18: the key alone names nobody, so nothing is checked (nor counted as a failure): send login:key.
    expect(failures()).toBe(before);
    expect(wrong.headers.get("www-authenticate")).toContain("Basic");
    const right = await call(`Bearer ${odoo.users.demo.apiKey}`);
    expect(right.status).toBe(401);
    expect(right.headers.get("www-authenticate")).toContain("Basic");
    expect(await right.text()).toContain("Basic base64(login:api_key)");
  });

  test("no credential, or a wrong one: 401 with WWW-Authenticate, never the configured user", async () => {
    for (const path of ["/mcp", "/sse", "/events"]) {
      const none = await fetch(`${base}${path}`, { method: path === "/mcp" ? "POST" : "GET" });
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toContain("Basic");
      await none.text();
    }
    const wrong = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { authorization: basic("admin", "not-the-password"), "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "call_tool", params: TAGS }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Basic");
    expect(await wrong.text()).not.toContain("records");
    expect(registry.render()).toMatch(/odoo_mcp_auth_failures_total [1-9]/);
  });

  test("a session opened by one user cannot be used by another", async () => {
    const { admin, demo } = odoo.users;
    const init = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: {
        authorization: basic(admin.login, admin.password),
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      }),
    });
    const sid = init.headers.get("mcp-session-id") ?? "";
    await init.text();
    expect(sid).not.toBe("");
    const stolen = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: {
        authorization: basic(demo.login, demo.password),
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sid,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: TAGS }),
    });
    expect(stolen.status).toBe(404);
    await stolen.text();
  });
});

describe("failed bearer keys are rate-limited per address (Odoo 19)", () => {
  test("after 10 refused keys in a minute the address gets 429, the right key included", async () => {
    const running = await startLiveHttp(
      { http: { identity: "per_user" }, requests_per_minute: 0, logging: { handlers: [] } },
      "19.0",
    );
    const odoo = running.fake;
    try {
      const statuses: number[] = [];
      for (const key of [...Array.from({ length: 11 }, (_, i) => `guess-${i}`), odoo.users.demo.apiKey]) {
        const res = await fetch(`${running.url}/mcp`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: "{}",
        });
        statuses.push(res.status);
        await res.text();
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await running.stop();
    }
  });
});

describe("failed credentials are rate-limited per address", () => {
  test("after 10 refusals in a minute the address gets 429", async () => {
    const running = await startLiveHttp({
      http: { identity: "per_user" },
      requests_per_minute: 0,
      logging: { handlers: [] },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${running.url}/mcp`, {
          method: "POST",
          headers: { authorization: basic("admin", `guess-${i}`), "content-type": "application/json" },
          body: "{}",
        });
        statuses.push(res.status);
        await res.text();
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // The right credential is refused too while the address waits: guessing gains nothing.
      const right = await fetch(`${running.url}/mcp`, {
        method: "POST",
        headers: { authorization: basic("admin", "admin"), "content-type": "application/json" },
        body: "{}",
      });
      expect(right.status).toBe(429);
      await right.text();
    } finally {
      await running.stop();
    }
  });
});

describe("log notifications per identity", () => {
  test("a session hears its own identity's log records, never another's", async () => {
    const running = await startLiveHttp({ http: { identity: "per_user" }, logging: { level: "DEBUG", handlers: [] } });
    const heard: Record<string, string[]> = { admin: [], demo: [] };
    const clients: V1Client[] = [];
    try {
      for (const login of ["admin", "demo"] as const) {
        const client = new V1Client({ name: login, version: "1" });
        client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
          heard[login]?.push(JSON.stringify(n.params.data));
        });
        const headers = { authorization: basic(login, login) };
        await client.connect(new V1StreamableTransport(new URL(`${running.url}/mcp`), { requestInit: { headers } }));
        await client.setLoggingLevel("debug");
        clients.push(client);
      }
      // The demo user may not read tag 5 (the fake's record rule): Odoo's AccessError is logged for that session.
      const [, demo] = clients;
      const refused = (await demo?.callTool({
        name: "odoo_read",
        arguments: { model: "res.partner.category", ids: [5] },
      })) as { isError?: boolean };
      expect(refused.isError).toBe(true);
      await Bun.sleep(50);
      expect(heard.demo?.some((m) => m.includes("res.partner.category.read"))).toBe(true);
      expect(heard.admin?.some((m) => m.includes("res.partner.category"))).toBe(false);
    } finally {
      for (const c of clients) await c.close();
      await running.stop();
    }
  });
});

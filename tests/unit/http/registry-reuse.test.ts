import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler, fromJsonSchema, type McpHttpHandler } from "@modelcontextprotocol/server";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { RegistryPool } from "../../../src/http/registry-pool.ts";
import { type RunningHttp, startHttp } from "../../../src/http/serve.ts";
import { createLogger } from "../../../src/log.ts";
import { createMcpServer, type OdooMcpServer } from "../../../src/mcp/server.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { fakeConfig } from "../../support/odoo.ts";
import { type Backend, startBackend } from "../mcp/harness.ts";
import { callRegistry } from "./modern-call.ts";

// 2026-07-28 HTTP requests reuse registries (one exchange at a time, per identity) instead of building one per
// request. Nothing of one request may reach another: its client's capabilities and name, its identity, a call its
// client abandoned.

type Result = { isError?: boolean; content?: Array<{ text?: string }>; structuredContent?: unknown };
const textOf = (r: Result) => (r.content ?? []).map((c) => c.text ?? "").join("");
const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;
// A JSON Schema property declaring an SEP-2243 header (the SDK's JSONSchema type has no such key).
const REGIONAL = {
  type: "object",
  properties: { region: { type: "string", "x-mcp-header": "Region" } },
} as unknown as Parameters<typeof fromJsonSchema>[0];
const SEARCH = { name: "odoo_search_read", arguments: { model: "res.partner", fields: ["name"], limit: 1 } };

describe("the registry pool", () => {
  let backend: Backend;
  let pool: RegistryPool;
  let built: OdooMcpServer[];
  let handler: McpHttpHandler;
  const identity = {};
  beforeAll(async () => {
    backend = await startBackend({ version: "19.0" });
    pool = new RegistryPool(4);
    built = [];
    const build = () => {
      const s = createMcpServer(backend.deps);
      built.push(s);
      return s;
    };
    handler = createMcpHandler(() => pool.take(identity, build), { legacy: "reject" });
  });
  afterAll(async () => {
    await handler.close();
    await backend.stop();
  });
  const call = (signal?: AbortSignal) =>
    callRegistry(handler, "tools/call", SEARCH, { client: "t", ...(signal ? { signal } : {}) });

  test("one registry serves calls one after another", async () => {
    const before = built.length;
    for (let i = 0; i < 10; i++) expect((await call()).reply?.result).toBeDefined();
    expect(built.length - before).toBeLessThanOrEqual(1);
    expect(pool.idleCount(identity)).toBeGreaterThanOrEqual(1);
  });

  test("concurrent calls each get their own registry; at most `maxIdle` are kept", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => call()));
    expect(results.every((r) => r.reply?.result !== undefined)).toBe(true);
    expect(new Set(built).size).toBeGreaterThanOrEqual(8);
    expect(pool.idleCount(identity)).toBe(4);
  });

  test("`keep` bounds the idle registries of one identity (a per-user identity keeps fewer)", () => {
    const p = new RegistryPool(64);
    const id = {};
    const taken = [1, 2, 3].map(() => p.take(id, () => createMcpServer(backend.deps), 2));
    for (const s of taken) s.onFree?.();
    expect(p.idleCount(id)).toBe(2);
  });

  test("a registry whose call was abandoned by its client is not reused", async () => {
    backend.fake.faults.latencyMs = 300;
    try {
      const idle = pool.idleCount(identity);
      const abort = new AbortController();
      const pending = call(abort.signal).catch(() => undefined);
      await Bun.sleep(50);
      const taken = built.filter((s) => s.isConnected());
      expect(taken).toHaveLength(1);
      abort.abort();
      await pending;
      await Bun.sleep(400);
      // The abandoned call's handler ran on after its client left: its registry stays out of the pool.
      expect(pool.idleCount(identity)).toBe(idle - 1);
      const again = new Set<OdooMcpServer>();
      for (let i = 0; i < idle + 2; i++) again.add(pool.take(identity, () => createMcpServer(backend.deps)));
      expect(again.has(taken[0] as OdooMcpServer)).toBe(false);
    } finally {
      backend.fake.faults.latencyMs = 0;
    }
  });

  test("a tool's input schema goes to the SDK's per-call x-mcp-header scan only when it declares a header", () => {
    const server = createMcpServer(backend.deps);
    expect(server.toolInputSchemaJson("odoo_search_read")).toEqual({ type: "object" });
    server.registerTool(
      "regional",
      {
        description: "declares a header",
        inputSchema: fromJsonSchema<{ region: string }>(REGIONAL),
      },
      async () => ({ content: [] }),
    );
    expect(server.toolInputSchemaJson("regional")).toMatchObject({
      properties: { region: { "x-mcp-header": "Region" } },
    });
    expect(server.toolInputSchemaJson("no_such_tool")).toBeUndefined();
  });

  test("a reused registry has forgotten the last exchange's client", async () => {
    const fresh = new RegistryPool(1);
    const key = {};
    let server: OdooMcpServer | undefined;
    const h = createMcpHandler(() => (server = fresh.take(key, () => createMcpServer(backend.deps))), {
      legacy: "reject",
    });
    try {
      await callRegistry(h, "tools/list", {}, { client: "first-client" });
      const first = server;
      expect(first?.server.getClientVersion()?.name).toBe("first-client");
      const again = fresh.take(key, () => createMcpServer(backend.deps));
      expect(again).toBe(first as OdooMcpServer);
      expect(again.server.getClientVersion()).toBeUndefined();
      expect(again.server.getClientCapabilities()).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});

describe("reused registries over HTTP keep every request its own", () => {
  let odoo: FakeOdoo;
  let running: RunningHttp;
  const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-reuse-"));
  const audit = join(dir, "audit.jsonl");
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: "19.0" });
    const config = fakeConfig(odoo, {
      http: { identity: "per_user" },
      requests_per_minute: 0,
      audit: { file: audit },
      logging: { handlers: [] },
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    running = await startHttp({ config, odoo: odooClientFromConfig(config, log), log, demo: false });
  });
  afterAll(async () => {
    await running.stop();
    await odoo.stop();
  });

  /** A 2026-07-28 client named `name`, declaring elicitation (and declining) or not. */
  async function client(name: string, authorization: string, elicits: boolean): Promise<Client> {
    const c = new Client(
      { name, version: "1" },
      {
        versionNegotiation: { mode: { pin: "2026-07-28" } },
        ...(elicits ? { capabilities: { elicitation: { form: {} } } } : {}),
      },
    );
    if (elicits) c.setRequestHandler("elicitation/create", (async () => ({ action: "decline" })) as never);
    const headers = { authorization };
    await c.connect(new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), { requestInit: { headers } }));
    return c;
  }

  test("clients with and without elicitation, interleaved, each get the answer their own capabilities call for", async () => {
    const admin = basic("admin", "admin");
    const asking = await client("asking-client", admin, true);
    const plain = await client("plain-client", admin, false);
    try {
      const unlink = { name: "odoo_unlink", arguments: { model: "res.partner", ids: [3] } };
      const rounds = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? asking : plain).callTool(unlink).then((r) => ({ asked: i % 2 === 0, r: r as Result })),
        ),
      );
      for (const { asked, r } of rounds) {
        expect(r.isError).toBe(true);
        if (asked) expect(textOf(r)).toContain("declined");
        else expect(textOf(r)).toContain("does not support MCP elicitation");
      }
      // Each audit line names the client that made the call.
      const lines = readFileSync(audit, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { client: string; outcome: string });
      const unlinks = lines.filter((l) => l.outcome === "declined" || l.outcome === "refused");
      expect(unlinks.length).toBeGreaterThanOrEqual(12);
      for (const l of unlinks) expect(l.client).toBe(l.outcome === "declined" ? "asking-client/1" : "plain-client/1");
    } finally {
      await asking.close();
      await plain.close();
    }
  });

  test("two identities interleaved on the web channel and 2026-07-28 each see their own records", async () => {
    const tags = { name: "odoo_search_read", arguments: { model: "res.partner.category", fields: ["name"] } };
    const count = (r: unknown) =>
      ((r as { structuredContent?: { records?: unknown[] } }).structuredContent?.records ?? []).length;
    const web = async (authorization: string) => {
      const res = await fetch(`${running.url}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "call_tool", params: tags }),
      });
      return ((await res.json()) as { result: unknown }).result;
    };
    const admin = await client("a", basic("admin", "admin"), false);
    const demo = await client("d", basic("demo", "demo"), false);
    try {
      const seen = await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const asAdmin = i % 2 === 0;
          const who = asAdmin ? basic("admin", "admin") : basic("demo", "demo");
          const r = i % 4 < 2 ? await web(who) : await (asAdmin ? admin : demo).callTool(tags);
          return { asAdmin, n: count(r) };
        }),
      );
      for (const { asAdmin, n } of seen) expect(n).toBe(asAdmin ? 7 : 4);
    } finally {
      await admin.close();
      await demo.close();
    }
  });
});

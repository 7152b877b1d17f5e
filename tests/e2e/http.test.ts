import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client as V2Client, StreamableHTTPClientTransport as V2Streamable } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1Sse } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1Streamable } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { TOOLS as ALL_TOOLS } from "../../src/tools/index.ts";
import { VERSION } from "../../src/version.ts";
import { SseReader } from "../unit/http/sse-reader.ts";
import { ensureBinary } from "./binary.ts";
import { httpConfig, runToExit, type Served, spawnHttp } from "./http-spawn.ts";

// The compiled binary serving HTTP (connection_type: sse) against the fake Odoo, driven like real clients do.

let odoo: FakeOdoo;
let binary: string;
let served: Served;

beforeAll(async () => {
  [odoo, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
  served = await spawnHttp(binary, ["--config", httpConfig(odoo, "plain.yaml")]);
}, 120_000);
afterAll(async () => {
  await served?.stop();
  await odoo?.stop();
});

const TOOLS = ALL_TOOLS.map((t) => t.name).sort();
const SEARCH = {
  model: "res.partner",
  domain: [["active", "=", true]],
  fields: ["name", "email"],
  limit: 5,
  offset: 0,
};
/** A fetch that adds `headers` (the v1 SSE transport opens its stream with an EventSource, which sends none). */
const withHeaders =
  (headers: Record<string, string>) =>
  (url: string | URL | Request, init?: RequestInit): Promise<Response> =>
    fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } });

const firstText = (r: unknown) => (r as { content: Array<{ text?: string }> }).content[0]?.text ?? "";

describe("MCP clients against the binary", () => {
  test("v1 SDK, Streamable HTTP (2025 session): every tool, a search, a record resource", async () => {
    const client = new V1Client({ name: "e2e-v1", version: "1" });
    await client.connect(new V1Streamable(new URL(`${served.url}/mcp`)));
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const found = await client.callTool({ name: "odoo_search_read", arguments: SEARCH });
    expect(found.isError).toBeFalsy();
    expect(firstText(found)).toContain("Azure Interior");
    const read = await client.readResource({ uri: "odoo://res.partner/1" });
    expect(read.contents[0]?.uri).toBe("odoo://res.partner/1");
    await client.close();
  });

  test("v1 SDK, HTTP+SSE (2024-11-05): the same registry", async () => {
    const client = new V1Client({ name: "e2e-v1-sse", version: "1" });
    await client.connect(new V1Sse(new URL(`${served.url}/sse`)));
    expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
    const read = await client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
    expect(read.isError).toBeFalsy();
    await client.close();
  });

  test("v2 client: negotiates 2026-07-28 and calls tools; pinned to 2025 it gets a session", async () => {
    const modern = new V2Client({ name: "e2e-v2", version: "1" }, { versionNegotiation: { mode: "auto" } });
    await modern.connect(new V2Streamable(new URL(`${served.url}/mcp`)));
    expect(modern.getProtocolEra()).toBe("modern");
    expect(firstText(await modern.callTool({ name: "odoo_search_read", arguments: SEARCH }))).toContain(
      "Azure Interior",
    );
    await modern.close();
    const legacy = new V2Client({ name: "e2e-v2-legacy", version: "1" });
    await legacy.connect(new V2Streamable(new URL(`${served.url}/mcp`)));
    expect(legacy.getProtocolEra()).toBe("legacy");
    expect((await legacy.listTools()).tools).toHaveLength(TOOLS.length);
    await legacy.close();
  });
});

describe("the documented channel against the binary", () => {
  test("plain JSON POST /mcp with call_tool and no id is answered", async () => {
    const res = await fetch(`${served.url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        method: "call_tool",
        params: { name: "odoo_search_read", arguments: SEARCH },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: unknown; result: unknown };
    expect(body.id).toBeNull();
    expect(firstText(body.result)).toContain("Azure Interior");
  });

  test("GET /events opens with connection/established", async () => {
    const res = await fetch(`${served.url}/events`);
    const reader = new SseReader(res.body!);
    const ev = await reader.nextEvent();
    expect(ev?.event).toBe("notifications/connection/established");
    expect(JSON.parse(ev!.data!).params.client_id).toBeString();
    await reader.close();
  });
});

describe("health and metrics as the documentation's Docker and Prometheus setup uses them", () => {
  test("curl -f http://localhost:PORT/health succeeds with Odoo's and our version", async () => {
    const url = served.url.replace("127.0.0.1", "localhost");
    const curl = Bun.spawn(["curl", "-sf", `${url}/health`], { stdout: "pipe", stderr: "pipe" });
    expect(await curl.exited).toBe(0);
    expect(JSON.parse(await new Response(curl.stdout).text())).toEqual({
      status: "ok",
      odoo: { reachable: true, version: "18.0", protocol: "jsonrpc" },
      demo: false,
      version: VERSION,
    });
  });

  test("/metrics serves Prometheus text: every sample line is name{labels} value", async () => {
    const res = await fetch(`${served.url}/metrics`);
    expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    const text = await res.text();
    const samples = text.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(samples.length).toBeGreaterThan(0);
    for (const line of samples) expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{[^}]*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/i);
    expect(text).toMatch(
      /odoo_mcp_requests_total\{transport="web",method="call_tool",tool="odoo_search_read",status="200"\}/,
    );
  });
});

describe("security rules of the binary", () => {
  test("foreign Origin and Host are refused with 403; malformed and oversized bodies get proper errors", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${served.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const list = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" });
    expect((await post({ origin: "http://evil.example" }, list)).status).toBe(403);
    expect((await post({ origin: "http://localhost:5173" }, list)).status).toBe(200);
    expect((await post({ host: "evil.example" }, list)).status).toBe(403);
    const bad = await post({}, "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
    expect((await post({}, JSON.stringify({ pad: "x".repeat(1_100_000) }))).status).toBe(413);
    expect((await post({}, list)).status).toBe(200);
  });

  test("binding a non-loopback address without http.auth_token refuses to start, saying why", async () => {
    const config = httpConfig(odoo, "exposed.yaml", "  host: 0.0.0.0\n");
    const { code, stderr } = await runToExit(binary, ["--config", config]);
    expect(code).toBe(2);
    expect(stderr).not.toContain("unexpected error");
    expect(stderr).toContain("refusing to serve HTTP on 0.0.0.0 without authentication");
    expect(stderr).toContain("http.auth_token");
  });

  test("with http.auth_token: 401 + WWW-Authenticate without it, clients with the bearer work, /health stays open", async () => {
    const token = "e2e-token-0123456789";
    const s = await spawnHttp(binary, ["--config", httpConfig(odoo, "token.yaml", `  auth_token: ${token}\n`)]);
    try {
      const denied = await fetch(`${s.url}/mcp`, { method: "POST", body: "{}" });
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toStartWith("Bearer");
      for (const [method, path] of [
        ["GET", "/events"],
        ["GET", "/sse"],
        ["POST", "/messages?sessionId=x"],
        ["GET", "/metrics"],
        ["GET", "/mcp"],
        ["DELETE", "/mcp"],
      ] as const) {
        expect({ method, path, status: (await fetch(`${s.url}${path}`, { method })).status }).toEqual({
          method,
          path,
          status: 401,
        });
      }
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
      const preflight = await fetch(`${s.url}/mcp`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      const headers = { Authorization: `Bearer ${token}` };
      const client = new V1Client({ name: "e2e-token", version: "1" });
      await client.connect(new V1Streamable(new URL(`${s.url}/mcp`), { requestInit: { headers } }));
      expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
      await client.close();
      const legacy = new V1Client({ name: "e2e-token-sse", version: "1" });
      await legacy.connect(
        new V1Sse(new URL(`${s.url}/sse`), {
          requestInit: { headers },
          eventSourceInit: { fetch: withHeaders(headers) },
        }),
      );
      expect((await legacy.listTools()).tools).toHaveLength(TOOLS.length);
      await legacy.close();
      expect((await fetch(`${s.url}/metrics`, { headers })).status).toBe(200);
      expect(s.stderr()).not.toContain(token);
    } finally {
      await s.stop();
    }
  });

  test("requests_per_minute: the request over the limit gets -32001 Server busy, 429, Retry-After", async () => {
    const s = await spawnHttp(binary, ["--config", httpConfig(odoo, "limited.yaml", "requests_per_minute: 3\n")]);
    try {
      const call = () =>
        fetch(`${s.url}/mcp`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" }),
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const busy = await call();
      expect(busy.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await busy.json()).toMatchObject({
        error: { code: -32001, message: expect.stringContaining("Server busy") },
      });
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  test("SIGTERM with streams open: the streams end and the process exits cleanly", async () => {
    const s = await spawnHttp(binary, ["--config", httpConfig(odoo, "stop.yaml")]);
    const events = new SseReader((await fetch(`${s.url}/events`)).body!);
    await events.nextEvent();
    const legacy = new SseReader((await fetch(`${s.url}/sse`)).body!);
    await legacy.nextEvent();
    expect(await s.stop()).toBe(0);
    expect(await events.nextEvent()).toBeUndefined();
    expect(await legacy.nextEvent()).toBeUndefined();
  });
});

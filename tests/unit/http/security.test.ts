import { afterEach, describe, expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { assertSafeBind, isLoopback, originAllowed } from "../../../src/http/guards.ts";
import { RateLimiter } from "../../../src/mcp/rate-limit.ts";
import { tinyApp } from "./fixtures.ts";

const apps: HttpApp[] = [];
const make = (...args: Parameters<typeof tinyApp>) => {
  const h = tinyApp(...args);
  apps.push(h);
  return h;
};
afterEach(async () => {
  for (const h of apps.splice(0)) await h.close();
});

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" });
const req = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`http://localhost:8080${path}`, init);
const postList = (headers: Record<string, string> = {}) =>
  req("/mcp", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: LIST });

describe("bind address", () => {
  test("loopback binds need no token; any other address without one refuses to start, with a clear message", () => {
    expect(() => assertSafeBind("127.0.0.1", undefined)).not.toThrow();
    expect(() => assertSafeBind("localhost", undefined)).not.toThrow();
    expect(() => assertSafeBind("::1", undefined)).not.toThrow();
    expect(() => assertSafeBind("0.0.0.0", undefined)).toThrow(/http\.auth_token/);
    expect(() => assertSafeBind("192.168.1.10", undefined)).toThrow(/refusing to serve HTTP on 192\.168\.1\.10/);
    expect(() => assertSafeBind("0.0.0.0", "s3cret")).not.toThrow();
    expect(isLoopback("127.0.0.2")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
  });
});

describe("Origin (DNS rebinding)", () => {
  test("loopback origins on any port are allowed; others only when configured or with *", () => {
    expect(originAllowed("http://localhost:5173", [])).toBe(true);
    expect(originAllowed("http://127.0.0.1", [])).toBe(true);
    expect(originAllowed("https://[::1]:8443", [])).toBe(true);
    expect(originAllowed("http://evil.example", [])).toBe(false);
    expect(originAllowed("http://localhost.evil.example", [])).toBe(false);
    expect(originAllowed("null", [])).toBe(false);
    expect(originAllowed("null", ["null"])).toBe(true);
    expect(originAllowed("https://erp.example.com", ["https://erp.example.com/"])).toBe(true);
    expect(originAllowed("http://anything.example", ["*"])).toBe(true);
  });

  test("a foreign Origin gets 403 on every endpoint; no Origin (non-browser clients) passes", async () => {
    const h = make();
    for (const path of ["/mcp", "/events", "/sse", "/health", "/metrics"]) {
      const res = await h.app.handle(req(path, { headers: { origin: "http://evil.example" } }));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        error: { code: -32002, message: expect.stringContaining("evil.example") },
      });
    }
    expect((await h.app.handle(postList())).status).toBe(200);
  });

  test("an allowed browser origin gets CORS headers; allowed_origins and * extend the list", async () => {
    const h = make({ settings: { allowedOrigins: ["https://erp.example.com"] } });
    const local = await h.app.handle(postList({ origin: "http://localhost:3000" }));
    expect(local.status).toBe(200);
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(local.headers.get("access-control-expose-headers")).toContain("Mcp-Session-Id");
    const configured = await h.app.handle(postList({ origin: "https://erp.example.com" }));
    expect(configured.status).toBe(200);
    expect((await h.app.handle(postList({ origin: "https://other.example.com" }))).status).toBe(403);
    const any = make({ settings: { allowedOrigins: ["*"] } });
    expect((await any.app.handle(postList({ origin: "https://other.example.com" }))).status).toBe(200);
  });

  test("CORS preflight allows the MCP and channel headers without a token", async () => {
    const h = make({ settings: { authToken: "tok" } });
    const res = await h.app.handle(
      req("/mcp", {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:3000",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,mcp-session-id",
        },
      }),
    );
    expect(res.status).toBe(204);
    const allowed = res.headers.get("access-control-allow-headers") ?? "";
    for (const h of [
      "MCP-Protocol-Version",
      "Last-Event-ID",
      "Authorization",
      "Content-Type",
      "X-Client-Id",
      "Mcp-Session-Id",
    ]) {
      expect(allowed).toContain(h);
    }
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const foreign = await h.app.handle(req("/mcp", { method: "OPTIONS", headers: { origin: "http://evil.example" } }));
    expect(foreign.status).toBe(403);
  });

  test("on a loopback bind the Host header must name this machine", async () => {
    const h = make();
    expect((await h.app.handle(postList({ host: "evil.example:8080" }))).status).toBe(403);
    expect((await h.app.handle(postList({ host: "localhost:8080" }))).status).toBe(200);
    expect((await h.app.handle(postList({ host: "127.0.0.1:9" }))).status).toBe(200);
    expect((await h.app.handle(postList({ host: "[::1]:8080" }))).status).toBe(200);
    const wide = make({ settings: { host: "0.0.0.0", authToken: "t" } });
    const named = await wide.app.handle(postList({ host: "mcp.internal:8080", authorization: "Bearer t" }));
    expect(named.status).toBe(200);
  });
});

describe("bearer token", () => {
  test("with a token every endpoint but /health needs it: 401 + WWW-Authenticate otherwise", async () => {
    const h = make({ settings: { authToken: "s3cret-token" } });
    for (const path of ["/mcp", "/events", "/sse", "/metrics", "/messages?sessionId=x"]) {
      const res = await h.app.handle(req(path, { method: path === "/mcp" ? "POST" : "GET" }));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toStartWith("Bearer");
    }
    expect((await h.app.handle(postList({ authorization: "Bearer wrong" }))).status).toBe(401);
    expect((await h.app.handle(postList({ authorization: "Basic s3cret-token" }))).status).toBe(401);
    expect((await h.app.handle(postList({ authorization: "Bearer s3cret-token" }))).status).toBe(200);
    expect((await h.app.handle(req("/health"))).status).toBe(200);
  });
});

describe("rate limit", () => {
  test("over requests_per_minute a client gets -32001 Server busy with HTTP 429 and Retry-After", async () => {
    const limiter = new RateLimiter(2);
    const h = make({ rateLimit: (key) => limiter.take(key) / 1000 });
    expect((await h.app.handle(postList())).status).toBe(200);
    expect((await h.app.handle(postList())).status).toBe(200);
    const busy = await h.app.handle(postList());
    expect(busy.status).toBe(429);
    expect(Number(busy.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await busy.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32001, message: expect.stringContaining("Server busy") },
    });
    expect((await h.app.handle(req("/health"))).status).toBe(200);
  });
});

describe("bad requests", () => {
  test("a body over max_body_bytes gets 413; malformed JSON gets -32700 (400); the app keeps serving", async () => {
    const h = make({ settings: { maxBodyBytes: 64 } });
    const big = await h.app.handle(
      req("/mcp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pad: "x".repeat(200) }),
      }),
    );
    expect(big.status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("x".repeat(100)));
        c.close();
      },
    });
    const streamed = await h.app.handle(
      req("/mcp", { method: "POST", headers: { "content-type": "application/json" }, body: chunked }),
    );
    expect(streamed.status).toBe(413);
    const bad = await h.app.handle(
      req("/mcp", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: expect.any(String) },
    });
    const alsoBad = await h.app.handle(req("/messages?sessionId=x", { method: "POST", body: "[" }));
    expect(alsoBad.status).toBe(400);
    expect((await h.app.handle(postList())).status).toBe(200);
  });

  test("unknown paths get a JSON 404; unknown sessions get 404 on both legacy transports", async () => {
    const h = make();
    const missing = await h.app.handle(req("/nowhere"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: -32003 } });
    const session = await h.app.handle(postList({ "mcp-session-id": "no-such-session" }));
    expect(session.status).toBe(404);
    const sse = await h.app.handle(
      req("/messages?sessionId=nope", { method: "POST", headers: { "content-type": "application/json" }, body: LIST }),
    );
    expect(sse.status).toBe(404);
    const noSession = await h.app.handle(req("/mcp", { headers: { accept: "text/event-stream" } }));
    expect(noSession.status).toBe(400);
  });
});

import { describe, expect, test } from "bun:test";
import { assertSafeBind, bindAdvice, isLoopback, isLoopbackBind } from "../../../src/http/bind.ts";
import { clientKey, network, originAllowed } from "../../../src/http/guards.ts";
import { RateLimiter } from "../../../src/mcp/rate-limit.ts";
import { tinyApps } from "./fixtures.ts";

const make = tinyApps();

/** Sends `text` on a raw socket (to send what fetch would not) and returns the answer. */
async function rawHttp(port: number, text: string): Promise<string> {
  let out = "";
  await new Promise<void>((resolve, reject) => {
    void Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (s) => void s.write(text),
        data: (_s, d) => {
          out += new TextDecoder().decode(d);
        },
        close: () => resolve(),
        error: (_s, e) => reject(e),
      },
    }).catch(reject);
  });
  return out;
}

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" });
const req = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`http://localhost:8080${path}`, init);
const postList = (headers: Record<string, string> = {}) =>
  req("/mcp", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: LIST });

describe("bind address", () => {
  test("loopback binds need no token; any other address without one refuses to start, with a clear message", async () => {
    await assertSafeBind("127.0.0.1", undefined);
    await assertSafeBind("localhost", undefined);
    await assertSafeBind("::1", undefined);
    for (const host of ["0.0.0.0", "::", "0", "192.168.1.10", "::ffff:127.0.0.1", "127.1"]) {
      await expect(assertSafeBind(host, undefined)).rejects.toThrow(/http\.auth_token/);
    }
    await expect(assertSafeBind("192.168.1.10", undefined)).rejects.toThrow(
      /refusing to serve HTTP on 192\.168\.1\.10/,
    );
    await assertSafeBind("0.0.0.0", "s3cret");
    expect(isLoopback("127.0.0.2")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
  });

  test("a name counts as loopback only when every address it resolves to is one", async () => {
    const resolver = (table: Record<string, string[]>) => async (name: string) => table[name] ?? [];
    const hosts = resolver({ localhost: ["127.0.0.1", "::1"], "app.localhost": ["192.168.1.10"] });
    expect(await isLoopbackBind("localhost", hosts)).toBe(true);
    expect(await isLoopbackBind("app.localhost", hosts)).toBe(false);
    expect(await isLoopbackBind("localhost", resolver({ localhost: ["127.0.0.1", "10.0.0.5"] }))).toBe(false);
    expect(await isLoopbackBind("localhost", async () => Promise.reject(new Error("no resolver")))).toBe(false);
    expect(await isLoopbackBind("example.com", hosts)).toBe(false);
    expect(await isLoopbackBind("127.0.0.1", resolver({}))).toBe(true);
  });
});

describe("start-up advice", () => {
  test('warns about allowed_origins ["*"] without a token, and about a loopback bind inside a container', () => {
    const base = { host: "127.0.0.1", allowedOrigins: [] as string[], inContainer: false };
    expect(bindAdvice(base)).toEqual([]);
    expect(bindAdvice({ ...base, allowedOrigins: ["*"] })).toEqual([
      { level: "warning", message: expect.stringContaining("any web page") },
    ]);
    expect(bindAdvice({ ...base, allowedOrigins: ["*"], authToken: "t" })).toEqual([]);
    expect(bindAdvice({ ...base, inContainer: true })).toEqual([
      { level: "info", message: expect.stringContaining("0.0.0.0") },
    ]);
    expect(bindAdvice({ ...base, host: "0.0.0.0", authToken: "t", inContainer: true })).toEqual([]);
  });
});

describe("Origin (DNS rebinding)", () => {
  test("loopback origins on any port are allowed; others only when configured or with *", () => {
    expect(originAllowed("http://localhost:5173", [])).toBe(true);
    expect(originAllowed("http://127.0.0.1", [])).toBe(true);
    expect(originAllowed("https://[::1]:8443", [])).toBe(true);
    expect(originAllowed("http://evil.example", [])).toBe(false);
    expect(originAllowed("http://localhost.evil.example", [])).toBe(false);
    expect(originAllowed("http://127.0.0.1.nip.io", [])).toBe(false);
    expect(originAllowed("http://localhost.evil.com:8080", [])).toBe(false);
    expect(originAllowed("HTTP://LOCALHOST:3000", [])).toBe(true);
    expect(originAllowed("http://localhost:3000/", [])).toBe(true);
    expect(originAllowed("ws://localhost:3000", [])).toBe(false);
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
    const h = make({ rateLimit: (key) => limiter.take(key) / 1000, settings: { requestsPerMinute: 2 } });
    expect((await h.app.handle(postList())).status).toBe(200);
    expect((await h.app.handle(postList())).status).toBe(200);
    const busy = await h.app.handle(postList());
    expect(busy.status).toBe(429);
    const retry = Number(busy.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(await busy.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32001, message: expect.stringContaining("Server busy") },
    });
    // Which limit, for how long, and how to raise it.
    const { message } = ((await h.app.handle(postList()).then((r) => r.json())) as { error: { message: string } })
      .error;
    expect(message).toContain("requests_per_minute: 2 requests per minute per client");
    expect(message).toMatch(/retry in \d+ s/);
    expect(message).toContain("raise requests_per_minute");
    expect((await h.app.handle(req("/health"))).status).toBe(200);
  });

  test("an IPv6 peer is limited as its /64, an IPv4-mapped one as its IPv4 address", () => {
    expect(network("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(network("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(network("2001:0DB8::1")).toBe("2001:db8:0:0::/64");
    expect(network("::1")).toBe("0:0:0:0::/64");
    expect(network("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(network("10.1.2.3")).toBe("10.1.2.3");
    expect(clientKey("2001:db8:1:2::7", false)).toBe(clientKey("2001:db8:1:2::8", false));
    expect(clientKey("2001:db8:1:2::7", true)).toBe("token");
  });

  test("an Authorization header the server does not check cannot pick a fresh bucket", async () => {
    const limiter = new RateLimiter(2);
    const h = make({ rateLimit: (key) => limiter.take(key) / 1000 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.app.handle(postList({ authorization: `Bearer r${i}` }))).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  test("with a token, wrong tokens are limited per address (429, not endless 401s); the token has its own bucket", async () => {
    const limiter = new RateLimiter(2);
    const keys: string[] = [];
    const h = make({
      settings: { authToken: "tok" },
      rateLimit: (key) => {
        keys.push(key);
        return limiter.take(key) / 1000;
      },
    });
    const guesses = [];
    for (let i = 0; i < 3; i++) guesses.push((await h.app.handle(postList({ authorization: `Bearer g${i}` }))).status);
    expect(guesses).toEqual([401, 401, 429]);
    expect((await h.app.handle(req("/metrics"))).status).toBe(429);
    expect((await h.app.handle(postList({ authorization: "Bearer tok" }))).status).toBe(200);
    expect((await h.app.handle(req("/metrics", { headers: { authorization: "Bearer tok" } }))).status).toBe(200);
    expect(new Set(keys)).toEqual(new Set(["ip:", "token"]));
    // a browser page can read these refusals (and their Retry-After / WWW-Authenticate)
    const fromPage = (auth: string) => h.app.handle(postList({ authorization: auth, origin: "http://localhost:3000" }));
    const guess = await fromPage("Bearer nope");
    expect(guess.status).toBe(429);
    expect(guess.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    let res = await fromPage("Bearer tok");
    for (let i = 0; i < 3 && res.status !== 429; i++) res = await fromPage("Bearer tok");
    expect(res.status).toBe(429);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
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

  test("the SDK's own HTTP refusals quote at most 1,000 characters of what the client sent", async () => {
    const h = make();
    const name = `t${"x".repeat(100_000)}`;
    const meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" },
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    // No Mcp-Name header for a name too long to send as one: refused (-32020), the name quoted in the message.
    const body = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name, _meta: meta } });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const res = await h.app.handle(
      req("/mcp", {
        method: "POST",
        headers: { ...headers, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call" },
        body,
      }),
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    const answer = JSON.parse(text) as { id: number; error: { code: number; message: string } };
    expect(answer.id).toBe(9);
    expect(answer.error.message.length).toBeLessThanOrEqual(1_000);
    expect(text.length).toBeLessThan(5_000);
  });

  test("JSON nested deeper than 100 levels is refused at the edge with -32002 (400), its id echoed", async () => {
    const h = make();
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    for (const args of [`{"a":${deep(5000)}}`, `{"text":${deep(200_000)}}`]) {
      const body = `{"jsonrpc":"2.0","id":4,"method":"call_tool","params":{"name":"echo","arguments":${args}}}`;
      const res = await h.app.handle(
        req("/mcp", { method: "POST", headers: { "content-type": "application/json" }, body }),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        id: 4,
        error: { code: -32002, message: expect.stringContaining("100") },
      });
    }
    const legacy = await h.app.handle(req("/messages?sessionId=x", { method: "POST", body: deep(101) }));
    expect(legacy.status).toBe(400);
    // On the MCP transports the code is MCP's -32600 (-32002 is "resource not found" there), its id echoed.
    const mcp = `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":{"a":${deep(150)}}}}`;
    for (const [path, headers] of [
      ["/mcp", { "mcp-protocol-version": "2025-11-25", "mcp-session-id": "x" }],
      ["/mcp", { "mcp-protocol-version": "2026-07-28" }],
      ["/messages?sessionId=x", {}],
    ] as const) {
      const res = await h.app.handle(
        req(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: mcp }),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        id: 6,
        error: { code: -32600, message: expect.stringContaining("100") },
      });
    }
    // brackets inside strings are text, not nesting
    const text = '[{\\"'.repeat(300);
    const fine = await h.app.handle(
      req("/mcp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 5,
          method: "call_tool",
          params: { name: "echo", arguments: { text } },
        }),
      }),
    );
    expect(await fine.json()).toMatchObject({ id: 5, result: { content: [{ text }] } });
  });

  test("a request without a usable Host is refused with 400, not a crash", async () => {
    const h = make();
    const served = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (r) => h.app.handle(r) });
    try {
      for (const head of ["GET /health HTTP/1.0\r\n", "GET /mcp HTTP/1.1\r\nHost: [::1]evil\r\n"]) {
        const answer = await rawHttp(served.port ?? 0, `${head}Connection: close\r\n\r\n`);
        expect(answer).toStartWith("HTTP/1.1 400");
        expect(answer).toContain('"code":-32002');
      }
    } finally {
      served.stop(true);
    }
  });

  test("unknown paths get a JSON 404; unknown sessions get 404 on both legacy transports", async () => {
    const h = make();
    const missing = await h.app.handle(req("/nowhere"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: -32003 } });
    const put = await h.app.handle(req("/mcp", { method: "PUT", body: "{}" }));
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, DELETE");
    expect(await put.json()).toMatchObject({ error: { code: -32003 } });
    expect((await h.app.handle(req("/events", { method: "POST", body: "{}" }))).status).toBe(405);
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

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { ListedTool } from "./hostile.ts";
import { answersOf, type Channel, legacyChannel, modernChannel, sessionChannel, webChannel } from "./http-channels.ts";
import { hostileRound, replyProblem, sendAll } from "./http-hostile.ts";
import { type SpawnedHttp, spawnLiveHttp } from "./spawned-http.ts";

// The fast reliability suite over HTTP (issue 8): the generated hostile messages through every HTTP channel of the
// spawned binary — 2025 sessions, 2026-07-28 stateless, legacy /sse + /messages, the documented web channel — each
// answered with the right error, id and status; duplicate ids, wrong headers and content types; meanwhile /health
// stays fast, and afterwards the server is alive, its memory bounded and no secret is in any answer or log line.

let live: SpawnedHttp;
let tools: ListedTool[];
let rssBefore = 0;
let prober: ReturnType<typeof Bun.spawn>;
const everything: string[] = [];

// /health is probed from a process of its own every 100 ms, so that what it measures is the server, not this busy
// test process; it prints each probe's milliseconds (or "down", the status or error, and the milliseconds).
const PROBE = `
  const url = process.argv[1];
  for (;;) {
    const t = performance.now();
    const status = await fetch(url).then(async (r) => (await r.text(), r.status), (e) => String(e));
    console.log(status === 200 ? (performance.now() - t).toFixed(1) : \`down \${status} \${(performance.now() - t).toFixed(0)} ms\`);
    await Bun.sleep(100);
  }`;

beforeAll(async () => {
  live = await spawnLiveHttp("hostile.yaml");
  const res = await fetch(`${live.url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", ...live.auth },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" }),
  });
  tools = ((await res.json()) as { result: { tools: ListedTool[] } }).result.tools;
  rssBefore = live.rss();
  prober = Bun.spawn([process.execPath, "-e", PROBE, `${live.url}/health`], { stdout: "pipe", stderr: "ignore" });
}, 120_000);
afterAll(async () => {
  prober?.kill();
  await live?.stop();
});

const CHANNELS: Array<[string, () => Channel | Promise<Channel>]> = [
  ["web channel", () => webChannel(live.url, live.auth)],
  ["2025 session", () => sessionChannel(live.url, live.auth)],
  ["2026-07-28 stateless", () => modernChannel(live.url, live.auth)],
  ["legacy /sse", () => legacyChannel(live.url, live.auth)],
];

test.each(CHANNELS)(
  "%s: every generated hostile message answered with the right error, id and status",
  async (_name, open) => {
    const channel = await open();
    const started = performance.now();
    const round = await hostileRound(channel, tools, 1000);
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`http-hostile ${channel.name}: ${round.cases} messages in ${ms} ms\n`);
    everything.push(...round.bodies);
    await channel.close();
    expect(round.problems).toEqual([]);
    expect(live.alive()).toBe(true);
  },
  120_000,
);

test.each(CHANNELS)(
  "%s: concurrent requests with one id are each answered once, with that id",
  async (_name, open) => {
    const channel = await open();
    const copies = 6;
    const text = JSON.stringify({
      jsonrpc: "2.0",
      id: 77,
      method: channel.method("tools/call"),
      params: { name: "odoo_search_read", arguments: { model: "res.partner", limit: 3 } },
    });
    const replies = await sendAll(channel, Array(copies).fill(text), copies);
    for (let i = 0; i < 500 && channel.streamed.length < copies - replies.filter((r) => r.status !== 202).length; i++)
      await Bun.sleep(10);
    const answers = [...replies.flatMap((r) => r.answers), ...channel.streamed];
    everything.push(...replies.map((r) => r.body));
    await channel.close();
    expect(replies.map((r) => replyProblem(channel, r)).filter(Boolean)).toEqual([]);
    expect(answers).toHaveLength(copies);
    for (const a of answers) {
      expect(a.id).toBe(77);
      // Served, or (a 2025 session, where ids route answers) refused as a duplicate of one in flight.
      if (a.error) expect(a.error.code).toBe(channel.codes.invalidRequest);
    }
    expect(answers.filter((a) => a.result && !a.result.isError).length).toBeGreaterThanOrEqual(1);
  },
  60_000,
);

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "list_tools" });
const INIT = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "h", version: "1" } },
});
const BOTH = "application/json, text/event-stream";

/** Requests wrong in their headers, method or path: each the documented status and a JSON-RPC error (code). */
const WRONG: Array<[string, string, RequestInit, number, number, boolean?]> = [
  [
    "Origin of another site",
    "/mcp",
    { method: "POST", headers: { origin: "http://evil.example" }, body: LIST },
    403,
    -32002,
  ],
  ["Origin null (a file:// page)", "/mcp", { method: "POST", headers: { origin: "null" }, body: LIST }, 403, -32002],
  ["Host of another name", "/mcp", { method: "POST", headers: { host: "evil.example" }, body: LIST }, 403, -32002],
  ["no token", "/mcp", { method: "POST", body: LIST }, 401, -32000, false],
  [
    "a wrong token",
    "/mcp",
    { method: "POST", headers: { authorization: "Bearer nope" }, body: LIST },
    401,
    -32000,
    false,
  ],
  [
    "Basic instead of Bearer",
    "/mcp",
    { method: "POST", headers: { authorization: "Basic Zm9vOmJhcg==" }, body: LIST },
    401,
    -32000,
    false,
  ],
  ["/metrics without the token", "/metrics", {}, 401, -32000, false],
  ["PUT /mcp", "/mcp", { method: "PUT", body: LIST }, 405, -32003],
  ["PATCH /sse", "/sse", { method: "PATCH" }, 405, -32003],
  ["an unknown path", "/nope", {}, 404, -32003],
  [
    "a form body",
    "/mcp",
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1" },
    400,
    -32700,
  ],
  ["an empty body", "/mcp", { method: "POST", body: "" }, 400, -32700],
  [
    "initialize as text/plain",
    "/mcp",
    { method: "POST", headers: { "content-type": "text/plain", accept: BOTH }, body: INIT },
    415,
    -32000,
  ],
  [
    "initialize accepting only HTML",
    "/mcp",
    { method: "POST", headers: { accept: "text/html" }, body: INIT },
    406,
    -32000,
  ],
  [
    "an unknown Mcp-Session-Id",
    "/mcp",
    { method: "POST", headers: { "mcp-session-id": "nope" }, body: LIST },
    404,
    -32001,
  ],
  [
    "an 8 KB Mcp-Session-Id",
    "/mcp",
    { method: "POST", headers: { "mcp-session-id": "x".repeat(8000) }, body: LIST },
    404,
    -32001,
  ],
  [
    "MCP-Protocol-Version 1999-01-01",
    "/mcp",
    { method: "POST", headers: { "mcp-protocol-version": "1999-01-01" }, body: LIST },
    400,
    -32000,
  ],
  ["GET /mcp without a session", "/mcp", { headers: { accept: "text/event-stream" } }, 400, -32000],
  ["DELETE /mcp without a session", "/mcp", { method: "DELETE" }, 400, -32000],
  ["/messages without sessionId", "/messages", { method: "POST", body: LIST }, 404, -32001],
  ["/messages with an unknown sessionId", "/messages?sessionId=x", { method: "POST", body: LIST }, 404, -32001],
  ["/events with a bad client id", "/events?client_id=bad!!", {}, 400, -32004],
  ["/events with a 200-character client id", `/events?client_id=${"a".repeat(200)}`, {}, 400, -32004],
  ["/events with a non-ASCII X-Client-Id", "/events", { headers: { "x-client-id": "ü" } }, 400, -32004],
];

test("requests with wrong headers, content types, methods or paths get the documented status and error", async () => {
  const problems: string[] = [];
  for (const [what, path, init, status, code, withToken = true] of WRONG) {
    const headers = { "content-type": "application/json", ...(withToken ? live.auth : {}), ...init.headers };
    const reply = await answersOf(await fetch(`${live.url}${path}`, { ...init, headers }));
    everything.push(reply.body);
    const got = `${reply.status} ${reply.answers[0]?.error?.code}`;
    if (got !== `${status} ${code}` || reply.answers.length !== 1) problems.push(`${what}: ${got} ${reply.body}`);
  }
  expect(problems).toEqual([]);
});

test("afterwards: alive, memory bounded, /health was fast throughout, no secret answered, logged or exported", async () => {
  expect(live.alive()).toBe(true);
  Bun.gc(true);
  const grown = live.rss() - rssBefore;
  prober.kill();
  const probes = (await new Response(prober.stdout as ReadableStream).text()).trim().split("\n");
  const down = probes.filter((p) => p.startsWith("down"));
  const sorted = probes.map((p) => (p.startsWith("down") ? Number.POSITIVE_INFINITY : Number(p))).sort((a, b) => a - b);
  const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
  process.stderr.write(
    `http-hostile: RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(live.rss() / 2 ** 20)} MiB; ` +
      `/health ${sorted.length} probes, median ${Math.round(sorted[sorted.length >> 1] ?? 0)} ms, ` +
      `p99 ${Math.round(p99)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms\n`,
  );
  expect(grown).toBeLessThan(200 * 2 ** 20);
  expect(sorted.length).toBeGreaterThan(10);
  // Never down, never frozen: a blocked event loop (issue 8 items 1, 2: 1.6–30 s) would show here. The bounds leave
  // room for seven test suites sharing two cores.
  expect(down).toEqual([]);
  expect(sorted[sorted.length >> 1]).toBeLessThan(500);
  expect(sorted.at(-1)).toBeLessThan(5_000);
  const metrics = await (await fetch(`${live.url}/metrics`, { headers: live.auth })).text();
  const seen = [...everything, live.stderr(), metrics].join("\n");
  expect(live.stderr().length).toBeGreaterThan(0);
  const secrets = live.secrets();
  expect(secrets.length).toBeGreaterThan(2);
  for (const secret of secrets) {
    const at = seen.indexOf(secret);
    expect(at < 0 ? "" : `${secret.slice(0, 4)}… in ${seen.slice(Math.max(0, at - 300), at + 100)}`).toBe("");
  }
});

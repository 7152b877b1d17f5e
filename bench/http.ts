// HTTP throughput: tool calls per second at concurrency 1, 16 and 64 (the web channel's JSON POST /mcp), beside its
// floor — a bare Elysia endpoint in its own process answering the same body (bare-http.ts) — and the server's CPU time
// per call beside that endpoint's. Against a zero-latency fake (the goal: ≥ 5,000 calls/s at 64 on 2 cores), and
// against a fake with a service time, beside Odoo's own rate (the bare requests to that fake: the goal ≥ 95% of it).
// The other HTTP channels at 16: 2026-07-28 per-request MCP and a 2025-era session, one per worker.
import { join } from "node:path";
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/server";
import { type BenchContext, ROOT, type Row, type Section, serverCommand } from "./lib.ts";
import { callBody, floorRequest, freePort, httpServer, QUERY, target } from "./odoo.ts";

const SECONDS = Number(process.env["BENCH_HTTP_SECONDS"] ?? 3);
// Throughput is a long-running server's: JavaScriptCore compiles the hot paths over the first tens of thousands of
// calls, on JIT threads whose CPU counts as the server's. Both processes get the same warm-up before anything is
// measured (a few seconds of calls at 16), so the figures are steady state, not start-up.
const WARMUP_SECONDS = Number(process.env["BENCH_HTTP_WARMUP"] ?? 4);
const SERVICE_MS = 20;
const MODERN = "2026-07-28";

/** Requests per second `send` sustains with `concurrency` workers for `seconds` (after a short warm-up). */
async function rate(
  send: (worker: number) => Promise<unknown>,
  concurrency: number,
  seconds = SECONDS,
): Promise<number> {
  const until = { t: performance.now() + 300 };
  const worker = async (i: number, count: { n: number }) => {
    while (performance.now() < until.t) {
      await send(i);
      count.n++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i, { n: 0 })));
  const count = { n: 0 };
  const start = performance.now();
  until.t = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i, count)));
  return count.n / ((performance.now() - start) / 1000);
}

/** `rate`, after WARMUP_SECONDS of the same calls (a path the server has not served yet is compiled first). */
async function warmRate(send: (worker: number) => Promise<unknown>, concurrency: number): Promise<number> {
  await rate(send, concurrency, WARMUP_SECONDS);
  return rate(send, concurrency);
}

/** CPU time (user + system) a process has used, in microseconds (Linux /proc). */
async function cpuMicros(pid: number): Promise<number> {
  const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The rate of `send` at `concurrency`, and the CPU microseconds `pid` spent per request meanwhile. */
async function measured(send: (worker: number) => Promise<unknown>, concurrency: number, pid: number) {
  const before = await cpuMicros(pid);
  const start = performance.now();
  const perSecond = await rate(send, concurrency);
  const requests = perSecond * ((performance.now() - start) / 1000);
  return { perSecond, cpuPerCall: ((await cpuMicros(pid)) - before) / Math.max(1, requests) };
}

/** POSTs `body` to `url` and checks the answer is a successful tool result. */
async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  if (!res.ok || text.includes('"isError":true') || text.includes('"error":'))
    throw new Error(`call failed: ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/** Starts the bare endpoint answering `body`; resolves once it listens. */
async function bareEndpoint(body: string) {
  const url = `http://127.0.0.1:${freePort()}`;
  const proc = Bun.spawn([process.execPath, join(ROOT, "bench", "bare-http.ts")], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", BARE_BODY: body, BARE_PORT: new URL(url).port },
    stdout: "ignore",
    stderr: "ignore",
  });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/mcp`, { method: "POST", body: "{}" }).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await Bun.sleep(25);
  }
  return { url, pid: proc.pid, stop: () => proc.kill() };
}

const toolCall = (meta?: Record<string, unknown>) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "odoo_search_read", arguments: QUERY, ...(meta ? { _meta: meta } : {}) },
  });

/** A 2026-07-28 `tools/call` of QUERY: its envelope and standard headers, no session. */
const modernCall = {
  headers: {
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": "tools/call",
    "mcp-name": "odoo_search_read",
  },
  body: toolCall({
    [PROTOCOL_VERSION_META_KEY]: MODERN,
    [CLIENT_INFO_META_KEY]: { name: "odoo-mcp-bench", version: "1" },
    [CLIENT_CAPABILITIES_META_KEY]: {},
  }),
};

/** A 2025-11-25 session (initialize, initialized); returns the headers its calls carry. */
async function session2025(url: string): Promise<Record<string, string>> {
  const accept = "application/json, text/event-stream";
  const init = {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "odoo-mcp-bench", version: "1" } },
  };
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify(init),
  });
  await res.text();
  const sid = res.headers.get("mcp-session-id") ?? "";
  const headers = { accept, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" };
  const note = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
  await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: note });
  return headers;
}

export const section: Section = {
  title: "HTTP throughput",
  order: 30,
  async run(ctx: BenchContext) {
    const t = await target(ctx);
    const rows: Row[] = [];
    const server = await httpServer(serverCommand(ctx), t, "session");
    const mcp = `${server.url}/mcp`;
    const bare = await bareEndpoint(await post(mcp, callBody));
    try {
      const call = () => post(mcp, callBody);
      const bareCall = () => post(`${bare.url}/mcp`, callBody);
      const odoo = await floorRequest(t, "session");
      await rate(bareCall, 16, WARMUP_SECONDS);
      await rate(call, 16, WARMUP_SECONDS);
      for (const c of [1, 16, 64]) {
        const floor = await measured(bareCall, c, bare.pid);
        const value = await measured(call, c, server.pid);
        const row: Row = {
          section: "HTTP",
          name: `calls/s at ${c}, zero-latency fake`,
          value: value.perSecond,
          unit: "/s",
          floor: floor.perSecond,
        };
        if (c === 64) {
          const fake = await rate(odoo, c);
          const note = `the fake alone answers ${Math.round(fake)} bare requests/s at 64 (the bench's client and fake share one thread)`;
          Object.assign(row, { goal: "≥ 5000/s", met: value.perSecond >= 5000, note });
          rows.push(row, {
            section: "HTTP",
            name: "server CPU per call at 64, zero-latency fake",
            value: value.cpuPerCall,
            unit: "µs",
            floor: floor.cpuPerCall,
          });
        } else rows.push(row);
      }
      // The other HTTP channels, at 16: per-request 2026-07-28 MCP, and one 2025-era session per worker.
      rows.push({
        section: "HTTP",
        name: "calls/s at 16, 2026-07-28 per request",
        value: await warmRate(() => post(mcp, modernCall.body, modernCall.headers), 16),
        unit: "/s",
      });
      const sessions = await Promise.all(Array.from({ length: 16 }, () => session2025(mcp)));
      const sessionBody = toolCall();
      rows.push({
        section: "HTTP",
        name: "calls/s at 16, 2025 session per client",
        value: await warmRate((i) => post(mcp, sessionBody, sessions[i] ?? {}), 16),
        unit: "/s",
      });
      if (t.fake) t.fake.faults.latencyMs = SERVICE_MS;
      for (const c of [1, 16, 64]) {
        const floor = await rate(odoo, c);
        const value = await rate(call, c);
        rows.push({
          section: "HTTP",
          name: `calls/s at ${c}, fake with ${SERVICE_MS} ms service time`,
          value,
          unit: "/s",
          floor,
          goal: "≥ 95% of floor",
          met: value >= 0.95 * floor,
        });
      }
    } finally {
      bare.stop();
      await server.stop();
      await t.stop();
    }
    return rows;
  },
};

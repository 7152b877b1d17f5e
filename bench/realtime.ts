// Real-time: write → notification latency and what change detection costs Odoo. Writes go through another connection
// to the fake Odoo at random moments; the subscribed clients are the spawned binary over stdio (MCP
// resources/subscribe) and over HTTP (the documented /events stream), by polling and with push mode (the rules of
// `push install`, the fake's bus). Beside them, the floors of the same run: half the poll interval (what polling costs
// on average at best), the fake bus's own delivery (write → websocket) for push, the calls per minute of one subscribed
// record and of one client.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { applyInstall, planInstall } from "../src/realtime/push-install.ts";
import { type BenchContext, percentile, type Row, type Section, serverCommand } from "./lib.ts";
import { httpServer, type Target, target } from "./odoo.ts";
import { stdioClient } from "./percall.ts";

const INTERVAL_S = Number(process.env["BENCH_POLL_INTERVAL"] ?? 0.5);
const INTERVAL_MS = INTERVAL_S * 1000;
/** Samples per regime (the p99 of so few is close to their maximum). */
const SAMPLES = Number(process.env["BENCH_RT_SAMPLES"] ?? 12);
/** Server processes per transport in the latency part (each polls in its own phase: one sample per write each). */
const PROCESSES = Number(process.env["BENCH_RT_PROCESSES"] ?? 3);
/** A write not announced within this long counts as lost. */
const LOST_MS = 5000;
/** The poller's rounds at half the interval after a change (src/realtime/poller.ts FAST_ROUNDS). */
const FAST_ROUNDS = 10;
/** Rounds per calls-per-minute window. */
const WINDOW_ROUNDS = 6;
const RECORD = 9;
const S = "real-time";

type Kw = Record<string, unknown>;
/** One Odoo call as the admin, over its own web session (the "other connection" that writes). */
type Call = (model: string, method: string, args: unknown[], kwargs?: Kw) => Promise<unknown>;

async function adminSession(t: Target): Promise<{ call: Call; cookie: string }> {
  const rpc = (params: unknown) => JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params });
  const login = await fetch(`${t.url}/web/session/authenticate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: rpc({ db: t.database, login: t.login, password: t.password }),
  });
  await login.text();
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const call: Call = async (model, method, args, kwargs = {}) => {
    const res = await fetch(`${t.url}/web/dataset/call_kw/${model}/${method}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: rpc({ model, method, args, kwargs }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { data?: { message?: string } } };
    if (body.error) throw new Error(`${model}.${method}: ${body.error.data?.message ?? "Odoo error"}`);
    return body.result;
  };
  return { call, cookie };
}

/** Arrival times of the notifications for one URI; `next()` resolves at the first one after it is called. */
class Arrivals {
  count = 0;
  private waiters: Array<(at: number) => void> = [];
  hit(): void {
    const at = performance.now();
    this.count += 1;
    for (const w of this.waiters.splice(0)) w(at);
  }
  next(): Promise<number> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      setTimeout(() => resolve(Number.NaN), LOST_MS);
    });
  }
}

/** Opens an `/events` stream as `clientId`; every `notifications/resources/updated` for `uri` hits `arrivals`. */
async function eventsStream(base: string, clientId: string, uri: string, arrivals?: Arrivals) {
  const abort = new AbortController();
  const res = await fetch(`${base}/events?client_id=${clientId}`, {
    headers: { Accept: "text/event-stream" },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`/events: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let established: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    established = resolve;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.includes("connection/established")) established();
          else if (frame.includes("event: notifications/resources/updated") && frame.includes(`"uri":"${uri}"`))
            arrivals?.hit();
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted
    }
  })();
  await open;
  return { close: () => abort.abort() };
}

/** The web channel's subscribe_resource for `client_id`; throws unless subscribed. */
async function subscribe(base: string, clientId: string, uri: string): Promise<void> {
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "subscribe_resource", params: { uri, client_id: clientId } }),
  });
  const text = await res.text();
  if (!text.includes('"subscribed":true')) throw new Error(`subscribe ${uri}: ${text.slice(0, 200)}`);
}

/** Runs `fn` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const stats = (xs: number[]) => {
  const ok = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return { p50: percentile(ok, 0.5), p99: percentile(ok, 0.99), lost: xs.length - ok.length };
};

/**
 * Write → notification over each client, for SAMPLES writes, each `gap()` ms after the previous one was announced
 * (a random moment relative to the rounds). Every write changes `comment`, a field outside the default field set.
 * Each server process polls in its own phase, so each of a transport's processes gives one sample per write.
 */
async function latencies(
  write: () => Promise<unknown>,
  clients: Record<string, Arrivals[]>,
  gap: () => number,
  samples = SAMPLES,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  for (let i = 0; i < samples; i++) {
    await Bun.sleep(gap());
    const waits = Object.entries(clients).flatMap(([k, all]) => all.map((a) => [k, a.next()] as const));
    const start = performance.now();
    await write();
    for (const [k, w] of waits) out[k]?.push((await w) - start);
  }
  return out;
}

/** A `Counter` total from a Prometheus text (all label sets summed). */
async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n"))
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(" ").at(-1));
  return sum;
}

/**
 * Odoo requests per minute while the server only polls (nothing is written): counted at the fake between the end of
 * one round and the end of the WINDOW_ROUNDS-th round after it (rounds seen in the server's /metrics), so a window
 * holds whole rounds. Also the calls per round the server itself counts.
 */
async function callsPerMinute(base: string, t: Target): Promise<{ perMinute: number; perRound: number }> {
  const fake = t.fake;
  if (!fake) return { perMinute: Number.NaN, perRound: Number.NaN };
  // Subscribing reads each record, and a record read within the last second is compared by content for a second.
  await Bun.sleep(1500);
  const roundsNow = () => metric(base, "odoo_mcp_polls_total");
  const waitRounds = async (from: number, n: number) => {
    for (;;) {
      const r = await roundsNow();
      if (r >= from + n) return r;
      await Bun.sleep(10);
    }
  };
  const first = await waitRounds(await roundsNow(), 1);
  const [requests, calls, start] = [
    fake.counters.requests,
    await metric(base, "odoo_mcp_poll_odoo_calls_total"),
    performance.now(),
  ];
  const last = await waitRounds(first, WINDOW_ROUNDS);
  const elapsed = performance.now() - start;
  const spent = fake.counters.requests - requests;
  const perRound = ((await metric(base, "odoo_mcp_poll_odoo_calls_total")) - calls) / (last - first);
  return { perMinute: (spent * 60_000) / elapsed, perRound };
}

/** The fake bus's own delivery: write → a websocket subscriber of the channel the automation rule sends on. */
async function busFloor(t: Target, call: Call, cookie: string): Promise<number[]> {
  const channel = `odoo-mcp-bench-${crypto.randomUUID()}`;
  const [model] = (await call("ir.model", "search_read", [[["model", "=", "res.partner"]]], {
    fields: ["id"],
  })) as Kw[];
  const code =
    "for rec in records:\n" +
    `    env['bus.bus']._sendone('${channel}', 'odoo_mcp_change', {'model': rec._name, 'id': rec.id, 'write_date': str(rec.write_date)})`;
  const action = await call("ir.actions.server", "create", [
    { name: "odoo-mcp bench", model_id: model?.id, state: "code", code },
  ]);
  const rule = await call("base.automation", "create", [
    {
      name: "odoo-mcp bench",
      model_id: model?.id,
      trigger: "on_create_or_write",
      action_server_ids: [[6, 0, [action]]],
    },
  ]);
  const arrivals = new Arrivals();
  const ws = new WebSocket(`${t.url.replace(/^http/, "ws")}/websocket`, {
    headers: { Cookie: cookie, Origin: t.url },
  } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  ws.onmessage = (e) => {
    if (String(e.data).includes(channel) || String(e.data).includes("odoo_mcp_change")) arrivals.hit();
  };
  ws.send(JSON.stringify({ event_name: "subscribe", data: { channels: [channel], last: 0 } }));
  await Bun.sleep(100);
  let n = 0;
  const out = await latencies(
    () => call("res.partner", "write", [[RECORD], { comment: `<p>bus ${++n}</p>` }]),
    { bus: [arrivals] },
    () => rand(20, 100),
  );
  ws.close();
  // Its server action goes with it (ondelete cascade, as on Odoo 17+).
  await call("base.automation", "unlink", [[rule]]);
  return out["bus"] ?? [];
}

/** Write → notification with push mode on (stdio and /events, one server each; polling only as the 30 s safety net). */
async function pushRows(
  ctx: BenchContext,
  t: Target,
  call: Call,
  write: () => Promise<unknown>,
  uri: string,
  floor: number,
): Promise<Row[]> {
  const odoo = { executeKw: <T>(m: string, f: string, a: unknown[], k?: Kw) => call(m, f, a, k) as Promise<T> };
  const plan = await planInstall(odoo, ["res.partner"]);
  await applyInstall(odoo, plan);
  const env = {
    ODOO_MCP_REALTIME_POLL_INTERVAL: String(INTERVAL_S),
    ODOO_MCP_REALTIME_PUSH_ENABLED: "true",
    ODOO_MCP_REALTIME_PUSH_CHANNEL: plan.channel,
  };
  const [stdio, http] = await Promise.all([
    stdioClient(ctx, t, "session", env),
    httpServer(serverCommand(ctx), t, "session", env),
  ]);
  const arrivals = { stdio: [new Arrivals()], "/events": [new Arrivals()] };
  let stream: { close(): void } | undefined;
  try {
    (stdio.client as Client).setNotificationHandler(ResourceUpdatedNotificationSchema, (m) => {
      if (m.params.uri === uri) arrivals.stdio[0]?.hit();
    });
    await stdio.client.subscribeResource({ uri });
    stream = await eventsStream(http.url, "bench-push", uri, arrivals["/events"][0]);
    await subscribe(http.url, "bench-push", uri);
    const end = performance.now() + 10_000;
    while ((await metric(http.url, "odoo_mcp_bus_connected")) !== 1 && performance.now() < end) await Bun.sleep(50);
    // The stdio server connects in the same time; then the catch-up round and the same-second watch settle.
    await Bun.sleep(1500);
    const by = await latencies(write, arrivals, () => rand(100, 100 + INTERVAL_MS), 2 * SAMPLES);
    return Object.entries(by).flatMap(([client, xs]): Row[] => {
      const { p50, p99, lost } = stats(xs);
      return [
        {
          section: S,
          name: `p50 write → ${client}, push`,
          value: p50,
          unit: "ms",
          floor,
          goal: "≤ floor + 100 ms",
          met: p50 <= floor + 100 && lost === 0,
          ...(lost ? { note: `${lost} of ${xs.length} writes not announced within ${LOST_MS} ms` } : {}),
        },
        { section: S, name: `p99 write → ${client}, push`, value: p99, unit: "ms" },
      ];
    });
  } finally {
    stream?.close();
    await stdio.close();
    await http.stop();
  }
}

function latencyRows(label: string, by: Record<string, number[]>, floor: number): Row[] {
  const rows: Row[] = [];
  for (const [client, xs] of Object.entries(by)) {
    const { p50, p99, lost } = stats(xs);
    rows.push({
      section: S,
      name: `p50 write → ${client}, polling, ${label}`,
      value: p50,
      unit: "ms",
      floor,
      goal: `≤ ${INTERVAL_MS / 2 + 50} ms (interval/2 + 50)`,
      met: p50 <= INTERVAL_MS / 2 + 50 && lost === 0,
      ...(lost ? { note: `${lost} of ${xs.length} writes not announced within ${LOST_MS} ms` } : {}),
    });
    rows.push({ section: S, name: `p99 write → ${client}, polling, ${label}`, value: p99, unit: "ms" });
  }
  return rows;
}

/** A polling-cost row: Odoo calls per minute, flat when within 1.2× of the smallest case (`base`). */
const flatRow = (what: string, base: string, perMinute: number, one: number, perRound: number): Row => ({
  section: S,
  name: `Odoo calls/min polling ${what}`,
  value: perMinute,
  unit: "/min",
  floor: one,
  goal: `flat (≤ 1.2× ${base})`,
  met: perMinute <= 1.2 * one,
  note: `${perRound} Odoo call(s) per round, one round per ${INTERVAL_S} s`,
});

export const section: Section = {
  title: "real-time",
  order: 50,
  async run(ctx: BenchContext) {
    const t = await target(ctx);
    const rows: Row[] = [];
    const env = { ODOO_MCP_REALTIME_POLL_INTERVAL: String(INTERVAL_S) };
    const uri = `odoo://res.partner/${RECORD}`;
    try {
      const { call, cookie } = await adminSession(t);
      let n = 0;
      const write = () => call("res.partner", "write", [[RECORD], { comment: `<p>change ${++n}</p>` }]);

      // Latency: the same writes reach PROCESSES stdio clients and as many /events clients, each its own server.
      const stdio = await Promise.all(Array.from({ length: PROCESSES }, () => stdioClient(ctx, t, "session", env)));
      const http = await Promise.all(
        Array.from({ length: PROCESSES }, () => httpServer(serverCommand(ctx), t, "session", env)),
      );
      const arrivals = {
        stdio: stdio.map(() => new Arrivals()),
        "/events": http.map(() => new Arrivals()),
      };
      const streams: Array<{ close(): void }> = [];
      try {
        for (const [i, s] of stdio.entries()) {
          (s.client as Client).setNotificationHandler(ResourceUpdatedNotificationSchema, (m) => {
            if (m.params.uri === uri) arrivals.stdio[i]?.hit();
          });
          await s.client.subscribeResource({ uri });
        }
        for (const [i, h] of http.entries()) {
          streams.push(await eventsStream(h.url, "bench-latency", uri, arrivals["/events"][i]));
          await subscribe(h.url, "bench-latency", uri);
        }
        await Bun.sleep(1500);
        const total = (all: Arrivals[]) => all.reduce((n, a) => n + a.count, 0);
        const before = { stdio: total(arrivals.stdio), events: total(arrivals["/events"]) };
        // While changes flow the poller runs at half the interval; after FAST_ROUNDS quiet rounds at the interval.
        const flowing = await latencies(write, arrivals, () => rand(0, INTERVAL_MS));
        const steady = await latencies(
          write,
          arrivals,
          () => (FAST_ROUNDS * INTERVAL_MS) / 2 + rand(250, 250 + INTERVAL_MS),
        );
        await Bun.sleep(2 * INTERVAL_MS);
        rows.push(...latencyRows(`steady (interval ${INTERVAL_S} s)`, steady, INTERVAL_MS / 2));
        rows.push(...latencyRows("while changes flow", flowing, INTERVAL_MS / 4));
        const expected = 2 * SAMPLES * PROCESSES;
        for (const [client, got] of [
          ["stdio", total(arrivals.stdio) - before.stdio],
          ["/events", total(arrivals["/events"]) - before.events],
        ] as const) {
          rows.push({
            section: S,
            name: `notifications per write, ${client}`,
            value: got / expected,
            unit: "",
            floor: 1,
            goal: "1",
            met: got === expected,
          });
        }
      } finally {
        for (const s of streams) s.close();
        await Promise.all([...stdio.map((s) => s.close()), ...http.map((h) => h.stop())]);
      }

      // Cost: calls per minute while only polling, for 1, 100 and 1,000 records, then 1 vs 50 clients.
      const ids = (await call("res.partner", "create", [
        Array.from({ length: 1000 }, (_, i) => ({ name: `Bench watched ${i}` })),
      ])) as number[];
      const cost = await httpServer(serverCommand(ctx), t, "session", env);
      const costStreams: Array<{ close(): void }> = [];
      try {
        costStreams.push(await eventsStream(cost.url, "bench-cost", uri));
        let one = Number.NaN;
        let done = 0;
        for (const count of [1, 100, 1000]) {
          await pool(ids.slice(done, count), 16, (id) => subscribe(cost.url, "bench-cost", `odoo://res.partner/${id}`));
          done = count;
          const { perMinute, perRound } = await callsPerMinute(cost.url, t);
          if (count === 1) one = perMinute;
          rows.push(flatRow(`${count} record${count > 1 ? "s" : ""}, 1 client`, "1 record", perMinute, one, perRound));
        }
      } finally {
        for (const s of costStreams) s.close();
        await cost.stop();
      }
      const shared = await httpServer(serverCommand(ctx), t, "session", env);
      const clients: Array<{ close(): void }> = [];
      try {
        const watched = ids.slice(0, 10).map((id) => `odoo://res.partner/${id}`);
        let one = Number.NaN;
        for (const count of [1, 50]) {
          for (let c = clients.length; c < count; c++) {
            clients.push(await eventsStream(shared.url, `bench-client-${c}`, uri));
            await pool(watched, 10, (u) => subscribe(shared.url, `bench-client-${c}`, u));
          }
          const { perMinute, perRound } = await callsPerMinute(shared.url, t);
          if (count === 1) one = perMinute;
          rows.push(
            flatRow(`10 records, ${count} client${count > 1 ? "s" : ""}`, "1 client", perMinute, one, perRound),
          );
        }
      } finally {
        for (const s of clients) s.close();
        await shared.stop();
      }
      // Push: the rules of `push install` on the fake, the servers listening on its bus. The floor is the fake bus's own
      // delivery (write → a websocket subscriber of a rule's channel), measured first.
      const bus = stats(await busFloor(t, call, cookie));
      rows.push({
        section: S,
        name: "p50 write → bus subscriber (the fake's own delivery)",
        value: bus.p50,
        unit: "ms",
      });
      rows.push(...(await pushRows(ctx, t, call, write, uri, bus.p50)));
    } finally {
      await t.stop();
    }
    return rows;
  },
};

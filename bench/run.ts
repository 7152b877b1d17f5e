// `make bench`: the cost of each layer as a ratio against a baseline measured in the same run, so the numbers mean
// something on any machine. Baseline: a bare fetch of the same search_read on a logged-in web session, the floor any
// client pays against this fake Odoo. Ratios near 1.0 mean that layer adds little. Nothing here asserts a time.
// (Real Odoo also re-checks the credential on every /jsonrpc, XML-RPC and JSON-2 call — ~10 ms, see
// tests/fixtures/odoo-captures/README.md — which the fake does not simulate: the session's real advantage is larger.)
import { createOdooClient } from "../src/odoo/client.ts";
import type { OdooClient } from "../src/odoo/types.ts";
import { connect, startBackend } from "../tests/unit/mcp/harness.ts";

const N = Number(process.env["BENCH_N"] ?? 300);
const WARMUP = 30;
const DOMAIN = [["is_company", "=", true]];
const KW = { fields: ["name", "email", "country_id"], limit: 3 };

async function measure(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(N / 2)] ?? 0, p95: times[Math.floor(N * 0.95)] ?? 0 };
}

// No rate limit: the bench sends thousands of calls a minute on purpose.
const backend = await startBackend({ version: "19.0", config: { requests_per_minute: 0 } });
const { fake } = backend;
const { admin } = fake.users;
const client = (protocol: "jsonrpc" | "xmlrpc" | "json2", credential: "password" | "apiKey"): OdooClient =>
  createOdooClient({
    url: fake.url,
    database: fake.database,
    login: admin.login,
    ...(credential === "password" ? { password: admin.password } : { apiKey: admin.apiKey }),
    protocol,
    timeoutMs: 30_000,
  });

const login = await fetch(`${fake.url}/web/session/authenticate`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ jsonrpc: "2.0", params: { db: fake.database, login: admin.login, password: admin.password } }),
});
const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
const rawBody = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  params: { model: "res.partner", method: "search_read", args: [DOMAIN], kwargs: KW },
});
const raw = () =>
  fetch(`${fake.url}/web/dataset/call_kw/res.partner/search_read`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: rawBody,
  }).then((r) => r.json());

const clients = {
  session: client("jsonrpc", "password"),
  stateless: client("jsonrpc", "apiKey"),
  xmlrpc: client("xmlrpc", "password"),
  json2: client("json2", "apiKey"),
};
const session = await connect(backend.deps, "v1");
const search = (c: OdooClient) => () => c.executeKw("res.partner", "search_read", [DOMAIN], KW);
const cases: Array<[string, () => Promise<unknown>]> = [
  ["baseline: bare fetch, /web/dataset/call_kw with a session cookie", raw],
  ["OdooClient jsonrpc, session (password)", search(clients.session)],
  ["OdooClient jsonrpc, stateless /jsonrpc (API key)", search(clients.stateless)],
  ["OdooClient xmlrpc (/xmlrpc/2, codec both ways)", search(clients.xmlrpc)],
  ["OdooClient json2 (Odoo 19, bearer key)", search(clients.json2)],
  [
    "MCP tools/call odoo_search_read (v1 client, in-memory)",
    () =>
      session.client.callTool({ name: "odoo_search_read", arguments: { model: "res.partner", domain: DOMAIN, ...KW } }),
  ],
];

const rows: Array<[string, { median: number; p95: number }]> = [];
for (const [name, run] of cases) rows.push([name, await measure(run)]);
const base = rows[0]?.[1].median ?? 1;
process.stdout.write(`odoo-mcp bench — ${N} calls each after ${WARMUP} warm-up, fake Odoo 19.0 on loopback\n\n`);
process.stdout.write(`${"case".padEnd(62)} ${"median".padStart(9)} ${"p95".padStart(9)} ${"ratio".padStart(7)}\n`);
for (const [name, { median, p95 }] of rows) {
  const ms = (x: number) => `${x.toFixed(3)}ms`.padStart(9);
  process.stdout.write(`${name.padEnd(62)} ${ms(median)} ${ms(p95)} ${(median / base).toFixed(2).padStart(7)}\n`);
}
process.stdout.write(
  "\nThe MCP row does two Odoo calls per tool call (search_count for paging, then search_read): compare it with 2×.\n",
);
await session.close();
await Promise.all(Object.values(clients).map((c) => c.close()));
await backend.stop();

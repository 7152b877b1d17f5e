// The Odoo the bench measures against, and the bare requests that are its floor: one request per protocol, sent with
// fetch and nothing else, the least any client pays for the same answer.
import { type FakeOdoo, startFakeOdoo } from "../src/fake-odoo/index.ts";
import { encodeCall } from "../src/odoo/xmlrpc-codec.ts";
import type { BenchContext } from "./lib.ts";

/** The credential check the fake charges per stateless call (real Odoo hashes the key or password, slowly). */
export const CREDENTIAL_CHECK_MS = 10;

/** Where to reach Odoo and as whom. */
export interface Target {
  url: string;
  database: string;
  login: string;
  uid: number;
  password?: string;
  apiKey?: string;
  major: number;
  /** The fake Odoo when it runs in this process. */
  fake?: FakeOdoo;
  /** How many requests the fake has answered (whichever process it runs in); none against a real Odoo. */
  requests?(): Promise<number>;
  stop(): Promise<void>;
}

type Version = "17.0" | "18.0" | "19.0";

/**
 * A fake Odoo 19 charging a credential check per stateless call, or the real Odoo of `make bench ODOO_URL=…`.
 * `ownProcess`: the fake runs in a process of its own, as Odoo does, so that a bare request from the bench crosses a
 * process boundary as the server's do (in this process it would share the bench client's thread).
 */
export async function target(
  ctx: BenchContext,
  version: Version = "19.0",
  options: { ownProcess?: boolean } = {},
): Promise<Target> {
  if (ctx.real) {
    const { url, database, login, password, apiKey } = ctx.real;
    const info = (await jsonrpc(url, { service: "common", method: "version", args: [] })) as {
      server_version_info: number[];
    };
    const uid = Number(
      await jsonrpc(url, {
        service: "common",
        method: "authenticate",
        args: [database, login, password ?? apiKey, {}],
      }),
    );
    if (!uid) throw new Error(`cannot log in to ${url} as ${login}`);
    return {
      url,
      database,
      login,
      uid,
      ...(password ? { password } : {}),
      ...(apiKey ? { apiKey } : {}),
      major: info.server_version_info[0] ?? 0,
      stop: async () => {},
    };
  }
  if (options.ownProcess) return fakeProcess(version);
  const fake = await startBenchFake(version);
  return {
    ...describe(fake, version),
    fake,
    requests: async () => fake.counters.requests,
    stop: () => fake.stop(),
  };
}

async function startBenchFake(version: Version): Promise<FakeOdoo> {
  const fake = await startFakeOdoo({ version });
  fake.faults.credentialCheckMs = CREDENTIAL_CHECK_MS;
  return fake;
}

function describe(fake: FakeOdoo, version: Version) {
  const { admin } = fake.users;
  return {
    url: fake.url,
    database: fake.database,
    login: admin.login,
    uid: admin.uid,
    password: admin.password,
    apiKey: admin.apiKey,
    major: Number.parseInt(version, 10),
  };
}

/** The fake in a child process (this file run as a program): one line describing it, then a count per line asked. */
async function fakeProcess(version: Version): Promise<Target> {
  const proc = Bun.spawn([process.execPath, import.meta.path], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, BENCH_FAKE_VERSION: version },
  });
  const lines = readLines(proc.stdout);
  const ask = async (question: string) => {
    proc.stdin.write(`${question}\n`);
    await proc.stdin.flush();
    return lines.next().then((r) => (r.done ? Promise.reject(new Error("the fake Odoo process ended")) : r.value));
  };
  const described = JSON.parse(await ask("describe")) as ReturnType<typeof describe>;
  return {
    ...described,
    requests: async () => Number(await ask("requests")),
    stop: async () => {
      proc.kill();
      await proc.exited;
    },
  };
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    for (let i = pending.indexOf("\n"); i !== -1; i = pending.indexOf("\n")) {
      yield pending.slice(0, i);
      pending = pending.slice(i + 1);
    }
  }
}

if (import.meta.main) {
  const version = (process.env["BENCH_FAKE_VERSION"] ?? "19.0") as Version;
  const fake = await startBenchFake(version);
  const answers: Record<string, () => unknown> = {
    describe: () => JSON.stringify(describe(fake, version)),
    requests: () => fake.counters.requests,
  };
  for await (const line of console) process.stdout.write(`${answers[line.trim()]?.() ?? ""}\n`);
  await fake.stop();
}

async function jsonrpc(url: string, params: unknown, path = "/jsonrpc", cookie?: string): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { data?: { message?: string } } };
  if (body.error) throw new Error(body.error.data?.message ?? "Odoo error");
  return body.result;
}

/** The protocols a tool call can go over (what `protocol` and the credential select). */
export type Path = "session" | "jsonrpc-key" | "xmlrpc" | "json2";

/** The paths this target can measure: a password gives session and XML-RPC, a key /jsonrpc and (19+) JSON-2. */
export function paths(t: Target): Path[] {
  const out: Path[] = [];
  if (t.password) out.push("session", "xmlrpc");
  if (t.apiKey) out.push("jsonrpc-key", ...(t.major >= 19 ? (["json2"] as const) : []));
  return out;
}

/** The server's environment for a path (config from the environment only, no file). */
export function serverEnv(t: Target, path: Path): Record<string, string> {
  const key = path === "jsonrpc-key" || path === "json2";
  return {
    ODOO_URL: t.url,
    DATABASE: t.database,
    ODOO_MCP_UID: t.login,
    ...(key ? { ODOO_MCP_API_KEY: t.apiKey ?? "" } : { PASSWORD: t.password ?? "" }),
    ODOO_MCP_PROTOCOL: path === "session" || path === "jsonrpc-key" ? "jsonrpc" : path,
    ODOO_MCP_REQUESTS_PER_MINUTE: "0",
    ODOO_MCP_LOGGING_LEVEL: "WARNING",
  };
}

/** What the bench asks: 3 companies with a name, an email and a many2one. */
export const QUERY = {
  model: "res.partner",
  domain: [["is_company", "=", true]],
  fields: ["name", "email", "country_id"],
  limit: 3,
};
const WSR = {
  domain: QUERY.domain,
  specification: { name: {}, email: {}, country_id: { fields: { display_name: {} } } },
  offset: 0,
  limit: QUERY.limit,
};

/** A function sending the one bare request that answers QUERY over `path` (logging in first where needed). */
export async function floorRequest(t: Target, path: Path): Promise<() => Promise<unknown>> {
  const post = (p: string, body: string, headers: Record<string, string>) => () =>
    fetch(`${t.url}${p}`, { method: "POST", headers, body }).then((r) => r.text());
  const rpc = (params: unknown) => JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params });
  const json = { "Content-Type": "application/json" };
  if (path === "session") {
    const res = await fetch(`${t.url}/web/session/authenticate`, {
      method: "POST",
      headers: json,
      body: rpc({ db: t.database, login: t.login, password: t.password }),
    });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const body = rpc({ model: QUERY.model, method: "web_search_read", args: [], kwargs: WSR });
    return post("/web/dataset/call_kw/res.partner/web_search_read", body, { ...json, Cookie: cookie });
  }
  if (path === "jsonrpc-key") {
    const args = [t.database, t.uid, t.apiKey, QUERY.model, "web_search_read", [], WSR];
    return post("/jsonrpc", rpc({ service: "object", method: "execute_kw", args }), json);
  }
  if (path === "xmlrpc") {
    const body = encodeCall("execute_kw", [t.database, t.uid, t.password, QUERY.model, "web_search_read", [], WSR]);
    return post("/xmlrpc/2/object", body, { "Content-Type": "text/xml" });
  }
  return post(`/json/2/${QUERY.model}/web_search_read`, JSON.stringify(WSR), {
    ...json,
    Authorization: `bearer ${t.apiKey}`,
    "X-Odoo-Database": t.database,
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port ?? 0;
  s.stop(true);
  return port;
}

/** Starts the server over HTTP (`connection_type: sse`) for `path`; resolves once `/health` answers. */
export async function httpServer(cmd: string[], t: Target, path: Path, extraEnv: Record<string, string> = {}) {
  const port = freePort();
  const proc = Bun.spawn(cmd, {
    stdout: "ignore",
    stderr: "ignore",
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: process.env["HOME"] ?? "",
      ...serverEnv(t, path),
      ODOO_MCP_CONNECTION_TYPE: "sse",
      ODOO_MCP_HTTP_PORT: String(port),
      ...extraEnv,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await Bun.sleep(25);
  }
  return {
    url,
    pid: proc.pid,
    stop: async () => {
      proc.kill();
      await proc.exited;
    },
  };
}

/** The web channel's call of QUERY (one JSON POST /mcp, no handshake). */
export const callBody = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "call_tool",
  params: { name: "odoo_search_read", arguments: QUERY },
});

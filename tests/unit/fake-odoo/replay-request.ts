import type { FakeOdoo } from "../../../src/fake-odoo/index.ts";

/** One recorded exchange of `tests/fixtures/odoo-captures`. */
export interface Capture {
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { status: string; headers: Record<string, string>; body: unknown };
}

/** Logs in through /web/session/authenticate and returns the session cookie. */
export async function login(fake: FakeOdoo, who: "admin" | "demo"): Promise<string> {
  const user = fake.users[who];
  const res = await fetch(`${fake.url}/web/session/authenticate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      id: 1,
      params: { db: fake.database, login: user.login, password: user.password },
    }),
  });
  const cookie = res.headers.get("set-cookie") ?? "";
  await res.text();
  return cookie.split(";")[0] ?? "";
}

/** Creates a throw-away partner over /jsonrpc (for captures that write or unlink a record they created). */
export async function createPartner(fake: FakeOdoo): Promise<number> {
  const params = {
    service: "object",
    method: "execute_kw",
    args: [fake.database, 2, "admin", "res.partner", "create", [{ name: "tmp" }]],
  };
  const res = await fetch(`${fake.url}/jsonrpc`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params }),
  });
  return ((await res.json()) as { result: number }).result;
}

/** Rewrites the record id a capture used for its own temporary record. */
async function substituteCreatedId(fake: FakeOdoo, name: string, body: unknown): Promise<unknown> {
  if (!/(_create_write_unlink_(write|unlink)|json2_(write|unlink))\.json$/.test(name)) return body;
  const id = await createPartner(fake);
  const b = structuredClone(body) as { params?: { args: unknown[] }; ids?: number[] };
  if (b.params) {
    const rest = b.params.args[5] as unknown[];
    rest[0] = [id];
  } else b.ids = [id];
  return b;
}

/** Sends a capture's request to the fake (placeholders verbatim, a fresh login where it carried a session). */
export async function send(fake: FakeOdoo, name: string, capture: Capture): Promise<Response> {
  const { request } = capture;
  const url = new URL(request.url);
  const headers: Record<string, string> = { ...request.headers };
  if (headers.Cookie?.includes("<from /web/session/authenticate>")) {
    headers.Cookie = await login(fake, name.includes("demo") ? "demo" : "admin");
  }
  const body = await substituteCreatedId(fake, name, request.body);
  const init: RequestInit = { method: request.method, headers };
  if (body !== null && body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${fake.url}${url.pathname}${url.search}`, init);
}

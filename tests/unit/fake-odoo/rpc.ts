import { afterAll, beforeAll, beforeEach } from "bun:test";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";

/** One fake per Odoo version for the calling test file: started once, reset before each test, stopped after. */
export function everyVersion(): Record<FakeVersion, FakeOdoo> {
  const fakes = {} as Record<FakeVersion, FakeOdoo>;
  beforeAll(async () => {
    for (const v of ["17.0", "18.0", "19.0"] as const) fakes[v] = await startFakeOdoo({ version: v });
  });
  afterAll(async () => {
    for (const f of Object.values(fakes)) await f.stop();
  });
  beforeEach(() => {
    for (const f of Object.values(fakes)) f.reset();
  });
  return fakes;
}

/** JSON-RPC body as the fake answers it. */
export interface RpcAnswer {
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data: { name: string; message: string } };
}

/** POSTs a JSON-RPC `call` to a path of the fake. */
export async function post(fake: FakeOdoo, path: string, params: unknown, cookie?: string): Promise<RpcAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(`${fake.url}${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 7, params }),
  });
  return (await res.json()) as RpcAnswer;
}

/** `execute_kw` over /jsonrpc as a given user (admin by default). */
export function executeKw(
  fake: FakeOdoo,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
  who: { uid: number; secret: string } = { uid: 2, secret: "admin" },
): Promise<RpcAnswer> {
  const params = {
    service: "object",
    method: "execute_kw",
    args: [fake.database, who.uid, who.secret, model, method, args, kwargs],
  };
  return post(fake, "/jsonrpc", params);
}

import type { Backend } from "../mcp/harness.ts";

/** HTTP requests the fake Odoo received while `work` ran, after the login (done first, not counted). */
export async function requestsDuring<T>(
  backend: Backend,
  work: () => Promise<T>,
): Promise<{ result: T; requests: number }> {
  await backend.deps.odoo.connect();
  const before = backend.fake.counters.requests;
  const result = await work();
  return { result, requests: backend.fake.counters.requests - before };
}

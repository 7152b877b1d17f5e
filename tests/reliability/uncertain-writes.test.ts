import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Backend, type BackendOptions, connect, type Session, startBackend, text } from "../unit/mcp/harness.ts";

// Issue 8 item 3: after a call that may have changed data, the answer says Odoo may have applied it and how to check;
// the server never repeats it. Every protocol: JSON-RPC session, /jsonrpc with a key, XML-RPC, JSON-2.

const PROTOCOLS: Array<[string, BackendOptions]> = [
  ["JSON-RPC session", { version: "18.0" }],
  ["/jsonrpc (API key)", { version: "18.0", apiKey: true }],
  ["XML-RPC", { version: "18.0", config: { protocol: "xmlrpc" } }],
  ["JSON-2", { version: "19.0", apiKey: true }],
];

const UNCERTAIN = /may have (been )?applied/i;

describe.each(PROTOCOLS)("%s", (_name, options) => {
  let backend: Backend;
  let session: Session;
  beforeAll(async () => {
    backend = await startBackend({ ...options, config: { ...options.config, timeout: 0.5, approval: { tools: [] } } });
    session = await connect(backend.deps, "v1");
    // Log in and learn res.partner's fields first: the fault must hit the write itself.
    await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
  });
  afterAll(async () => {
    await session.close();
    await backend.stop();
  });

  const count = async (name: string) => {
    const r = await session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: [["name", "=", name]], fields: ["id"] },
    });
    return (r.structuredContent as { count: number }).count;
  };

  test("a create whose connection dropped after Odoo applied it: one record, never repeated, and the answer says to check", async () => {
    const name = `Uncertain ${_name}`;
    backend.fake.faults.dropAfter = 1;
    const r = await session.client.callTool({
      name: "odoo_create",
      arguments: { model: "res.partner", values: { name } },
    });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(UNCERTAIN);
    expect(text(r)).toMatch(/before retrying/i);
    expect(text(r)).not.toMatch(/next call tries again|or retry\b/i);
    expect(await count(name)).toBe(1);
  });

  test("a timeout on a write, unlink or unknown method says the same; a read's timeout does not", async () => {
    const calls: Array<[string, Record<string, unknown>, boolean]> = [
      ["odoo_write", { model: "res.partner", ids: [1], values: { comment: "x" } }, true],
      ["odoo_unlink", { model: "res.partner", ids: [999_999] }, true],
      ["odoo_call_method", { model: "res.partner", method: "name_create", args: ["Timed out"] }, true],
      ["odoo_call_method", { model: "res.partner", method: "action_archive", args: [[999_999]] }, true],
      ["odoo_call_method", { model: "res.partner", method: "search_count", args: [[]] }, false],
      ["odoo_read", { model: "res.partner", ids: [1], fields: ["name"] }, false],
    ];
    backend.fake.faults.latencyMs = 800;
    try {
      for (const [tool, args, mayWrite] of calls) {
        const r = await session.client.callTool({ name: tool, arguments: args });
        expect(r.isError).toBe(true);
        expect({ tool, args, uncertain: UNCERTAIN.test(text(r)) }).toEqual({ tool, args, uncertain: mayWrite });
      }
    } finally {
      backend.fake.faults.latencyMs = 0;
    }
  }, 30_000);
});

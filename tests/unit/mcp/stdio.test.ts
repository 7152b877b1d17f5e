import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { metaFor } from "../../../src/tools/meta.ts";
import { guardClient } from "../../../src/trust/guard.ts";
import { policyFor } from "../../../src/trust/policy.ts";
import { type Backend, connect, startBackend } from "./harness.ts";
import { stdioPipes } from "./pipes.ts";

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.stop());

const pipes = () => stdioPipes(backend.deps);

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

describe("serveStdio", () => {
  test("answers a line that is not JSON with -32700 and one that is not JSON-RPC with -32600", async () => {
    const io = pipes();
    io.stdin.write("this is not json\n");
    io.stdin.write(`${JSON.stringify({ id: 7, hello: "world" })}\n`);
    io.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    const [parse, invalid, init] = await io.next(3);
    expect(parse).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    expect(invalid).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32600 } });
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: "odoo-mcp" } } });
    io.stdin.end();
    await io.served;
  });

  test("an unknown method is -32601; a request split across chunks still parses", async () => {
    const io = pipes();
    const text = `${JSON.stringify(INITIALIZE)}\n`;
    io.stdin.write(text.slice(0, 20));
    io.stdin.write(text.slice(20));
    io.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    io.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "no/such/method" })}\n`);
    const answers = await io.next(2);
    expect(answers.find((a) => (a as { id: number }).id === 1)).toMatchObject({
      result: { protocolVersion: "2025-06-18" },
    });
    expect(answers.find((a) => (a as { id: number }).id === 2)).toMatchObject({ error: { code: -32601 } });
    io.stdin.end();
    await io.served;
  });

  test("a line over the size limit is answered once (-32700) and dropped to its end; the next line is served", async () => {
    const io = pipes();
    const chunk = "x".repeat(1 << 20);
    for (let i = 0; i < 17; i++) io.stdin.write(chunk);
    io.stdin.write(`\n${JSON.stringify(INITIALIZE)}\n`);
    const [tooLong, init] = await io.next(2);
    expect(tooLong).toMatchObject({
      id: null,
      error: { code: -32700, message: expect.stringContaining("longer than") },
    });
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: "odoo-mcp" } } });
    io.stdin.end();
    await io.served;
    expect(io.lines).toHaveLength(2);
  });

  test("params that fail the spec's schema are -32602 Invalid params with the reason, not -32603", async () => {
    const io = pipes();
    io.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    io.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    io.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "resources/read", params: {} })}\n`);
    const setLevel = { jsonrpc: "2.0", id: 3, method: "logging/setLevel", params: { level: "loud" } };
    io.stdin.write(`${JSON.stringify(setLevel)}\n`);
    const answers = (await io.next(3)) as Array<{ id: number; error?: { code: number; message: string } }>;
    const read = answers.find((a) => a.id === 2)?.error;
    expect(read?.code).toBe(-32602);
    expect(read?.message).toStartWith("Invalid params: params.uri:");
    expect(answers.find((a) => a.id === 3)?.error).toMatchObject({ code: -32602 });
    io.stdin.end();
    await io.served;
  });

  test("resolves when stdin closes, aborting the Odoo call in flight", async () => {
    const io = pipes();
    io.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    await io.next(1);
    // Logged in, fields known (through the policy's guarded client, as the registry asks): the next request is the read.
    await metaFor(guardClient(backend.deps.odoo, policyFor(backend.deps.config))).fields("res.partner");
    backend.fake.faults.latencyMs = 10_000;
    backend.calls.length = 0;
    const call = { name: "odoo_read", arguments: { model: "res.partner", ids: [1], fields: ["name"] } };
    io.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: call })}\n`);
    for (let i = 0; i < 300 && backend.calls.length === 0; i++) await Bun.sleep(10);
    const inFlight = backend.calls[0];
    expect(inFlight?.signal?.aborted).toBe(false);
    io.stdin.end();
    await io.served;
    expect(inFlight?.signal?.aborted).toBe(true);
    backend.fake.faults.latencyMs = 0;
  });

  test("initialize is answered while the Odoo login is still running; the first call waits for it", async () => {
    const slow = await startBackend();
    slow.fake.faults.latencyMs = 100;
    const login = slow.deps.odoo.connect();
    const session = await connect(slow.deps, "v1");
    expect(slow.fake.counters.sessionLogins).toBe(0);
    const result = await session.client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [1], fields: ["name"] },
    });
    expect(result.isError).toBeFalsy();
    expect(slow.fake.counters.sessionLogins).toBe(1);
    await login;
    await session.close();
    await slow.stop();
  });
});

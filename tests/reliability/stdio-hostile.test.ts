import { afterAll, beforeAll, expect, test } from "bun:test";
import { MAX_PENDING_MESSAGES } from "../../src/mcp/stdio-transport.ts";
import { type Backend, startBackend } from "../unit/mcp/harness.ts";
import { stdioPipes } from "../unit/mcp/pipes.ts";
import { deepCase, hostileCases, type ListedTool, MCP_CODES, verify } from "./hostile.ts";

// The fast reliability suite over stdio (issue 9; issue 8 item 9): thousands of generated hostile lines through the
// real stdio transport, each answered once with the right error and id; the server keeps serving.

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend({ config: { approval: { tools: [] }, requests_per_minute: 0 } });
});
afterAll(() => backend.stop());

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "hostile", version: "1" } },
};

test("every generated hostile line is answered once, with the right error and id; the server keeps serving", async () => {
  const io = stdioPipes(backend.deps);
  const tools = (await io.handshake()) as ListedTool[];
  expect(tools.length).toBeGreaterThanOrEqual(6);
  const cases = [
    ...hostileCases(tools, MCP_CODES),
    deepCase(90_001, 100_000, MCP_CODES),
    deepCase(90_002, 150, MCP_CODES),
  ];
  expect(cases.length).toBeGreaterThan(1000);
  for (const c of cases) io.send(c.text);
  io.send({ jsonrpc: "2.0", id: 99_999, method: "ping" });
  await io.answered(cases.length + 1);
  await Bun.sleep(50);
  expect(
    verify(
      cases,
      io.lines.filter((a) => a.id !== 99_999),
    ),
  ).toEqual([]);
  expect(io.lines.find((a) => a.id === 99_999)).toMatchObject({ result: {} });
  await io.end();
}, 120_000);

test("a client that stops reading its answers is not read from either: unread answers stay bounded", async () => {
  const io = stdioPipes(backend.deps, { reading: false });
  io.send(INITIALIZE);
  io.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  // Nobody reads stdout: a PassThrough holds 16 KiB, then every write waits for a reader.
  const pad = "p".repeat(2_000);
  for (let i = 0; i < 3_000; i++) io.send({ jsonrpc: "2.0", id: 10 + i, method: `nope/${i}/${pad}` });
  await Bun.sleep(500);
  const waiting = io.stdout.readableLength;
  // Answers written but unread: far fewer than the 3,000 asked for.
  expect(io.stdin.readableLength).toBeGreaterThan(0);
  expect(waiting).toBeLessThan((MAX_PENDING_MESSAGES + 64) * 4_000);
  io.read();
  await io.answered(3_001);
  expect(io.lines.filter((a) => a.error?.code === -32601)).toHaveLength(3_000);
  await io.end();
}, 60_000);

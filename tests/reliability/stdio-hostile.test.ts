import { afterAll, beforeAll, expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { MAX_PENDING_MESSAGES, StdioTransport } from "../../src/mcp/stdio-transport.ts";
import { serveStdio } from "../../src/stdio.ts";
import { type Backend, startBackend } from "../unit/mcp/harness.ts";
import { type Answer, deepCase, hostileCases, type ListedTool, MCP_CODES, verify } from "./hostile.ts";

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

function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const served = serveStdio(backend.deps, { transport: new StdioTransport(stdin, stdout) });
  const answers: Answer[] = [];
  let buffered = "";
  const read = () =>
    stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) answers.push(JSON.parse(line));
    });
  // Answers only: log and progress notifications do not count.
  const until = async (count: number) => {
    for (let i = 0; i < 3000 && answers.filter((a) => a.method === undefined).length < count; i++) await Bun.sleep(10);
  };
  return { stdin, stdout, served, answers, read, until };
}

const send = (stdin: PassThrough, text: string) => stdin.write(`${text}\n`);

test("every generated hostile line is answered once, with the right error and id; the server keeps serving", async () => {
  const io = pipes();
  io.read();
  send(io.stdin, JSON.stringify(INITIALIZE));
  send(io.stdin, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  send(io.stdin, JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }));
  await io.until(2);
  const tools = (io.answers.find((a) => a.id === 2)?.result?.tools ?? []) as ListedTool[];
  expect(tools.length).toBeGreaterThanOrEqual(6);
  io.answers.length = 0;
  const cases = [
    ...hostileCases(tools, MCP_CODES),
    deepCase(90_001, 100_000, MCP_CODES),
    deepCase(90_002, 150, MCP_CODES),
  ];
  expect(cases.length).toBeGreaterThan(1000);
  for (const c of cases) send(io.stdin, c.text);
  send(io.stdin, JSON.stringify({ jsonrpc: "2.0", id: 99_999, method: "ping" }));
  await io.until(cases.length + 1);
  await Bun.sleep(50);
  expect(
    verify(
      cases,
      io.answers.filter((a) => a.id !== 99_999),
    ),
  ).toEqual([]);
  expect(io.answers.find((a) => a.id === 99_999)).toMatchObject({ result: {} });
  io.stdin.end();
  await io.served;
}, 120_000);

test("a client that stops reading its answers is not read from either: unread answers stay bounded", async () => {
  const io = pipes();
  send(io.stdin, JSON.stringify(INITIALIZE));
  send(io.stdin, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  // Nobody reads stdout: a PassThrough holds 16 KiB, then every write waits for a reader.
  const pad = "p".repeat(2_000);
  for (let i = 0; i < 3_000; i++)
    send(io.stdin, JSON.stringify({ jsonrpc: "2.0", id: 10 + i, method: `nope/${i}/${pad}` }));
  await Bun.sleep(500);
  const waiting = io.stdout.readableLength;
  // Answers written but unread: far fewer than the 3,000 asked for.
  expect(io.stdin.readableLength).toBeGreaterThan(0);
  expect(waiting).toBeLessThan((MAX_PENDING_MESSAGES + 64) * 4_000);
  io.read();
  await io.until(3_001);
  expect(io.answers.filter((a) => a.error?.code === -32601)).toHaveLength(3_000);
  io.stdin.end();
  await io.served;
}, 60_000);

import { expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { StdioTransport } from "../../src/mcp/stdio-transport.ts";
import { serveStdio } from "../../src/stdio.ts";
import { startBackend } from "../unit/mcp/harness.ts";
import { type Answer, hostileCases, type ListedTool, MCP_CODES, verify } from "./hostile.ts";

// `make soak DURATION=<seconds>`: the generated hostile traffic over stdio, round after round, with Odoo faults
// injected in turn (slow, 500s, dropped connections, expired sessions), for as long as asked. Every round must be
// answered in full and memory must stay bounded. Skipped by `make test` (no SOAK_SECONDS).

const SECONDS = Number(process.env.SOAK_SECONDS ?? 0);

test.skipIf(!SECONDS)(
  "soak: hostile rounds with Odoo faults, every request answered, memory bounded",
  async () => {
    const backend = await startBackend({ config: { approval: { tools: [] }, requests_per_minute: 0, timeout: 2 } });
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const served = serveStdio(backend.deps, { transport: new StdioTransport(stdin, stdout) });
    const answers: Answer[] = [];
    let buffered = "";
    stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) answers.push(JSON.parse(line));
    });
    const until = async (count: number) => {
      for (let i = 0; i < 6000 && answers.filter((a) => a.method === undefined).length < count; i++)
        await Bun.sleep(10);
    };
    const init = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "soak", version: "1" } };
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: init })}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n`);
    await until(2);
    const tools = (answers.find((a) => a.id === 2)?.result?.tools ?? []) as ListedTool[];
    const faults = [
      () => {},
      () => (backend.fake.faults.latencyMs = 300),
      () => (backend.fake.faults.http500 = 20),
      () => (backend.fake.faults.drop = 20),
      () => (backend.fake.faults.expireSessions = true),
    ];
    const deadline = Date.now() + SECONDS * 1000;
    let baseline = 0;
    for (let round = 0; Date.now() < deadline; round++) {
      answers.length = 0;
      backend.fake.reset();
      faults[round % faults.length]?.();
      const cases = hostileCases(tools, MCP_CODES, { firstId: 10_000 + round * 100_000 });
      for (const c of cases) stdin.write(`${c.text}\n`);
      await until(cases.length);
      const problems = verify(cases, answers).filter((p) => !/Odoo|timed out|Cannot reach/.test(p));
      expect(problems).toEqual([]);
      Bun.gc(true);
      const rss = process.memoryUsage().rss;
      if (round === 1) baseline = rss;
      process.stderr.write(`soak round ${round}: ${cases.length} messages, rss ${Math.round(rss / 2 ** 20)} MiB\n`);
      if (round > 1) expect(rss - baseline).toBeLessThan(256 * 2 ** 20);
    }
    stdin.end();
    await served;
    await backend.stop();
  },
  (SECONDS + 300) * 1000,
);

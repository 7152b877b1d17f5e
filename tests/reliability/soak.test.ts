import { expect, test } from "bun:test";
import type { FakeOdoo } from "../../src/fake-odoo/index.ts";
import { startBackend } from "../unit/mcp/harness.ts";
import { stdioPipes } from "../unit/mcp/pipes.ts";
import { hostileCases, type ListedTool, MCP_CODES, verify } from "./hostile.ts";
import { legacyChannel, modernChannel, sessionChannel, webChannel } from "./http-channels.ts";
import { hostileRound } from "./http-hostile.ts";
import { spawnLiveHttp } from "./spawned-http.ts";

// `make soak DURATION=<seconds>`: the generated hostile traffic, round after round, with Odoo faults injected in turn
// (slow, 500s, dropped connections, expired sessions), for as long as asked: over stdio (in-process), then over every
// HTTP channel of the spawned binary. Every round must be answered in full and memory must stay bounded. Skipped by
// `make test` (no SOAK_SECONDS).

const SECONDS = Number(process.env.SOAK_SECONDS ?? 0);

const FAULTS: Array<(fake: FakeOdoo) => void> = [
  () => {},
  (fake) => (fake.faults.latencyMs = 300),
  (fake) => (fake.faults.http500 = 20),
  (fake) => (fake.faults.drop = 20),
  (fake) => (fake.faults.expireSessions = true),
];
/** Answers an injected Odoo fault explains (a tool error naming Odoo, a timeout) are not the server's problems. */
const notFault = (p: string) => !/Odoo|timed out|Cannot reach/.test(p);

/** Runs `round` until `seconds` are over, each with the next fault; memory (`rss`) may not grow past 256 MiB. */
async function soak(name: string, fake: FakeOdoo, rss: () => number, round: (n: number) => Promise<number>) {
  const deadline = Date.now() + SECONDS * 1000;
  let baseline = 0;
  for (let n = 0; Date.now() < deadline; n++) {
    fake.reset();
    FAULTS[n % FAULTS.length]?.(fake);
    const messages = await round(n);
    Bun.gc(true);
    const now = rss();
    if (n === 1) baseline = now;
    process.stderr.write(`soak ${name} round ${n}: ${messages} messages, rss ${Math.round(now / 2 ** 20)} MiB\n`);
    if (n > 1) expect(now - baseline).toBeLessThan(256 * 2 ** 20);
  }
}

test.skipIf(!SECONDS)(
  "soak over stdio: hostile rounds with Odoo faults, every request answered, memory bounded",
  async () => {
    const backend = await startBackend({ config: { approval: { tools: [] }, requests_per_minute: 0, timeout: 2 } });
    const io = stdioPipes(backend.deps);
    const tools = (await io.handshake()) as ListedTool[];
    await soak(
      "stdio",
      backend.fake,
      () => process.memoryUsage().rss,
      async (n) => {
        io.lines.length = 0;
        const cases = hostileCases(tools, MCP_CODES, { firstId: 10_000 + n * 100_000 });
        for (const c of cases) io.send(c.text);
        await io.answered(cases.length, 60_000);
        expect(verify(cases, io.lines).filter(notFault)).toEqual([]);
        return cases.length;
      },
    );
    await io.end();
    await backend.stop();
  },
  (SECONDS + 300) * 1000,
);

test.skipIf(!SECONDS)(
  "soak over HTTP: hostile rounds on every channel of the binary with Odoo faults, all answered, memory bounded",
  async () => {
    const live = await spawnLiveHttp("soak.yaml", "timeout: 2\n");
    const opens = [webChannel, sessionChannel, modernChannel, legacyChannel];
    const tools = (
      (await (
        await fetch(`${live.url}/mcp`, {
          method: "POST",
          headers: { "content-type": "application/json", ...live.auth },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools" }),
        })
      ).json()) as { result: { tools: ListedTool[] } }
    ).result.tools;
    await soak("http", live.fake, live.rss, async (n) => {
      const channel = await (opens[n % opens.length] as (typeof opens)[number])(live.url, live.auth);
      const round = await hostileRound(channel, tools, 10_000 + n * 100_000);
      await channel.close();
      expect(round.problems.filter(notFault)).toEqual([]);
      expect(live.alive()).toBe(true);
      return round.cases;
    });
    const seen = live.stderr();
    for (const secret of live.secrets()) expect(seen.includes(secret)).toBe(false);
    await live.stop();
  },
  (SECONDS + 300) * 1000,
);

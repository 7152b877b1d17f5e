// Cold start: spawn → `--version` and spawn → `initialize` answered (stdio), beside a compiled empty Bun program; and
// spawn → first tool result beside that floor plus one bare Odoo request (a fresh process, as a stdio host spawns one
// per conversation).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BenchContext,
  emptyProgram,
  percentile,
  type Row,
  type Section,
  serverCommand,
  spawnExitMs,
} from "./lib.ts";
import { floorRequest, QUERY, serverEnv, type Target, target } from "./odoo.ts";

const RUNS = 15;
const INITIALIZE = `${JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
})}\n`;
const INITIALIZED = `${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`;
const CALL = `${JSON.stringify({
  jsonrpc: "2.0",
  id: 2,
  method: "tools/call",
  params: { name: "odoo_search_read", arguments: QUERY },
})}\n`;

/** Spawns the server over stdio, sends `messages` one answer at a time; ms from spawn to each answer. */
async function stdioTimes(
  cmd: string[],
  env: Record<string, string>,
  steps: Array<{ send: string; answers: boolean }>,
): Promise<number[]> {
  const start = performance.now();
  const proc = Bun.spawn(cmd, { stdin: "pipe", stdout: "pipe", stderr: "ignore", env });
  const reader = proc.stdout.getReader();
  const times: number[] = [];
  let buffer = "";
  const decoder = new TextDecoder();
  try {
    for (const step of steps) {
      proc.stdin.write(step.send);
      proc.stdin.flush();
      if (!step.answers) continue;
      while (!buffer.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error("the server exited before answering");
        buffer += decoder.decode(value);
      }
      const line = buffer.slice(0, buffer.indexOf("\n"));
      buffer = buffer.slice(buffer.indexOf("\n") + 1);
      if (line.includes('"isError":true') || line.includes('"error"')) throw new Error(line.slice(0, 300));
      times.push(performance.now() - start);
    }
  } finally {
    proc.stdin.end();
    proc.kill();
    await proc.exited;
  }
  return times;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

export const section: Section = {
  title: "start-up",
  order: 10,
  async run(ctx: BenchContext) {
    const empty = await emptyProgram();
    const server = serverCommand(ctx);
    const floor = await spawnExitMs([empty], RUNS);
    const version = await spawnExitMs([...server, "--version"], RUNS);
    const t: Target = await target(ctx);
    const rows: Row[] = [];
    try {
      const base = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...serverEnv(t, "session") };
      const cache = mkdtempSync(join(tmpdir(), "odoo-mcp-bench-cache-"));
      const steps = [
        { send: INITIALIZE, answers: true },
        { send: INITIALIZED, answers: false },
        { send: CALL, answers: true },
      ];
      const init: number[] = [];
      const initFile: number[] = [];
      const cold: number[] = [];
      const warm: number[] = [];
      // As README's client setup starts it: `--config config.yaml` (the example file; the environment still wins).
      const withFile = [...server, "--config", join(ctx.root, "config.example.yaml")];
      // The first kept run saves the session and field lists; the following ones start from them.
      await stdioTimes(server, { ...base, XDG_CACHE_HOME: cache }, steps);
      for (let i = 0; i < RUNS; i++) {
        const [a = Number.NaN, b = Number.NaN] = await stdioTimes(
          server,
          { ...base, ODOO_MCP_SESSION_CACHE: "false" },
          steps,
        );
        init.push(a);
        cold.push(b);
        const [f = Number.NaN] = await stdioTimes(
          withFile,
          { ...base, ODOO_MCP_SESSION_CACHE: "false" },
          steps.slice(0, 1),
        );
        initFile.push(f);
        const [, c = Number.NaN] = await stdioTimes(server, { ...base, XDG_CACHE_HOME: cache }, steps);
        warm.push(c);
      }
      rmSync(cache, { recursive: true, force: true });
      const bare = await floorRequest(t, "session");
      const call: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await bare();
        call.push(performance.now() - s);
      }
      const s = "start-up";
      rows.push(
        {
          section: s,
          name: "spawn → --version",
          value: version,
          unit: "ms",
          floor,
          goal: "≤ 2× floor",
          met: version <= 2 * floor,
        },
        {
          section: s,
          name: "spawn → initialize (stdio)",
          value: median(init),
          unit: "ms",
          floor,
          goal: "≤ 2× floor",
          met: median(init) <= 2 * floor,
        },
        {
          section: s,
          name: "spawn → initialize (stdio, config file)",
          value: median(initFile),
          unit: "ms",
          floor,
          note: "with --config config.example.yaml, as the README's client setup starts it (the YAML parser loads)",
        },
        {
          section: s,
          name: "spawn → first result, saved session",
          value: median(warm),
          unit: "ms",
          floor: floor + median(call),
          goal: "≤ floor + one Odoo call",
          met: median(warm) <= floor + median(call),
          note: "floor: the empty program's spawn plus one bare web_search_read on a logged-in session",
        },
        {
          section: s,
          name: "spawn → first result, session_cache: false",
          value: median(cold),
          unit: "ms",
          floor: floor + median(call),
        },
      );
    } finally {
      await t.stop();
    }
    return rows;
  },
};

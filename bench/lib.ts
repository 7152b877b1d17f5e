// What every bench section shares: the row format, timing helpers, the machine description, the compiled binary.
import { existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

/** One figure of the table, beside the floor it is judged against (same run, same machine). */
export interface Row {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** The floor measured in this run (what the same work costs without odoo-mcp), when there is one. */
  floor?: number;
  /** The goal, written against the floor: e.g. "≤ floor + 0.5 ms", "≥ 5000/s". */
  goal?: string;
  /** Whether the goal is met (undefined: no goal). */
  met?: boolean;
  note?: string;
}

/** What a section is given: the Odoo to measure against (a real one when ODOO_URL is set) and the binary. */
export interface BenchContext {
  root: string;
  binary: string;
  /** Set when `make bench ODOO_URL=… DATABASE=… ODOO_MCP_UID=… PASSWORD=…` points at a real Odoo. */
  real?: { url: string; database: string; login: string; password?: string; apiKey?: string };
  /** Per-call sample size (BENCH_N, default 300). */
  n: number;
}

/** A bench section: one file under bench/, one concern; `run` returns its rows. */
export interface Section {
  title: string;
  /** Sections run in this order (startup 10, per-call 20, http 30, memory 40, realtime 50). */
  order: number;
  /** Whether it runs against a real Odoo too (only the per-call part does). */
  real?: boolean;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const ROOT = join(import.meta.dir, "..");
export const BINARY = join(ROOT, "dist", "odoo-mcp");

/** p-th percentile of sorted samples. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** p50 and p99 (ms) of `n` sequential runs after a warm-up. */
export async function timeCalls(
  run: () => Promise<unknown>,
  n: number,
  warmup = Math.min(30, n),
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** The machine the figures were measured on. */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    os: `${process.platform} ${process.arch}`,
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    bun: Bun.version,
    // Other work on the machine skews every figure (floors too): recorded with them.
    load_average_1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Milliseconds with a sensible precision. */
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const compiled = new Map<string, Promise<string>>();

/** `source` compiled with `bun build --compile` into a temporary directory (once per run). */
function compile(name: string, source: string): Promise<string> {
  let out = compiled.get(name);
  if (!out) {
    out = (async () => {
      const dir = `${tmpdir()}/odoo-mcp-bench-${process.pid}`;
      mkdirSync(dir, { recursive: true });
      await Bun.write(`${dir}/${name}.ts`, source);
      const proc = Bun.spawn(
        [process.execPath, "build", "--compile", `${dir}/${name}.ts`, "--outfile", `${dir}/${name}`],
        { stdout: "ignore", stderr: "pipe" },
      );
      if ((await proc.exited) !== 0) throw new Error(await new Response(proc.stderr).text());
      return `${dir}/${name}`;
    })();
    compiled.set(name, out);
  }
  return out;
}

/** A compiled empty Bun program: the floor of any start-up figure. */
export const emptyProgram = () => compile("empty", "");

/** A compiled Bun program that only waits: the floor of any memory figure. */
export const idleProgram = () => compile("idle", "setInterval(() => {}, 60_000);");

/** The command that starts odoo-mcp: the compiled binary (`make bench` builds it), else the sources. */
export function serverCommand(ctx: BenchContext): string[] {
  return existsSync(ctx.binary) ? [ctx.binary] : [process.execPath, join(ctx.root, "src", "main.ts")];
}

/** Milliseconds from spawn to exit of `cmd`, median of `n`. */
export async function spawnExitMs(cmd: string[], n = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const proc = Bun.spawn(cmd, { stdout: "ignore", stderr: "ignore" });
    await proc.exited;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 0.5);
}

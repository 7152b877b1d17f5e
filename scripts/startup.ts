// Cold start of the compiled binary beside a compiled empty Bun program, measured in the same run:
//   bun scripts/startup.ts [BINARY] [RUNS]
// Prints the size of both, the median (and p90) of spawn → exit for `--version`, and spawn → `initialize` answered
// over stdio (the empty program's figure is spawn → exit), with each ratio to the empty program; and the median CPU
// time (user + system) of each, which other load on a shared machine disturbs far less than wall time.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const binary = process.argv[2] ?? join(root, "dist", "odoo-mcp");
const runs = Number(process.argv[3] ?? 30);

const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-startup-"));
const empty = join(dir, "empty");
writeFileSync(join(dir, "empty.ts"), "");
const built = Bun.spawnSync([
  process.execPath,
  "build",
  "--compile",
  "--minify",
  join(dir, "empty.ts"),
  "--outfile",
  empty,
]);
if (built.exitCode !== 0) throw new Error(`building the empty program failed: ${built.stderr}`);

// Connection settings only: the login runs in the background and fails (nothing listens on port 9), which is the point.
const env = {
  PATH: process.env.PATH ?? "",
  HOME: dir,
  ODOO_URL: "http://127.0.0.1:9",
  DATABASE: "db",
  ODOO_MCP_UID: "admin",
  PASSWORD: "x",
  ODOO_MCP_LOGGING_LEVEL: "ERROR",
};
const INITIALIZE = `${JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "startup", version: "1" } },
})}\n`;

interface Run {
  ms: number;
  cpuMs: number;
}

const cpuMs = (proc: Bun.Subprocess) => {
  const usage = proc.resourceUsage();
  return usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : Number.NaN;
};

async function exitTime(argv: string[]): Promise<Run> {
  const t0 = performance.now();
  const proc = Bun.spawn(argv, { stdout: "ignore", stderr: "ignore", env });
  await proc.exited;
  return { ms: performance.now() - t0, cpuMs: cpuMs(proc) };
}

async function initializeTime(argv: string[]): Promise<Run> {
  const t0 = performance.now();
  const proc = Bun.spawn(argv, { stdin: "pipe", stdout: "pipe", stderr: "ignore", env });
  proc.stdin.write(INITIALIZE);
  proc.stdin.flush();
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the server closed stdout before answering initialize");
    text += new TextDecoder().decode(value);
  }
  const ms = performance.now() - t0;
  if (!text.includes('"result"')) throw new Error(`initialize failed: ${text}`);
  proc.kill();
  await proc.exited;
  // CPU until the kill: initialize, and whatever the background login did meanwhile.
  return { ms, cpuMs: cpuMs(proc) };
}

interface Sample {
  p50: number;
  p90: number;
  cpu: number;
}

async function sample(measure: () => Promise<Run>): Promise<Sample> {
  await measure(); // warm the page cache
  const runsDone: Run[] = [];
  for (let i = 0; i < runs; i++) runsDone.push(await measure());
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const times = sorted(runsDone.map((r) => r.ms));
  const cpu = sorted(runsDone.map((r) => r.cpuMs));
  const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  return { p50: at(times, 0.5), p90: at(times, 0.9), cpu: at(cpu, 0.5) };
}

const mib = (path: string) => (statSync(path).size / 2 ** 20).toFixed(1);
const sizes = { binary: mib(binary), empty: mib(empty) };
const floor = await sample(() => exitTime([empty]));
const version = await sample(() => exitTime([binary, "--version"]));
const init = await sample(() => initializeTime([binary]));
rmSync(dir, { recursive: true, force: true });

const row = (name: string, s: Sample) =>
  `${name.padEnd(38)} wall p50 ${s.p50.toFixed(1).padStart(6)} ms  p90 ${s.p90.toFixed(1).padStart(6)} ms  ` +
  `${(s.p50 / floor.p50).toFixed(2)}× empty   cpu ${s.cpu.toFixed(1).padStart(6)} ms  ${(s.cpu / floor.cpu).toFixed(2)}× empty`;
console.log(`${binary}: ${sizes.binary} MiB (compiled empty Bun program: ${sizes.empty} MiB); ${runs} runs each`);
console.log(row("empty compiled Bun program (exit)", floor));
console.log(row("odoo-mcp --version (exit)", version));
console.log(row("odoo-mcp spawn → initialize answered", init));

// `make bench`: every figure beside its floor measured in the same run, so the numbers mean something on any machine.
// Each concern is one section file under bench/ exporting `section` (see lib.ts); this runner finds them, runs them in
// order, prints one table and writes bench/results.json with the machine it ran on. BENCH_ONLY=name,name runs some.
// With ODOO_URL (and DATABASE, ODOO_MCP_UID, PASSWORD or ODOO_MCP_API_KEY) only the sections that can measure a real
// Odoo run, against it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type BenchContext, BINARY, machine, ROOT, type Row, round, type Section } from "./lib.ts";

const env = process.env;
const only = env["BENCH_ONLY"]?.split(",").filter(Boolean);
const url = env["ODOO_URL"] ?? env["ODOO_MCP_ODOO_URL"];
const ctx: BenchContext = {
  root: ROOT,
  binary: BINARY,
  n: Number(env["BENCH_N"] ?? 300),
  ...(url
    ? {
        real: {
          url,
          database: env["DATABASE"] ?? env["ODOO_MCP_DATABASE"] ?? "",
          login: env["ODOO_MCP_UID"] ?? env["UID"] ?? "admin",
          ...(env["PASSWORD"] ? { password: env["PASSWORD"] } : {}),
          ...(env["ODOO_MCP_API_KEY"] ? { apiKey: env["ODOO_MCP_API_KEY"] } : {}),
        },
      }
    : {}),
};

const files = readdirSync(import.meta.dir).filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "lib.ts");
const sections: Array<Section & { file: string }> = [];
for (const file of files) {
  const mod = (await import(join(import.meta.dir, file))) as { section?: Section };
  if (mod.section) sections.push({ ...mod.section, file: file.replace(/\.ts$/, "") });
}
sections.sort((a, b) => a.order - b.order);

const rows: Row[] = [];
const started = performance.now();
for (const s of sections) {
  if (only && !only.includes(s.file)) continue;
  if (ctx.real && !s.real) continue;
  process.stderr.write(`bench: ${s.title}…\n`);
  try {
    rows.push(...(await s.run(ctx)));
  } catch (e) {
    process.stderr.write(`bench: ${s.title} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}

const fmt = (x: number | undefined, unit: string) =>
  x === undefined || Number.isNaN(x) ? "" : `${round(x, x >= 100 ? 0 : x >= 10 ? 1 : 2)} ${unit}`;
const head = ["section", "figure", "value", "floor", "goal", "met"];
const table = rows.map((r) => [
  r.section,
  r.name,
  fmt(r.value, r.unit),
  fmt(r.floor, r.unit),
  r.goal ?? "",
  r.met === undefined ? "" : r.met ? "yes" : "NO",
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] ?? "").length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |\n`;
const info = machine();
process.stdout.write(
  `odoo-mcp bench on ${info["cpu"]} (${info["cores"]} cores, ${info["memory_gib"]} GiB, load ${info["load_average_1m"]}), ${info["os"]}, Bun ${info["bun"]}` +
    `${ctx.real ? `, against ${ctx.real.url}` : ", against the fake Odoo"} — ${round((performance.now() - started) / 1000, 0)} s\n\n`,
);
process.stdout.write(line(head));
process.stdout.write(line(widths.map((w) => "-".repeat(w))));
for (const t of table) process.stdout.write(line(t));
for (const r of rows.filter((r) => r.note)) process.stdout.write(`- ${r.name}: ${r.note}\n`);

// A real-Odoo run or a partial run does not replace the committed results of the full run.
if (!ctx.real && !only) {
  const out = { date: new Date().toISOString(), machine: info, rows };
  await Bun.write(join(import.meta.dir, "results.json"), `${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write("bench: wrote bench/results.json\n");
}

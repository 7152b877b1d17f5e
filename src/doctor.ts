import type { Config } from "./config/schema.ts";
import type { Logger } from "./log.ts";
import { isOdooError, type OdooError } from "./odoo/errors.ts";
import type { OdooClient } from "./odoo/types.ts";

interface DoctorDeps {
  config: Config;
  odoo: OdooClient;
  log: Logger;
  demo?: boolean;
  configPath?: string;
  out?: (line: string) => void;
}

/** `odoo-mcp doctor`: connects, prints what it found, returns 0 when odoo-mcp can work with this Odoo. */
export async function runDoctor({ config, odoo, demo, configPath, out = defaultOut }: DoctorDeps): Promise<number> {
  const row = (label: string, value: string) => out(`  ${label.padEnd(16)} ${value}`);
  out(`odoo-mcp doctor${demo ? " (DEMO: built-in fake Odoo with demo data)" : ""}`);
  row("config", configPath ?? "(environment and flags only)");
  row("Odoo URL", config.odoo_url);
  row("database", config.database);
  try {
    const version = await odoo.version();
    row("server version", version.serverVersion);
    const who = await odoo.connect();
    row("protocol", `${odoo.protocol} (${who.mode}${config.protocol === "auto" ? ", chosen automatically" : ""})`);
    row("user", `${who.login} (uid ${who.uid})`);
    row("latency", `${(await measureLatency(odoo)).toFixed(1)} ms (median of 5 trivial calls)`);
    const { readable, probed } = await readableModels(odoo);
    row("readable models", `${readable.length} of ${probed}`);
    for (const line of wrap(readable, 100)) out(`    ${line}`);
    out("OK: odoo-mcp can work with this Odoo.");
    return 0;
  } catch (e) {
    out("");
    out(`FAILED: ${describe(e)}`);
    const hint = isOdooError(e) ? hintFor(e, config) : undefined;
    if (hint) out(`hint: ${hint}`);
    return 1;
  }
}

const defaultOut = (line: string) => process.stdout.write(`${line}\n`);

async function measureLatency(odoo: OdooClient): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await odoo.executeKw("res.users", "search_count", [[["id", "=", 0]]]);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2] ?? 0;
}

// An AccessError, or a model whose table is broken/abstract, counts as "not readable"; network faults abort the doctor.
const NOT_READABLE = new Set(["access", "not-found", "server"]);

/** Probes every non-transient model with a cheap `search_count`; AccessError means not readable. */
async function readableModels(odoo: OdooClient): Promise<{ readable: string[]; probed: number }> {
  const rows = await odoo.executeKw<Array<{ model: string }>>(
    "ir.model",
    "search_read",
    [[["transient", "=", false]]],
    {
      fields: ["model"],
      order: "model",
    },
  );
  const models = rows.map((r) => r.model);
  const readable: string[] = [];
  const queue = [...models];
  const worker = async () => {
    for (let model = queue.shift(); model !== undefined; model = queue.shift()) {
      const ok = await odoo.executeKw(model, "search_count", [[]]).then(
        () => true,
        (e: unknown) => (isOdooError(e) && NOT_READABLE.has(e.kind) ? false : Promise.reject(e)),
      );
      if (ok) readable.push(model);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { readable: readable.sort(), probed: models.length };
}

function describe(e: unknown): string {
  if (isOdooError(e)) return `${e.kind} error: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** One actionable hint per failure class. */
function hintFor(e: OdooError, config: Config): string | undefined {
  const msg = e.message.toLowerCase();
  switch (e.kind) {
    case "network":
      if (/tls|ssl|certificate|cert/.test(msg)) {
        return "TLS problem: if the server speaks plain HTTP on that port, use an http:// URL; if its certificate comes from a private CA, set NODE_EXTRA_CA_CERTS=/path/ca.pem.";
      }
      if (msg.includes("like an odoo")) {
        return "something answers at that URL, but not Odoo: point odoo_url at the Odoo server itself (e.g. http://host:8069), not a proxy page or another site.";
      }
      return `cannot talk to Odoo at ${config.odoo_url}: check odoo_url (scheme, host, port — Odoo listens on 8069 by default) and that the server runs.`;
    case "timeout":
      return `Odoo did not answer within ${config.timeout}s: check the URL, the network, or raise 'timeout'.`;
    case "not-found":
      if (msg.includes("json-2")) return "JSON-2 needs Odoo 19 or later: set 'protocol: auto' (or jsonrpc).";
      if (msg.includes("database"))
        return `database '${config.database}' was not found on this server: check 'database'.`;
      return undefined;
    case "auth":
      return "login refused: check 'uid' (login or numeric id) and 'password'/'api_key'. A user with two-factor authentication must use an API key (Odoo: Preferences → Account Security → New API Key) in 'api_key'.";
    case "access":
      return "the user may log in but not read what odoo-mcp needs: use a user with access to the models you want to work with.";
    default:
      return undefined;
  }
}

function wrap(words: string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + w.length + 2 > width) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line}, ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

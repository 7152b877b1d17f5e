import type { Config } from "./config/schema.ts";
import type { Logger } from "./log.ts";
import { isOdooError, type OdooError } from "./odoo/errors.ts";
import { publicUrl } from "./odoo/http.ts";
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
  row("Odoo URL", publicUrl(config.odoo_url));
  row("database", config.database);
  row("login as", loginAs(config));
  try {
    const version = await odoo.version();
    row("server version", version.serverVersion);
    const who = await odoo.connect();
    row("protocol", `${odoo.protocol} (${who.mode}${config.protocol === "auto" ? ", chosen automatically" : ""})`);
    row("user", `${who.login} (uid ${who.uid})`);
    row("latency", `${(await measureLatency(odoo)).toFixed(1)} ms (median of 5 trivial calls)`);
    const models = await readableModels(odoo);
    if (models === undefined) row("readable models", "unknown: this user may not read ir.model, the list of models");
    else {
      row("readable models", `${models.readable.length} of ${models.probed}`);
      for (const line of wrap(models.readable, 100)) out(`    ${line}`);
    }
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

/** Who the configuration logs in as, and with which credential: what to check first when the login is refused. */
function loginAs(config: Config): string {
  const who = typeof config.uid === "number" ? `uid ${config.uid}` : config.uid;
  if (config.api_key) return `${who} with an API key${config.password ? " (a password is set too)" : ""}`;
  return `${who} with a password (or an API key given as password)`;
}

// Failures that say nothing about one model end the probe; anything else (AccessError, an abstract model, a model
// whose search raises) only means that model is not readable.
const ABORTS = new Set(["network", "timeout", "auth"]);

/**
 * Probes every non-transient model with `search(limit=1)`: access is checked all the same, and a count would scan
 * big tables (mail.message, account.move.line). Undefined when the user may not list models.
 */
async function readableModels(odoo: OdooClient): Promise<{ readable: string[]; probed: number } | undefined> {
  const rows = await odoo
    .executeKw<Array<{ model: string }>>("ir.model", "search_read", [[["transient", "=", false]]], {
      fields: ["model"],
      order: "model",
    })
    .catch((e: unknown) => (isOdooError(e) && e.kind === "access" ? undefined : Promise.reject(e)));
  // 17+ opens ir.model to Administration / Access Rights only; web's get_available_models lists the rest's readable.
  if (rows === undefined) return availableModels(odoo);
  const models = rows.map((r) => r.model);
  const readable: string[] = [];
  const queue = [...models];
  const worker = async () => {
    for (let model = queue.shift(); model !== undefined; model = queue.shift()) {
      const ok = await odoo.executeKw(model, "search", [[]], { limit: 1 }).then(
        () => true,
        (e: unknown) => (isOdooError(e) && !ABORTS.has(e.kind) ? false : Promise.reject(e)),
      );
      if (ok) readable.push(model);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { readable: readable.sort(), probed: models.length };
}

/** The models Odoo's model selector offers this user (ir.model.get_available_models): readable, not wizards. */
async function availableModels(odoo: OdooClient): Promise<{ readable: string[]; probed: number } | undefined> {
  const rows = await odoo
    .executeKw<Array<{ model: string }>>("ir.model", "get_available_models")
    .catch((e: unknown) => (isOdooError(e) && !ABORTS.has(e.kind) ? undefined : Promise.reject(e)));
  if (!Array.isArray(rows)) return undefined;
  const readable = rows.map((r) => r.model).sort();
  return { readable, probed: readable.length };
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
      if (msg.includes("redirected")) {
        return "odoo_url is redirected: use the address named above (odoo-mcp does not follow redirects, which would turn its POSTs into GETs).";
      }
      if (msg.includes("like an odoo")) {
        return "something answers at that URL, but not Odoo: point odoo_url at the Odoo server itself (e.g. http://host:8069), not a proxy page or another site.";
      }
      return `cannot talk to Odoo at ${publicUrl(config.odoo_url)}: check odoo_url (scheme, host, port — Odoo listens on 8069 by default) and that the server runs.`;
    case "timeout":
      return `Odoo did not answer within ${config.timeout}s: check the URL, the network, or raise 'timeout'.`;
    case "not-found":
      if (msg.includes("json-2")) return "JSON-2 needs Odoo 19 or later: set 'protocol: auto' (or jsonrpc).";
      if (msg.includes("database"))
        return `database '${config.database}' was not found on this server: check 'database' (the name is case-sensitive); a dbfilter in Odoo's configuration can also hide it for the host name of odoo_url.`;
      return undefined;
    case "auth":
      if (msg.includes("cannot log in over the api")) {
        return "create an API key for this user in Odoo (Preferences → Account Security → New API Key) and set it as 'api_key' (or env ODOO_MCP_API_KEY, or api_key_file).";
      }
      if (msg.includes("json-2")) return "JSON-2 takes an API key, not a password: set 'api_key', or 'protocol: auto'.";
      return "login refused: check 'uid' (the login name, e.g. admin, or the numeric id) and 'password' / 'api_key' — the 'login as' line above shows which ones were used. A user with two-factor authentication needs an API key in 'api_key'.";
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

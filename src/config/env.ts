import { leafKeys } from "./introspect.ts";
import { didYouMean } from "./suggest.ts";

/** One config key set from outside the file: an env variable or a flag, named as `source` in errors. */
export interface Override {
  key: string;
  value: string;
  source: string;
}

/** An environment variable and the dotted config key it sets. */
export interface EnvVar {
  name: string;
  key: string;
}

/** The prefix every key can be set with from the environment (it wins over the documentation's bare names). */
export const ENV_PREFIX = "ODOO_MCP_";

/** The documentation's (docker-compose) names. */
const BARE_NAMES: Record<string, string> = {
  ODOO_URL: "odoo_url",
  DATABASE: "database",
  UID: "uid",
  PASSWORD: "password",
  PROTOCOL: "protocol",
  CONNECTION_TYPE: "connection_type",
  REQUESTS_PER_MINUTE: "requests_per_minute",
  SSE_QUEUE_MAXSIZE: "sse_queue_maxsize",
  ALLOWED_ORIGINS: "allowed_origins",
};

/** `http.auth_token` → `ODOO_MCP_HTTP_AUTH_TOKEN`. */
export const envName = (key: string) => ENV_PREFIX + key.replaceAll(".", "_").toUpperCase();

/** Every supported variable, documented names first (for the README and --help). */
export const ENV_VARS: readonly EnvVar[] = [
  ...Object.entries(BARE_NAMES).map(([name, key]) => ({ name, key })),
  ...leafKeys().map((key) => ({ name: envName(key), key })),
];

/** Env names that set a key, e.g. `ODOO_URL / ODOO_MCP_ODOO_URL` — for "missing" hints. */
export function envNamesFor(key: string): string[] {
  return ENV_VARS.filter((v) => v.key === key).map((v) => v.name);
}

/** What the environment asks for: overrides (lowest precedence first), problems, and notes worth a warning. */
export interface EnvLayer {
  overrides: Override[];
  problems: string[];
  notes: string[];
}

/**
 * The overrides the environment asks for, lowest precedence first (bare names, then ODOO_MCP_ names), and the
 * problems found: an unknown ODOO_MCP_ variable is a typo we refuse to ignore. Empty values count as unset.
 * `unixUid` is the process's Unix user id (`process.getuid()`).
 */
export function envOverrides(env: Record<string, string | undefined>, unixUid?: number): EnvLayer {
  const overrides: Override[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const { name, key } of ENV_VARS) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    // Shells keep UID as the Unix user id, and `export UID` (common for docker-compose's user:) hands it to us.
    if (name === "UID" && unixUid !== undefined && value.trim() === String(unixUid)) {
      notes.push(
        `env UID=${value.trim()} ignored: it is the Unix user id the shell exported, not an Odoo user; set ODOO_MCP_UID to choose the Odoo user from the environment`,
      );
      continue;
    }
    overrides.push({ key, value, source: `env ${name}` });
  }
  const known = new Set(ENV_VARS.map((v) => v.name));
  const prefixed = ENV_VARS.filter((v) => v.name.startsWith(ENV_PREFIX)).map((v) => v.name);
  for (const name of Object.keys(env)) {
    if (name.startsWith(ENV_PREFIX) && !known.has(name)) {
      problems.push(`env ${name}: unknown variable${didYouMean(name, prefixed)}`);
    }
  }
  return { overrides, problems, notes };
}

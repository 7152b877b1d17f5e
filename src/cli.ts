import { VERSION } from "./version.ts";

/** What the command line asked for, before any config is read. */
export interface Cli {
  command: "serve" | "doctor" | "healthcheck" | "push" | "help" | "version";
  configPath?: string;
  /** `healthcheck --url`: the server's address or its `/health` URL. */
  url?: string;
  demo: boolean;
  /** `push install|uninstall` and its flags. */
  push?: { action: "install" | "uninstall"; models?: string[]; dryRun: boolean; login?: string; passwordFile?: string };
  /** Flags that override config keys, with the flag named as their source for error messages. */
  overrides: Array<{ key: string; value: string; source: string }>;
}

/** Flags that set a config key: flag name → dotted key. */
const KEY_FLAGS: Record<string, string> = {
  "odoo-url": "odoo_url",
  database: "database",
  uid: "uid",
  protocol: "protocol",
  transport: "connection_type",
  "connection-type": "connection_type",
  host: "http.host",
  port: "http.port",
  "log-level": "logging.level",
  timeout: "timeout",
};

export const HELP = `odoo-mcp ${VERSION} — an MCP server for Odoo

Usage:
  odoo-mcp [serve] --config FILE [flags]   serve MCP (stdio by default; connection_type: sse serves HTTP)
  odoo-mcp doctor --config FILE            check the connection to Odoo and print what it found
  odoo-mcp --demo [flags]                  serve against a built-in fake Odoo with demo data (no Odoo needed)
  odoo-mcp healthcheck [--url URL]         exit 0 when a running server's /health answers ok (for containers);
                                           URL defaults to http://127.0.0.1:$ODOO_MCP_HTTP_PORT (8080)/health
  odoo-mcp push install|uninstall --config FILE [--models M1,M2] [--dry-run] [--login ADMIN [--password-file F]]
                                           create (or remove) the automation rules of push mode in Odoo; --login
                                           takes the password from ODOO_ADMIN_PASSWORD or --password-file
  odoo-mcp --version | --help              the version and the platform the binary was built for

Flags (each overrides the config file and the environment):
  -c, --config FILE        YAML configuration (optional when everything comes from the environment)
      --odoo-url URL       odoo_url
      --database NAME      database
      --uid LOGIN|ID       uid (login name or numeric user id)
      --protocol P         auto | jsonrpc | xmlrpc | json2
      --transport T        stdio | sse   (connection_type)
      --host HOST          http.host (default 127.0.0.1)
      --port PORT          http.port (default 8080)
      --log-level LEVEL    DEBUG | INFO | WARNING | ERROR | CRITICAL
      --timeout SECONDS    timeout of one Odoo call

Secrets (password, api_key, http.auth_token) come from the file, the environment (PASSWORD, ODOO_MCP_API_KEY,
ODOO_MCP_HTTP_AUTH_TOKEN) or *_file keys — never from flags, which other users can see in the process list.
Documentation: README.md.
`;

/** Flags that take a value, and flags that are switches; short forms map to their long name. */
const VALUE_FLAGS = new Set([...Object.keys(KEY_FLAGS), "config", "url", "models", "login", "password-file"]);
const SWITCHES = new Set(["demo", "help", "version", "dry-run"]);
const SHORT: Record<string, string> = { c: "config", h: "help", V: "version" };

/**
 * util.parseArgs's strict mode, for these flags: `--flag value`, `--flag=value`, `-c value`, `-cvalue`, grouped
 * switches (`-hV`), `--` before positionals; a repeated flag's last value wins. Written out because importing
 * node:util costs a stdio start-up about 5 ms, a third of the runtime's own start.
 */
export function parseArgv(argv: string[]): {
  values: Record<string, string>;
  switches: Set<string>;
  positionals: string[];
} {
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  const positionals: string[] = [];
  const take = (name: string, shown: string, inline: string | undefined, i: number): number => {
    if (SWITCHES.has(name)) {
      if (inline !== undefined) throw new Error(`Option '${shown}' does not take an argument`);
      switches.add(name);
      return i;
    }
    if (!VALUE_FLAGS.has(name)) throw new Error(`Unknown option '${shown}'`);
    if (inline !== undefined) {
      values[name] = inline;
      return i;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new Error(`Option '${shown} <value>' argument missing`);
    if (next.length > 1 && next.startsWith("-")) {
      throw new Error(
        `Option '${shown}' argument is ambiguous: to give a value starting with '-', use '${shown}=${next}'`,
      );
    }
    values[name] = next;
    return i + 1;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      i = take(name, `--${name}`, eq === -1 ? undefined : arg.slice(eq + 1), i);
    } else if (arg.startsWith("-") && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const name = SHORT[arg[j] as string];
        if (name === undefined) throw new Error(`Unknown option '-${arg[j]}'`);
        const rest = arg.slice(j + 1);
        if (VALUE_FLAGS.has(name)) {
          i = take(name, `-${arg[j]}`, rest === "" ? undefined : rest, i);
          break;
        }
        take(name, `-${arg[j]}`, undefined, i);
      }
    } else positionals.push(arg);
  }
  return { values, switches, positionals };
}

/** Parses argv (without the runtime and script); throws an Error with a readable message on bad flags. */
export function parseCli(argv: string[]): Cli {
  const { values, switches, positionals } = parseArgv(argv);
  const [first, ...rest] = positionals;
  const pushAction = first === "push" ? rest.shift() : undefined;
  if (first === "push" && pushAction !== "install" && pushAction !== "uninstall")
    throw new Error("'push' needs 'install' or 'uninstall'");
  if (rest.length > 0) throw new Error(`unexpected argument '${rest[0]}'`);
  if (first !== undefined && !["serve", "doctor", "healthcheck", "push"].includes(first)) {
    throw new Error(`unknown command '${first}' (expected 'serve', 'doctor', 'healthcheck' or 'push')`);
  }
  if (values.url !== undefined && first !== "healthcheck") throw new Error("--url is a flag of 'healthcheck'");
  for (const flag of ["models", "dry-run", "login", "password-file"]) {
    if ((values[flag] !== undefined || switches.has(flag)) && first !== "push") {
      throw new Error(`--${flag} is a flag of 'push'`);
    }
  }
  const overrides = Object.entries(KEY_FLAGS).flatMap(([flag, key]) => {
    const value = values[flag];
    return value === undefined ? [] : [{ key, value, source: `--${flag}` }];
  });
  const command = switches.has("help")
    ? "help"
    : switches.has("version")
      ? "version"
      : ((first ?? "serve") as Cli["command"]);
  const models = values.models
    ?.split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  return {
    command,
    ...(pushAction === "install" || pushAction === "uninstall"
      ? {
          push: {
            action: pushAction,
            dryRun: switches.has("dry-run"),
            ...(models ? { models } : {}),
            ...(values.login ? { login: values.login } : {}),
            ...(values["password-file"] ? { passwordFile: values["password-file"] } : {}),
          },
        }
      : {}),
    configPath: values.config,
    url: values.url,
    demo: switches.has("demo"),
    overrides,
  };
}

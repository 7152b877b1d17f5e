#!/usr/bin/env bun
// Only the command line is imported up front: each command loads what it needs (`--version` and `healthcheck` load
// nothing else; stdio never loads the HTTP stack, the demo's fake Odoo, or doctor).
import { HELP, parseCli } from "./cli.ts";
import { TARGET, VERSION } from "./version.ts";

const err = (s: string) => process.stderr.write(s.endsWith("\n") ? s : `${s}\n`);

/** argv → config → the chosen command; returns the exit code. */
async function main(argv: string[]): Promise<number> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(argv);
  } catch (e) {
    err(`odoo-mcp: ${(e as Error).message}\nRun 'odoo-mcp --help' for usage.`);
    return 2;
  }
  // --help and --version never serve, so stdout is free for them (Bun.write: process.stdout would load Node's streams).
  if (cli.command === "help" || cli.command === "version") {
    await Bun.write(Bun.stdout, cli.command === "help" ? HELP : `odoo-mcp ${VERSION} ${TARGET}\n`);
    return 0;
  }
  if (cli.command === "healthcheck") return (await import("./healthcheck.ts")).healthcheck(cli.url);

  const { ConfigError, describeConfig, loadConfig } = await import("./config/load.ts");
  const { createLogger } = await import("./log.ts");
  const demoModule = cli.demo ? await import("./demo.ts") : undefined;
  const demo = await demoModule?.startDemoOdoo();
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig({
      path: cli.configPath,
      env: demoModule ? demoModule.demoEnv(process.env) : process.env,
      overrides: [...(demo?.overrides ?? []), ...cli.overrides],
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`odoo-mcp: configuration error\n${e.message}`);
    await demo?.stop();
    return 2;
  }
  const { config } = loaded;
  const log = createLogger(config.logging, { secrets: loaded.secrets });
  for (const note of loaded.notes) log.warning(note);
  if (config.logging.level === "DEBUG") {
    log.debug(`effective configuration (secrets hidden):\n${await describeConfig(config)}`);
  }
  if (demo) log.warning(`DEMO MODE: serving a built-in fake Odoo ${demo.version} with demo data at ${demo.url}`);
  // stdio: the front answers `initialize` from the first moment; what follows loads once it has (or after 50 ms).
  // Not with policy profiles: there the session opens only once Odoo said who the user is, and may be refused.
  const front =
    cli.command === "serve" && config.connection_type === "stdio" && config.policy.profiles.length === 0
      ? new (await import("./stdio-front.ts")).StdioFront(demo !== undefined)
      : undefined;
  await front?.ready;
  const { odooClientFromConfig } = await import("./wire.ts");
  const odoo = odooClientFromConfig(config, log, undefined, { keep: cli.command === "serve" && !demo });
  // --demo with realtime.push.enabled: push mode's rules are installed in the demo's fake Odoo, on a new channel.
  const served = demoModule && config.realtime.push.enabled ? await demoModule.demoPush(config, odoo) : config;
  const deps = { config: served, odoo, log, demo: demo !== undefined };

  // In order: the Odoo session ends while the demo Odoo still answers, and the log is flushed last.
  const shutdown = async (code: number) => {
    await odoo.close();
    await demo?.stop();
    await log.flush();
    return code;
  };
  if (cli.command === "push" && cli.push) {
    // stdout is free here (nothing is served): it carries what was done, and the channel when it is new.
    const { runPushCommand } = await import("./realtime/push-cli.ts");
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return shutdown(await runPushCommand(cli.push, { ...deps, out }));
  }
  if (cli.command === "doctor") {
    const { runDoctor } = await import("./doctor.ts");
    return shutdown(await runDoctor({ ...deps, configPath: loaded.path }));
  }

  log.info(`odoo-mcp ${VERSION} starting (${config.connection_type}) for ${config.odoo_url} db=${config.database}`);
  // Log in in the background: the host gets `initialize` answered at once; the first tool call waits for the login.
  odoo.connect().catch((e: Error) => log.warning(`Odoo login failed (will retry on the next call): ${e.message}`));
  if (config.connection_type === "stdio") {
    // HTTP handles its own signals (it closes streams first, then resolves); stdio has nothing to drain.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void shutdown(0).then((code) => process.exit(code)));
    }
    const { serveStdio } = await import("./stdio.ts");
    await serveStdio(deps, { front });
    return shutdown(0);
  }
  // A long-lived HTTP server wants the JIT's normal policy from the start (stdio restores it after its first burst).
  (await import("./jit.ts")).normalJit();
  const { serveHttp, StartRefused } = await import("./http/serve.ts");
  try {
    await serveHttp(deps);
  } catch (e) {
    if (!(e instanceof StartRefused)) throw e;
    err(`odoo-mcp: ${e.message}`);
    return shutdown(2);
  }
  return shutdown(0);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(`odoo-mcp: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);

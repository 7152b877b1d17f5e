import type { Config } from "./config/schema.ts";
import type { Logger } from "./log.ts";
import { recordOdooCall } from "./metrics.ts";
import { createOdooClient } from "./odoo/client.ts";
import { cacheDir, cacheFile, fileStore } from "./odoo/session-cache.ts";
import type { FetchLike, OdooClient } from "./odoo/types.ts";

/** An Odoo call slower than this is worth a warning (forwarded to MCP clients as a log notification). */
const SLOW_CALL_MS = 5000;

/**
 * Builds the Odoo client a validated config describes; the one place config keys become client options. `keep`:
 * the serving process keeps its web session in the user's cache directory when `session_cache` allows it (doctor,
 * the demo and tests do not).
 */
export function odooClientFromConfig(
  config: Config,
  log: Logger,
  fetch?: FetchLike,
  options: { keep?: boolean } = {},
): OdooClient {
  const byId = typeof config.uid === "number";
  const dir = cacheDir();
  const store =
    options.keep && config.session_cache
      ? fileStore(cacheFile(dir, config.odoo_url, config.database, String(config.uid)), dir)
      : undefined;
  return createOdooClient({
    ...(store ? { store } : {}),
    url: config.odoo_url,
    database: config.database,
    login: byId ? undefined : String(config.uid),
    uid: byId ? Number(config.uid) : undefined,
    password: config.password,
    apiKey: config.api_key,
    protocol: config.protocol,
    timeoutMs: config.timeout * 1000,
    context: config.context,
    fetch,
    log: log.child("odoo_mcp.odoo"),
    onCall: (call) => {
      recordOdooCall(call);
      if (call.ms > SLOW_CALL_MS)
        log.warning(`slow Odoo call: ${call.model}.${call.method} took ${Math.round(call.ms)} ms`);
    },
  });
}

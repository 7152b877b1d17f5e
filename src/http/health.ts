import type { OdooClient, OdooVersion } from "../odoo/types.ts";
import { VERSION } from "../version.ts";
import { json } from "./jsonrpc.ts";

interface Probe {
  at: number;
  odoo: { reachable: true; version: string; protocol: string } | { reachable: false; error: string };
}

/** What `/health` needs: the Odoo client to probe, and whether it is the demo fake. */
export interface HealthOptions {
  odoo: Pick<OdooClient, "version" | "protocol">;
  demo: boolean;
  /** Asks Odoo for its version afresh (the client caches its own answer); defaults to `odoo.version()`. */
  probe?: () => Promise<OdooVersion>;
  /** How long one probe result is reused, so frequent health checks do not hammer Odoo. */
  cacheMs?: number;
  /** A probe slower than this counts as unreachable. */
  timeoutMs?: number;
}

/**
 * `GET /health`: 200 `ok` when Odoo answers its version, 503 `degraded` when it does not; the probe is cached. The
 * reason Odoo is unreachable names internal hosts: only a caller with `detail` (the bearer token, if any) gets it.
 */
export function healthHandler(o: HealthOptions): (detail: boolean) => Promise<Response> {
  let last: Probe | undefined;
  let running: Promise<Probe> | undefined;
  const probe = async (): Promise<Probe> => {
    const timeoutMs = o.timeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const v = await Promise.race([o.probe ? o.probe() : o.odoo.version(), timeout]);
      return { at: Date.now(), odoo: { reachable: true, version: v.serverVersion, protocol: String(o.odoo.protocol) } };
    } catch (e) {
      return { at: Date.now(), odoo: { reachable: false, error: e instanceof Error ? e.message : String(e) } };
    } finally {
      clearTimeout(timer);
    }
  };
  return async (detail) => {
    if (!last || Date.now() - last.at >= (o.cacheMs ?? 5000)) {
      running ??= probe().finally(() => {
        running = undefined;
      });
      last = await running;
    }
    const ok = last.odoo.reachable;
    const odoo =
      ok || detail ? last.odoo : { reachable: false, error: "Odoo does not answer (the reason needs the token)" };
    const body = { status: ok ? "ok" : "degraded", odoo, demo: o.demo, version: VERSION };
    return json(body, ok ? 200 : 503, { "cache-control": "no-store" });
  };
}

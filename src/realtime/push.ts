import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import { metrics } from "../metrics.ts";
import { BusListener, type BusNotification, type BusState } from "../odoo/bus.ts";
import { OdooError } from "../odoo/errors.ts";
import { sessionLogin } from "../odoo/session.ts";
import type { FetchLike, OdooClient } from "../odoo/types.ts";
import { parseOdooUri } from "../resources/uri.ts";
import type { Hub } from "./hub.ts";
import type { Poller } from "./poller.ts";
import { PUSH_TYPE } from "./push-code.ts";

/** What push mode is built from. */
export interface PushDeps {
  config: Config;
  /** The server's own client (unguarded): finds the login of a numeric `uid`. */
  odoo: OdooClient;
  log: Logger;
  hub: Hub;
  poller: Poller;
  fetch?: FetchLike;
  backoffMs?: { base: number; max: number };
}

const STATES: BusState[] = ["down", "connecting", "connected"];

/** Whether a pushed change concerns a watched URI: the record (or one of its binaries), or a list of its model. */
export function concerns(uris: readonly string[], model: string, id: number): boolean {
  for (const uri of uris) {
    const u = parseOdooUri(uri);
    if (u.model === model && (u.kind === "list" || u.id === id)) return true;
  }
  return false;
}

/** The payload a push-mode rule sends, or undefined for anything else on the channel. */
function changeOf(n: BusNotification): { model: string; id: number } | undefined {
  if (n.message.type !== PUSH_TYPE) return undefined;
  const p = n.message.payload as { model?: unknown; id?: unknown } | null;
  if (typeof p?.model !== "string" || typeof p.id !== "number" || !Number.isInteger(p.id)) return undefined;
  return { model: p.model, id: p.id };
}

/**
 * Push mode: listens on Odoo's bus for the changes `odoo-mcp push install`'s rules send, and runs a change-detection
 * round at once when one concerns a watched record or list. The round checks Odoo's write_date (a push is a hint,
 * never trusted as it is) and coalesces with polling, so a change is announced once. While the bus is connected and
 * every watched model is in `realtime.push.models`, polling slows to `realtime.push.poll_interval`; when the bus
 * drops, or another model is watched, polling returns to its own pace by itself.
 */
export function startPush(d: PushDeps): { bus: BusListener; stop(): void } | undefined {
  const push = d.config.realtime.push;
  const log = d.log.child("odoo_mcp.realtime.push");
  if (!push.channel) {
    log.warning("realtime.push.enabled without realtime.push.channel: push mode is off (run 'odoo-mcp push install')");
    return undefined;
  }
  const password = d.config.password;
  if (!password) {
    log.warning(
      "realtime.push needs the user's password: Odoo's websocket accepts only a web session, which an API key cannot " +
        "open; polling alone carries on",
    );
    return undefined;
  }
  const http = {
    url: d.config.odoo_url,
    fetch: d.fetch ?? globalThis.fetch,
    timeoutMs: d.config.timeout * 1000,
    secrets: new Set([password, push.channel]),
  };
  let connected = false;
  let login = typeof d.config.uid === "string" ? d.config.uid : undefined;
  const bus = new BusListener({
    url: push.bus_url ?? d.config.odoo_url,
    channels: [push.channel],
    backoffMs: d.backoffMs,
    log: (m, level) => (level === "warning" ? log.warning(m) : log.info(m)),
    fatal: (e) => e instanceof OdooError && e.kind === "auth",
    async login() {
      login ??= (
        await d.odoo.executeKw<{ login: string }[]>("res.users", "read", [[d.config.uid]], { fields: ["login"] })
      )[0]?.login;
      if (!login) throw new Error(`no login for user id ${d.config.uid}`);
      const s = await sessionLogin(http, d.config.database, login, password);
      if (!s.uid || !s.cookie)
        throw new OdooError(
          "auth",
          `Odoo opens no web session to '${login}' with a password alone (two-factor authentication?)`,
        );
      return { cookie: s.cookie, ...(s.workerVersion ? { workerVersion: s.workerVersion } : {}) };
    },
    onNotification(n) {
      const change = changeOf(n);
      if (!change) return;
      const watched = concerns(d.hub.uris(), change.model, change.id);
      metrics.pushes.inc({ outcome: watched ? "watched" : "unwatched" });
      if (watched) d.poller.poke();
    },
    onState(state) {
      for (const s of STATES) metrics.busStates.set({ state: s }, s === state ? 1 : 0);
      metrics.busState.set({}, state === "connected" ? 1 : 0);
      const was = connected;
      connected = state === "connected";
      if (was === connected) return;
      // Connected: a round catches up what happened before the subscription. Dropped: polling takes over again.
      pace(true);
      log.info(connected ? "bus connected: push mode on" : "bus connection lost: polling carries on");
    },
    onReconnect: () => metrics.busReconnects.inc(),
  });
  // Polling slows to the safety net's pace only while the bus is up and every watched model has push rules
  // (realtime.push.models): a change of any other model still comes by polling at its own pace.
  const covered = new Set(push.models);
  const pace = (now: boolean) => {
    const slow = connected && d.hub.uris().every((uri) => covered.has(parseOdooUri(uri).model));
    const next = slow ? push.poll_interval * 1000 : undefined;
    if (next === d.poller.slowIntervalMs && !now) return;
    d.poller.slowIntervalMs = next;
    d.poller.poke();
  };
  let recount = false;
  const stopWatch = d.hub.onWatchChange(() => {
    if (recount) return;
    recount = true;
    queueMicrotask(() => {
      recount = false;
      pace(false);
    });
  });
  bus.start();
  return {
    bus,
    stop: () => {
      stopWatch();
      bus.stop();
    },
  };
}

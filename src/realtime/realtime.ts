import { ProtocolError, ResourceNotFoundError } from "@modelcontextprotocol/server";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { OdooClient } from "../odoo/types.ts";
import { probeBinary } from "../resources/binary.ts";
import { fieldsOf, type ResourceContext } from "../resources/context.ts";
import { readList } from "../resources/list.ts";
import { readRecord } from "../resources/record.ts";
import { BadUri, type OdooUri, parseCanonical, parseOdooUri } from "../resources/uri.ts";
import { defaultFields } from "../tools/fields.ts";
import { metaFor } from "../tools/meta.ts";
import { guardClient, lazyGuardClient } from "../trust/guard.ts";
import { policyFor, type Who } from "../trust/policy.ts";
import { Detector, type ModelFields } from "./detect.ts";
import { Hub, HubSubscriptionsError } from "./hub.ts";
import { Poller } from "./poller.ts";
import type { PushDeps } from "./push.ts";

/** What the subscription service is built from. */
export interface RealtimeDeps {
  config: Config;
  odoo: OdooClient;
  log: Logger;
  /** The hub to use (the HTTP app passes its own options); a new one by default. */
  hub?: Hub;
  /** Push mode's login `fetch` and reconnect pauses (tests). */
  push?: Pick<PushDeps, "fetch" | "backoffMs">;
  /** Whose policy applies (per-user identity: `odoo` is that user's client); the global policy by default. */
  who?: Who;
  /** The configured user, when policy profiles pick its policy (known once Odoo answers): waited for on each read. */
  whoLater?: () => Promise<Who | undefined>;
}

/** A subscription beyond the per-client cap (-32602 on MCP; the web channel's documented -32002). */
export class TooManySubscriptions extends ProtocolError {
  constructor() {
    super(-32602, `Too many subscriptions: at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} per client`);
  }
}

/** Most subscriptions one client (session, stream, `/events` client) may hold. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 1000;

/**
 * The one subscription model every transport uses: clients (MCP sessions, `subscriptions/listen` streams, `/events`
 * clients) subscribe to canonical `odoo://` URIs in the hub; the same URI is watched once however many subscribe;
 * change detection polls Odoo while anything is subscribed and publishes to the hub.
 */
export class Realtime {
  readonly hub: Hub;
  readonly detector: Detector;
  readonly poller: Poller;
  private readonly log: Logger;
  private readonly odoo: OdooClient;
  private closed = false;
  /** Push mode (`realtime.push.enabled`), once started; loaded only when enabled. */
  readonly push: Promise<ReturnType<typeof import("./push.ts").startPush>>;

  constructor(private readonly deps: RealtimeDeps) {
    this.log = deps.log.child("odoo_mcp.realtime");
    this.hub =
      deps.hub ?? new Hub({ queueMax: deps.config.sse_queue_maxsize, maxSubscriptions: MAX_SUBSCRIPTIONS_PER_CLIENT });
    // Change detection and the data /events clients get obey the server's policy (hidden models, fields, secrets).
    this.odoo = deps.whoLater
      ? lazyGuardClient(deps.odoo, deps.config, deps.whoLater)
      : guardClient(deps.odoo, policyFor(deps.config, deps.who));
    const meta = metaFor(this.odoo);
    this.detector = new Detector({
      odoo: this.odoo,
      fields: async (model): Promise<ModelFields> => {
        const map = await meta.fields(model);
        const compare = Object.keys(map).filter((f) => map[f]?.store !== false || map[f]?.type === "binary");
        return { compare, content: defaultFields(map) };
      },
      readList: async (uri) => {
        const ctx = this.context(uri, AbortSignal.timeout(deps.config.timeout * 1000));
        const result = await readList(ctx, parseOdooUri(uri) as Extract<OdooUri, { kind: "list" }>);
        const first = result.contents[0];
        return first && "text" in first ? JSON.parse(first.text) : null;
      },
      wantsData: (uri) => this.hub.wantsData(uri),
    });
    this.poller = new Poller({
      hub: this.hub,
      detector: this.detector,
      intervalMs: deps.config.realtime.poll_interval * 1000,
      maxCallsPerMinute: deps.config.realtime.max_calls_per_minute,
      onError: (e) => this.log.debug(`change detection: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.poller.start();
    this.push = deps.config.realtime.push.enabled
      ? import("./push.ts").then((m) => {
          if (this.closed) return undefined;
          const { hub, poller } = this;
          return m.startPush({ ...deps.push, config: deps.config, odoo: deps.odoo, log: deps.log, hub, poller });
        })
      : Promise.resolve(undefined);
  }

  private context(uri: string, signal: AbortSignal, odoo: OdooClient = this.odoo): ResourceContext {
    return { uri, config: this.deps.config, odoo, meta: metaFor(odoo), log: this.log, signal };
  }

  /**
   * Subscribes client `id` to `uri`. Refused with the errors a read of it gives (unknown model, missing record, no
   * access, not a binary field…), a non-canonical spelling with the one to use, beyond the per-client cap with
   * -32602. Once it returns, a change counts: its current state is the base of comparison. `as` is the client of
   * the session's identity, to check the URI with (default: the server's own, under the global policy).
   */
  async subscribe(
    id: string,
    uri: string,
    signal: AbortSignal = new AbortController().signal,
    as?: OdooClient,
  ): Promise<void> {
    let parsed: OdooUri;
    try {
      parsed = parseCanonical(uri);
    } catch (e) {
      if (e instanceof BadUri) throw new ResourceNotFoundError(uri, e.message);
      throw e;
    }
    if (!this.hub.clientSubscribed(id, uri) && this.hub.subscriptionCount(id) >= MAX_SUBSCRIPTIONS_PER_CLIENT)
      throw new TooManySubscriptions();
    // Checked as the session's own identity and policy (per-user HTTP), when it has one.
    const ctx = this.context(uri, signal, as);
    if (parsed.kind === "record") await readRecord(ctx, parsed);
    else if (parsed.kind === "list") await fieldsOf(ctx, parsed.model);
    else await probeBinary(ctx, parsed);
    try {
      this.hub.subscribe(uri, id);
    } catch (e) {
      if (e instanceof HubSubscriptionsError) throw new TooManySubscriptions();
      throw e;
    }
    try {
      await this.detector.baseline(uri);
    } catch (e) {
      this.hub.unsubscribe(uri, id);
      throw new ProtocolError(-32000, `Cannot watch ${uri} now: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Ends client `id`'s subscription to `uri` (any spelling that names it); false when there was none. */
  unsubscribe(id: string, uri: string): boolean {
    return this.hub.unsubscribe(uri, id);
  }

  /** Registers an MCP session (or listen stream) whose updates go to `deliver`; `close()` ends its subscriptions. */
  session(deliver: (uri: string) => void): { id: string; close: () => void } {
    const id = crypto.randomUUID();
    this.hub.addSession(id, deliver);
    return { id, close: () => this.hub.remove(id) };
  }

  /** Stops polling and ends every stream. */
  close(): void {
    this.closed = true;
    void this.push.then((p) => p?.stop());
    this.poller.stop();
    this.hub.close();
  }
}

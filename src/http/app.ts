import type { McpServer, McpServerFactory, Server } from "@modelcontextprotocol/server";
import { Elysia } from "elysia";
import { registry } from "../metrics.ts";
import type { OdooClient, OdooVersion } from "../odoo/types.ts";
import { Hub } from "../realtime/hub.ts";
import type { IdentityRealtimes } from "../realtime/identities.ts";
import type { Realtime } from "../realtime/realtime.ts";
import { TOOLS } from "../tools/index.ts";
import type { Identities } from "../trust/identity.ts";
import { identityTag } from "../trust/identity.ts";
import { readJson } from "./body.ts";
import { MAX_EVENT_STREAMS_PER_CLIENT, PerClientCap } from "./caps.ts";
import { openEvents } from "./events.ts";
import { gate, peer } from "./gate.ts";
import { authorized } from "./guards.ts";
import { healthHandler } from "./health.ts";
import { ERR, isObject, rpcError } from "./jsonrpc.ts";
import { LegacySseEndpoint } from "./legacy-sse.ts";
import { StreamableEndpoint } from "./streamable.ts";
import { requestTracker } from "./track.ts";
import type { HttpLog, HttpSettings } from "./types.ts";
import { type ChannelRegistry, handleWebCall, isWebChannelRequest } from "./web-channel.ts";
import { channelSession } from "./web-session.ts";

/** Everything the HTTP app is built from. */
export interface AppDeps {
  settings: HttpSettings;
  /** Builds the one registry (tools, resources) per session or request. */
  factory: McpServerFactory;
  /**
   * The registry the web channel's calls go to: one per identity, kept (src/http/web-session.ts). Default: one
   * registry from `factory` for every call.
   */
  channelRegistry?: (req: Request) => Promise<McpServer | Server>;
  odoo: Pick<OdooClient, "version" | "protocol">;
  /** A fresh Odoo version probe for `/health` (see `HealthOptions.probe`). */
  probe?: () => Promise<OdooVersion>;
  demo: boolean;
  log: HttpLog;
  /** Seconds a client must wait before its next request; 0 lets it through (the `requests_per_minute` bucket). */
  rateLimit?: (key: string) => number;
  hub?: Hub;
  /** The process's subscription service (its hub serves `/events` too); without it nothing is watched. */
  realtime?: Realtime;
  /** The tools the registry serves, by name: the only tool names `/metrics` labels (default: every odoo-mcp tool). */
  toolNames?: readonly string[];
  /** `http.identity: per_user`: each client's own Odoo login (its sessions, streams and ids are its own). */
  identities?: Identities;
  /** `per_user`: each identity's own subscription service, behind its `/events` streams and `subscribe_resource`. */
  identityRealtimes?: IdentityRealtimes;
  /** `per_user`: the client a `subscriptions/listen` request's identity checks its URIs as. */
  listenAs?: (req: Request) => Promise<OdooClient | undefined>;
}

/** The routes of the HTTP server, and the stateful endpoints behind them (closed together). */
export interface HttpApp {
  app: Elysia;
  hub: Hub;
  realtime?: Realtime;
  streamable: StreamableEndpoint;
  legacySse: LegacySseEndpoint;
  /** The web channel's session with the registry a request's calls go to. */
  channel: ChannelRegistry;
  close(): Promise<void>;
}

/** JSON-RPC's "Invalid Request", as MCP clients expect it. */
const MCP_INVALID_REQUEST = -32600;

/** Each path's methods, for the 405 answer to any other (CORS preflights are answered for every path). */
const ALLOWED_METHODS: Record<string, string> = {
  "/mcp": "GET, POST, DELETE",
  "/sse": "GET",
  "/messages": "POST",
  "/events": "GET",
  "/health": "GET",
  "/metrics": "GET",
};

/** Builds the Elysia app: guards first, then one route per endpoint, each handing off to its transport. */
export function createApp(deps: AppDeps): HttpApp {
  const { settings, log } = deps;
  const { realtime } = deps;
  const hub = realtime?.hub ?? deps.hub ?? new Hub({ queueMax: settings.sseQueueMaxsize });
  const streamable = new StreamableEndpoint({
    factory: deps.factory,
    log,
    maxBodyBytes: settings.maxBodyBytes,
    eventStoreMax: settings.sseQueueMaxsize,
    realtime,
    ...(deps.listenAs ? { listenAs: deps.listenAs } : {}),
  });
  hub.onPublish((uri) => streamable.modern.notify.resourceUpdated(uri));
  const legacySse = new LegacySseEndpoint({ factory: deps.factory, log, queueMax: settings.sseQueueMaxsize });
  const health = healthHandler({ odoo: deps.odoo, demo: deps.demo, probe: deps.probe });

  const eventCaps = new PerClientCap(MAX_EVENT_STREAMS_PER_CLIENT);
  const track = requestTracker(log, deps.toolNames ?? TOOLS.map((t) => t.name));
  // Session, stream and client ids belong to the address that made them, and to its identity (per_user).
  const owner = (server: Parameters<typeof peer>[0], request: Request) => {
    const tag = deps.identities ? identityTag(request, settings.authToken) : "";
    return tag ? `${peer(server, request)}#${tag}` : peer(server, request);
  };

  // per_user: an identity's /events clients and subscriptions live in its own service (its reads, its hub).
  const channel = async (request: Request): Promise<{ hub: Hub; realtime?: Realtime }> => {
    const own = deps.identityRealtimes;
    const identity = own ? await deps.identities?.fromRequest(request) : undefined;
    if (!own || !identity) return { hub, realtime };
    const mine = own.for(identity);
    return { hub: mine.hub, realtime: mine };
  };

  let shared: Promise<McpServer | Server> | undefined;
  const registryOf =
    deps.channelRegistry ??
    ((req: Request) => (shared ??= Promise.resolve(deps.factory({ era: "legacy", requestInfo: req }))));
  const channelOf: ChannelRegistry = async (req) => channelSession(await registryOf(req));

  const app = new Elysia()
    .use(gate(settings, deps.rateLimit, deps.identities))
    .onError(({ code, error, request }) => {
      if (code === "NOT_FOUND") {
        const allow = ALLOWED_METHODS[new URL(request.url).pathname];
        if (allow) return rpcError(405, ERR.methodNotFound, `Method not allowed (${allow})`, null, { allow });
        return rpcError(404, ERR.methodNotFound, "Not found");
      }
      const stack = error instanceof Error ? error.stack : undefined;
      log.error(`http: unhandled ${error instanceof Error ? error.message : String(error)}`, { stack });
      return rpcError(500, ERR.internal, "Internal error");
    })
    .get("/health", ({ request }) => health(authorized(request, settings.authToken)))
    .get(
      "/metrics",
      () =>
        new Response(registry.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } }),
    )
    .post(
      "/mcp",
      async ({ request, server }) => {
        const started = performance.now();
        const code = (msg: unknown) => (isWebChannelRequest(request, msg) ? ERR.invalidRequest : MCP_INVALID_REQUEST);
        const body = await readJson(request, settings.maxBodyBytes, code);
        if (!body.ok) return track("http", "invalid", "", started, body.response);
        const msg = body.value;
        const method =
          isObject(msg) && typeof msg.method === "string" ? msg.method : Array.isArray(msg) ? "batch" : "response";
        const tool =
          isObject(msg) && isObject(msg.params) && typeof msg.params.name === "string" ? msg.params.name : "";
        if (isWebChannelRequest(request, msg)) {
          const to = { ...(await channel(request)), owner: owner(server, request) };
          return track("web", method, tool, started, await handleWebCall(request, msg, channelOf, to));
        }
        const res = await streamable.handle(request, msg, owner(server, request));
        if (res.headers.get("content-type")?.startsWith("text/event-stream")) server?.timeout(request, 0);
        return track("streamable-http", method, tool, started, res);
      },
      { parse: "none" },
    )
    .get("/mcp", async ({ request, server }) => {
      const res = await streamable.handle(request, undefined, owner(server, request));
      if (res.ok) server?.timeout(request, 0);
      return res;
    })
    .delete("/mcp", ({ request, server }) => streamable.handle(request, undefined, owner(server, request)))
    .get("/sse", async ({ request, server }) => {
      server?.timeout(request, 0);
      return legacySse.open(request, owner(server, request));
    })
    .post(
      "/messages",
      async ({ request, server }) => {
        const started = performance.now();
        const body = await readJson(request, settings.maxBodyBytes, () => MCP_INVALID_REQUEST);
        if (!body.ok) return track("sse", "invalid", "", started, body.response);
        const msg = body.value;
        const method = isObject(msg) && typeof msg.method === "string" ? msg.method : "response";
        const sessionId = new URL(request.url).searchParams.get("sessionId");
        return track("sse", method, "", started, legacySse.post(request, sessionId, msg, owner(server, request)));
      },
      { parse: "none" },
    )
    .get("/events", async ({ request, server }) => {
      const res = openEvents(request, (await channel(request)).hub, owner(server, request), eventCaps);
      if (res.ok) server?.timeout(request, 0);
      return res;
    });

  return {
    app: app as unknown as Elysia,
    hub,
    realtime,
    streamable,
    legacySse,
    channel: channelOf,
    async close() {
      realtime?.close();
      deps.identityRealtimes?.close();
      hub.close();
      await Promise.allSettled([streamable.close(), legacySse.close()]);
    },
  };
}

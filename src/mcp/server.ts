import { McpServer, type Transport } from "@modelcontextprotocol/server";
import { registerViews, withViews } from "../apps/index.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { OdooClient } from "../odoo/types.ts";
import { registerSubscriptions } from "../realtime/mcp.ts";
import type { Realtime } from "../realtime/realtime.ts";
import { registerResources } from "../resources/index.ts";
import { TOOLS } from "../tools/index.ts";
import { guardClient } from "../trust/guard.ts";
import { policyFor, type Who } from "../trust/policy.ts";
import { scopedLogger } from "../trust/scoped-log.ts";
import { serverCapabilities, serverInfo, serverInstructions } from "./identity.ts";
import { LogForwarder } from "./logging.ts";
import { registerPrompts } from "./prompts.ts";
import { fixErrorCodes, isModernRevision } from "./protocol-compat.ts";
import { registerTools } from "./tools.ts";

/** What every session's registry is built from; caches keyed on `odoo` are shared by all sessions. */
export interface ServerDeps {
  config: Config;
  odoo: OdooClient;
  log: Logger;
  /** Serving the built-in fake Odoo (`--demo`): said in the server's title and instructions. */
  demo?: boolean;
  /** The Odoo identity the session acts as (per-user HTTP); the configured user otherwise. */
  who?: Who;
  /** The transport, as the audit trail names it. */
  transport?: string;
  /** The process's subscription service: with it, `resources.subscribe` is offered on every transport. */
  realtime?: Realtime;
}

const declaresHeaders = new WeakMap<object, boolean>();
const withoutLogs = new WeakSet<Transport>();

/** Marks a transport that has no channel for log notifications (the web channel's session): none are forwarded. */
export function noLogChannel<T extends Transport>(transport: T): T {
  withoutLogs.add(transport);
  return transport;
}
const NO_HEADERS = { type: "object" } as const;

/** Counts the requests a transport delivers that are not answered yet (what an aborted exchange leaves running). */
function unanswered(transport: Transport): () => number {
  let open = 0;
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if ("method" in message && "id" in message) open += 1;
    onmessage?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if ("id" in message && ("result" in message || "error" in message)) open -= 1;
    return send(message, options);
  };
  return () => open;
}

/**
 * One session's registry: adapts its transport on connect, forwards logs while connected. A registry reused for one
 * exchange after another (2026-07-28 HTTP, see src/http/registry-pool.ts) is told `onFree` for each: called once the
 * exchange's transport closed with every request answered, never while a handler of it may still run.
 */
export class OdooMcpServer extends McpServer {
  private readonly logs: LogForwarder;
  /** Run when the transport closes (the session's subscriptions end with it). */
  readonly onClose: (() => void)[] = [];
  /** Set by a pool for the current exchange; called (once) when the registry is free for the next one. */
  onFree: (() => void) | undefined;

  constructor(log: Logger, demo: boolean, subscribe: boolean, login?: string) {
    super(serverInfo(demo), { capabilities: serverCapabilities(subscribe), instructions: serverInstructions(demo) });
    this.logs = new LogForwarder(this, log, login);
  }

  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    fixErrorCodes(transport, () => this.server.getNegotiatedProtocolVersion());
    // A 2026-07-28 exchange or the web channel has no channel for log notifications: nothing to forward.
    const silent = withoutLogs.has(transport) || isModernRevision(this.server.getNegotiatedProtocolVersion());
    const stopLogs = silent ? () => {} : this.logs.start();
    const open = unanswered(transport);
    const closed = transport.onclose;
    transport.onclose = () => {
      stopLogs();
      for (const fn of this.onClose) fn();
      closed?.();
      if (open() === 0) this.free();
      else this.onFree = undefined;
    };
  }

  /** Closing a registry that never connected (the SDK refuses some requests before connecting) frees it too. */
  override async close(): Promise<void> {
    if (this.isConnected()) return super.close();
    this.free();
  }

  /**
   * The SDK's 2026-07-28 entry asks for a tool's input schema on every `tools/call` to scan it whole for `x-mcp-header`
   * declarations (SEP-2243). None of our tools declares one: a schema without the key is answered by a stand-in the
   * scan finds nothing in (the same outcome, without walking the domain grammar on every call).
   */
  override toolInputSchemaJson(name: string): ReturnType<McpServer["toolInputSchemaJson"]> {
    const schema = super.toolInputSchemaJson(name);
    if (schema === undefined) return schema;
    let declares = declaresHeaders.get(schema);
    if (declares === undefined) {
      declares = JSON.stringify(schema).includes('"x-mcp-header"');
      declaresHeaders.set(schema, declares);
    }
    return declares ? schema : NO_HEADERS;
  }

  /** Forgets the last exchange's client (its declared capabilities and name): the next one declares its own. */
  forgetClient(): void {
    const server = this.server as unknown as { _clientCapabilities?: unknown; _clientVersion?: unknown };
    server._clientCapabilities = undefined;
    server._clientVersion = undefined;
  }

  private free(): void {
    const free = this.onFree;
    this.onFree = undefined;
    free?.();
  }
}

/** Builds the MCP registry (six tools, three resource templates, logging) for one session of any transport. */
export function createMcpServer(deps: ServerDeps): OdooMcpServer {
  // Per-user HTTP: what this session logs is its identity's, and only its identity's log notifications reach it.
  const log = deps.who ? scopedLogger(deps.log, deps.who.login) : deps.log;
  const server = new OdooMcpServer(log, deps.demo === true, deps.realtime !== undefined, deps.who?.login);
  // The policy filters TOOLS from each tool's annotations, and every Odoo call below goes through the guarded client.
  const policy = policyFor(deps.config, deps.who);
  const scoped: ServerDeps = { ...deps, log, odoo: guardClient(deps.odoo, policy) };
  registerTools(
    server,
    withViews(
      TOOLS.filter((tool) => policy.toolVisible(tool)),
      deps.config,
    ),
    scoped,
  );
  registerResources(server, scoped);
  registerViews(server, deps.config);
  registerPrompts(server, scoped);
  if (deps.realtime) server.onClose.push(registerSubscriptions(server, deps.realtime, scoped.odoo));
  return server;
}

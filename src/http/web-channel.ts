import { PROTOCOL_VERSION_META_KEY, ProtocolError } from "@modelcontextprotocol/server";
import { RESOURCE_NOT_FOUND } from "../mcp/protocol-compat.ts";
import { quote } from "../quote.ts";
import { type Hub, HubSubscriptionsError } from "../realtime/hub.ts";
import { type Realtime, TooManySubscriptions } from "../realtime/realtime.ts";
import { MAX_URI_CHARS, parseOdooUri } from "../resources/uri.ts";
import { CLIENT_ID } from "./events.ts";
import { ERR, idOf, isObject, json, type RpcId } from "./jsonrpc.ts";
import { plainResult } from "./registry-call.ts";
import type { ChannelSession } from "./web-session.ts";

/** The documented client calls, and the MCP method each one is. */
const DOCUMENTED: Record<string, string> = {
  call_tool: "tools/call",
  read_resource: "resources/read",
  subscribe_resource: "resources/subscribe",
  unsubscribe_resource: "resources/unsubscribe",
  list_tools: "tools/list",
  list_resources: "resources/list",
  list_resource_templates: "resources/templates/list",
};
const MCP_NAMES = new Set([...Object.values(DOCUMENTED), "ping"]);
// JSON-RPC standard codes from the registry → the codes the user documentation lists.
const DOC_CODES: Record<number, number> = {
  [-32600]: ERR.invalidRequest,
  [-32601]: ERR.methodNotFound,
  [-32602]: ERR.invalidParams,
};

/**
 * Whether a POST /mcp belongs to the documented channel rather than MCP Streamable HTTP: no session, no protocol
 * header, not a batch or a response, no envelope, and not a handshake or notification (those are MCP's). A body that
 * is no request at all (1, {}) is this channel's too: it answers with its own code.
 */
export function isWebChannelRequest(req: Request, body: unknown): boolean {
  if (req.headers.has("mcp-session-id") || req.headers.has("mcp-protocol-version")) return false;
  if (Array.isArray(body)) return false;
  if (!isObject(body)) return true;
  if (typeof body.method !== "string") return !("result" in body || "error" in body);
  if (isObject(body.params) && isObject(body.params._meta) && PROTOCOL_VERSION_META_KEY in body.params._meta)
    return false;
  const m = body.method;
  return !(m === "initialize" || m === "server/discover" || m.startsWith("notifications/"));
}

const answer = (id: RpcId, result: unknown) => json({ jsonrpc: "2.0", id, result });
const fail = (id: RpcId, code: number, message: string, status = 200, data?: unknown) =>
  json({ jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } }, status);

/** Ties `uri` to the client's `/events` stream, or unties it: the web channel's own subscription calls. */
async function subscription(
  id: RpcId,
  subscribe: boolean,
  params: Record<string, unknown>,
  client: unknown,
  ctx: ChannelContext,
) {
  if (typeof params.uri !== "string" || !isResourceUri(params.uri)) {
    return fail(id, ERR.invalidParams, "Invalid params: uri must be an odoo:// resource URI (odoo://res.partner/1)");
  }
  if (typeof client !== "string" || !CLIENT_ID.test(client) || !ctx.hub.has(client, ctx.owner)) {
    return fail(
      id,
      ERR.invalidParams,
      "Invalid params: client_id (X-Client-Id header or params.client_id) must name an open /events stream",
    );
  }
  if (!subscribe) {
    ctx.hub.unsubscribe(params.uri, client);
    return answer(id, { uri: params.uri, client_id: client, subscribed: false });
  }
  try {
    // Refused as a read of the URI is (same code and message); once answered, a change counts.
    if (ctx.realtime) await ctx.realtime.subscribe(client, params.uri);
    else ctx.hub.subscribe(params.uri, client);
  } catch (e) {
    if (e instanceof HubSubscriptionsError || e instanceof TooManySubscriptions)
      return fail(id, ERR.invalidRequest, `Invalid request: ${e.message}`);
    if (e instanceof ProtocolError) return mapped(id, e.code, e.message, e.data);
    throw e;
  }
  return answer(id, { uri: params.uri, client_id: client, subscribed: true });
}

/** A registry error in this channel's codes: a missing resource is -32002, standard codes the documented ones. */
function mapped(id: RpcId, code: unknown, message: unknown, data: unknown): Response {
  // A missing resource is -32002 "Resource not found" here too, as on 2025-era MCP connections (protocol-compat.ts).
  const missing = code === -32602 && isObject(data) && Object.keys(data).join() === "uri";
  const to = missing ? RESOURCE_NOT_FOUND : (DOC_CODES[Number(code)] ?? Number(code));
  return fail(id, to, String(message ?? "error"), 200, data);
}

/**
 * A tool name or URI far longer than any real one is refused here, naming a bounded part of it: the registry would
 * carry it in a header (SEP-2243 `Mcp-Name`) and quote it whole.
 */
function refuseOversized(id: RpcId, method: string, params: Record<string, unknown>): Response | undefined {
  if (method === "resources/read" && typeof params.uri === "string" && params.uri.length > MAX_URI_CHARS) {
    const message = `Resource URI too long: ${quote(params.uri)}; at most ${MAX_URI_CHARS} characters`;
    return fail(id, RESOURCE_NOT_FOUND, message, 200, { uri: quote(params.uri) });
  }
  if (method === "tools/call" && typeof params.name === "string" && params.name.length > 128)
    return fail(id, ERR.invalidParams, `Invalid params: unknown tool ${quote(params.name)}`);
  return undefined;
}

const isResourceUri = (uri: string) => {
  try {
    parseOdooUri(uri);
    return true;
  } catch {
    return false;
  }
};

/** What the web channel shares between calls: the hub, the subscription service, and who asks (client ids belong to an address). */
export interface ChannelContext {
  hub: Hub;
  owner: string;
  /** Subscriptions checked like reads and watched; without it the hub alone (nothing detects changes). */
  realtime?: Pick<Realtime, "subscribe">;
}

/** The session a call's registry is reached through: its identity's (per_user), else the configured user's. */
export type ChannelRegistry = (req: Request) => Promise<ChannelSession>;

/** Answers one documented-channel call: JSON-RPC in, JSON-RPC out, no handshake; a missing id is answered with null. */
export async function handleWebCall(req: Request, body: unknown, registry: ChannelRegistry, ctx: ChannelContext) {
  if (!isObject(body) || typeof body.method !== "string")
    return fail(idOf(body), ERR.invalidRequest, "Invalid request: expected a JSON-RPC request (a method name)", 400);
  const id = idOf(body);
  if (body.jsonrpc !== undefined && body.jsonrpc !== "2.0")
    return fail(id, ERR.invalidRequest, 'Invalid request: jsonrpc must be "2.0"', 400);
  if (body.id !== undefined && body.id !== null && id === null)
    return fail(null, ERR.invalidRequest, "Invalid request: id must be a string, a number or null", 400);
  const name = String(body.method);
  // Own keys only: "constructor", "toString"… are Object.prototype's, not methods of this channel.
  const method = Object.hasOwn(DOCUMENTED, name) ? DOCUMENTED[name] : MCP_NAMES.has(name) ? name : undefined;
  if (!method) {
    const known = Object.keys(DOCUMENTED).join(", ");
    return fail(id, ERR.methodNotFound, `Method not found: ${quote(name)} (this channel serves ${known})`);
  }
  if (body.params !== undefined && !isObject(body.params))
    return fail(id, ERR.invalidParams, "Invalid params: params must be an object");
  // 2026-07-28 dropped ping; this channel keeps answering it as a liveness check.
  if (method === "ping") return answer(id, {});
  const { client_id: paramClient, _meta, ...rest } = (body.params ?? {}) as Record<string, unknown>;
  // MCP's _meta is an object: another value is dropped (the registry would not recognise the request at all).
  const params = isObject(_meta) ? { ...rest, _meta } : rest;
  if (method === "resources/subscribe" || method === "resources/unsubscribe") {
    const clientId = req.headers.get("x-client-id") ?? paramClient;
    return subscription(id, method === "resources/subscribe", params, clientId, ctx);
  }
  const oversized = refuseOversized(id, method, params);
  if (oversized) return oversized;
  // No registry for this request (its identity could not be made): answered as the SDK answers a failing factory.
  const session = await registry(req).catch(() => undefined);
  if (!session) return fail(id, ERR.internal, "Internal server error");
  return registryAnswer(id, await session.request(method, params, req));
}

/** The registry's JSON-RPC answer as this channel's: its result as a plain MCP result, its error in this channel's codes. */
export function registryAnswer(id: RpcId, reply: Record<string, unknown> | undefined): Response {
  if (!reply) return fail(id, ERR.internal, "Internal error: no answer from the server (the call was cancelled)");
  if (isObject(reply.error)) return mapped(id, reply.error.code, reply.error.message, reply.error.data);
  return answer(id, plainResult(reply.result));
}

import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  type McpHttpHandler,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
} from "@modelcontextprotocol/server";
import { VERSION } from "../version.ts";
import { isObject } from "./jsonrpc.ts";
import { readRpcAnswer } from "./sse-read.ts";

const MODERN = "2026-07-28";

// Header values must be visible ASCII; anything else travels in the SDK's base64 sentinel form.
const headerValue = (v: string) => (/^[\x21-\x7e]*$/.test(v) ? v : `=?base64?${Buffer.from(v).toString("base64")}?=`);

const channelRequests = new WeakSet<Request>();

/** Whether the registry's request came from the web channel (`callRegistry`), as the audit trail names it. */
export const isChannelRequest = (req: Request): boolean => channelRequests.has(req);

/** What the registry answered: its JSON-RPC `result` or `error`, or nothing (with the HTTP status). */
export interface RegistryAnswer {
  status: number;
  reply?: Record<string, unknown>;
}

/**
 * One MCP request to the registry without a handshake, as a 2026-07-28 request to `modern` (the per-request handler
 * every session's registry comes from): how the web channel and the change watcher reach tools and resources.
 */
export async function callRegistry(
  modern: McpHttpHandler,
  method: string,
  params: Record<string, unknown>,
  o: { client: string; url?: string; signal?: AbortSignal; authorization?: string | null },
): Promise<RegistryAnswer> {
  const meta = {
    [PROTOCOL_VERSION_META_KEY]: MODERN,
    [CLIENT_INFO_META_KEY]: { name: o.client, version: VERSION },
    [CLIENT_CAPABILITIES_META_KEY]: {},
  };
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": method,
  };
  // The caller's own credential (per-user identity) travels with the call, so the registry acts as that user.
  if (o.authorization) headers.authorization = o.authorization;
  const named = method === "tools/call" ? params.name : method === "resources/read" ? params.uri : undefined;
  if (typeof named === "string") headers["mcp-name"] = headerValue(named);
  const inner = {
    jsonrpc: "2.0",
    id: 1,
    method,
    params: { ...params, _meta: { ...(isObject(params._meta) ? params._meta : {}), ...meta } },
  };
  const request = new Request(o.url ?? "http://localhost/mcp", {
    method: "POST",
    headers,
    body: JSON.stringify(inner),
    signal: o.signal,
  });
  channelRequests.add(request);
  const res = await modern.fetch(request, { parsedBody: inner });
  return { status: res.status, reply: await readRpcAnswer(res, 1) };
}

/** A registry result as a plain MCP result: without the 2026-07-28 wire-only fields. */
export function plainResult(result: unknown): Record<string, unknown> {
  const { resultType: _t, ttlMs: _l, cacheScope: _s, ...plain } = isObject(result) ? result : {};
  if (isObject(plain._meta)) {
    const { [SERVER_INFO_META_KEY]: _i, ...meta } = plain._meta;
    if (Object.keys(meta).length > 0) plain._meta = meta;
    else delete plain._meta;
  }
  return plain;
}

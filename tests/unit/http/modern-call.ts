import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  type McpHttpHandler,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/server";
import { isObject } from "../../../src/http/jsonrpc.ts";
import { VERSION } from "../../../src/version.ts";
import { readRpcAnswer } from "./sse-read.ts";

const MODERN = "2026-07-28";

// Header values must be visible ASCII; anything else travels in the SDK's base64 sentinel form.
const headerValue = (v: string) => (/^[\x21-\x7e]*$/.test(v) ? v : `=?base64?${Buffer.from(v).toString("base64")}?=`);

/**
 * One MCP request to `modern` (the 2026-07-28 per-request handler) without a handshake, as the client `o.client`:
 * its HTTP status and JSON-RPC answer. How the web channel reached the registry before it had its own session; the
 * tests compare the two paths with it.
 */
export async function callRegistry(
  modern: McpHttpHandler,
  method: string,
  params: Record<string, unknown>,
  o: { client: string; url?: string; signal?: AbortSignal; authorization?: string | null },
): Promise<{ status: number; reply?: Record<string, unknown> }> {
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
  const res = await modern.fetch(request, { parsedBody: inner });
  return { status: res.status, reply: await readRpcAnswer(res, 1) };
}

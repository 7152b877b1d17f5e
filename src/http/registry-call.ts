import { SERVER_INFO_META_KEY } from "@modelcontextprotocol/server";
import { isObject } from "./jsonrpc.ts";

const channelRequests = new WeakSet<Request>();

/** Marks `req` as a web-channel call the registry serves (see web-session.ts). */
export const markChannelRequest = (req: Request): void => {
  channelRequests.add(req);
};

/** Whether the registry's request came from the web channel, as the audit trail names it. */
export const isChannelRequest = (req: Request): boolean => channelRequests.has(req);

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

import { type ErrorContext, fromJsonRpcError, type JsonRpcErrorBody } from "./error-map.ts";
import { type HttpConfig, type HttpReply, send, unexpectedReply } from "./http.ts";
import type { Transport } from "./transport.ts";
import type { OdooIdentity } from "./types.ts";

let nextId = 1;

/** Options of one JSON-RPC request. */
export interface JsonRpcOptions {
  signal?: AbortSignal;
  cookie?: string;
  ctx?: ErrorContext;
}

/** Reads a JSON-RPC answer: `result` (null when Odoo omits it for a None), or the mapped `error`. */
export function readJsonRpc(reply: HttpReply, ctx: ErrorContext = {}): unknown {
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    throw unexpectedReply(reply, ctx);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw unexpectedReply(reply, ctx);
  const msg = body as { result?: unknown; error?: JsonRpcErrorBody; jsonrpc?: unknown };
  if (msg.error !== undefined) throw fromJsonRpcError(msg.error, ctx);
  if (reply.status !== 200 || msg.jsonrpc !== "2.0") throw unexpectedReply(reply, ctx);
  // `/jsonrpc` leaves `result` out entirely when the method returned None.
  return msg.result === undefined ? null : msg.result;
}

/** POSTs a JSON-RPC 2.0 `call` to `path`; returns the result and the raw reply (for its cookies). */
export async function jsonRpc(
  http: HttpConfig,
  path: string,
  params: Record<string, unknown>,
  opts: JsonRpcOptions = {},
): Promise<{ result: unknown; reply: HttpReply }> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (opts.cookie) headers.Cookie = opts.cookie;
  const body = JSON.stringify({ jsonrpc: "2.0", method: "call", id: nextId++, params });
  const reply = await send(http, path, { headers, body }, opts.signal);
  return { result: readJsonRpc(reply, opts.ctx), reply };
}

/** Calls `service.method(*args)` on `/jsonrpc` (common, object, db). */
export async function jsonRpcService(
  http: HttpConfig,
  service: string,
  method: string,
  args: unknown[],
  opts: JsonRpcOptions = {},
): Promise<unknown> {
  return (await jsonRpc(http, "/jsonrpc", { service, method, args }, opts)).result;
}

/** `/jsonrpc` `object.execute_kw` with the credential on every call (API keys; Odoo re-checks it each time). */
export function statelessJsonRpc(
  http: HttpConfig,
  database: string,
  identity: OdooIdentity,
  secret: string,
): Transport {
  return {
    protocol: "jsonrpc",
    identity,
    call: (model, method, args, kwargs, signal) =>
      jsonRpcService(http, "object", "execute_kw", [database, identity.uid, secret, model, method, args, kwargs], {
        signal,
        ctx: { model, method, database },
      }),
    close: async () => {},
  };
}

import { type ErrorContext, fromOdooException } from "./error-map.ts";
import { type HttpConfig, type HttpReply, send, unexpectedReply } from "./http.ts";
import { json2Body } from "./json2-args.ts";
import type { Transport } from "./transport.ts";
import type { OdooIdentity } from "./types.ts";

/** Odoo 19's `POST /json/2/<model>/<method>` with a bearer API key; arguments by name, the bare result back. */
export async function json2Call(
  http: HttpConfig,
  database: string,
  apiKey: string,
  model: string,
  method: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<unknown> {
  const ctx: ErrorContext = { model, method, database };
  const path = `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
  const headers = {
    "Content-Type": "application/json",
    Authorization: `bearer ${apiKey}`,
    "X-Odoo-Database": database,
  };
  return readJson2(await send(http, path, { headers, body: JSON.stringify(body) }, signal), ctx);
}

/** Reads a JSON-2 answer: the bare result on 200, else the error its status and `{name, message}` describe. */
export function readJson2(reply: HttpReply, ctx: ErrorContext = {}): unknown {
  let parsed: unknown;
  try {
    parsed = /json/i.test(reply.contentType) ? JSON.parse(reply.text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (reply.status === 200 && parsed !== undefined) return parsed;
  // Errors are real statuses with `{name, message, arguments, context, debug}`; HTML pages (415, unknown db) are not.
  const err = parsed as { name?: unknown; message?: unknown } | undefined;
  if (reply.status !== 200 && typeof err?.name === "string" && typeof err.message === "string") {
    throw fromOdooException(err.name, err.message, ctx, { status: reply.status });
  }
  throw unexpectedReply(reply, ctx);
}

/** JSON-2 transport: every call carries the API key; the context travels as the `context` argument. */
export function json2Transport(http: HttpConfig, database: string, identity: OdooIdentity, apiKey: string): Transport {
  return {
    protocol: "json2",
    identity,
    call: async (model, method, args, kwargs, signal) =>
      json2Call(http, database, apiKey, model, method, json2Body(model, method, args, kwargs), signal),
    close: async () => {},
  };
}

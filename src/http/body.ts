import { readRequestBody } from "@modelcontextprotocol/server";
import { jsonDepth, MAX_JSON_DEPTH } from "../json-depth.ts";
import { metrics } from "../metrics.ts";
import { ERR, idOf, rpcError } from "./jsonrpc.ts";

export { jsonDepth, MAX_JSON_DEPTH } from "../json-depth.ts";

/** A request body read under the size limit and parsed, or the error answer for it. */
export type ParsedBody = { ok: true; value: unknown; text: string } | { ok: false; response: Response };

/**
 * The body as text, or `tooLarge`. With a Content-Length within the limit (what clients send), the body is read at
 * once — the length frames the body, nothing past it is read; otherwise (chunked) it is read chunk by chunk, stopping
 * past the limit.
 */
async function readBody(
  req: Request,
  maxBytes: number,
): Promise<{ tooLarge: true } | { tooLarge: false; text: string }> {
  const declared = req.headers.get("content-length");
  const length = declared === null ? Number.NaN : Number(declared);
  if (Number.isSafeInteger(length) && length >= 0 && length <= maxBytes) {
    const text = await req.text();
    return Buffer.byteLength(text) > maxBytes ? { tooLarge: true } : { tooLarge: false, text };
  }
  return readRequestBody(req, maxBytes);
}

/**
 * Reads and parses a JSON body: over `maxBytes` → 413, not JSON → -32700, nested too deeply → HTTP 400; both with the
 * "invalid request" code of whoever the message is for (`invalidRequest`, given the message, or undefined when it was
 * not read: the web channel's -32002 by default, MCP's -32600 where -32002 means "resource not found").
 */
export async function readJson(
  req: Request,
  maxBytes: number,
  invalidRequest: (message: unknown) => number = () => ERR.invalidRequest,
): Promise<ParsedBody> {
  const body = await readBody(req, maxBytes).catch(() => undefined);
  if (!body) return { ok: false, response: rpcError(400, ERR.invalidRequest, "Invalid request: unreadable body") };
  if (body.tooLarge) {
    metrics.refused.inc({ reason: "body-size" });
    return {
      ok: false,
      // The rest of the body is never read: the connection closes after the answer instead of draining it.
      response: rpcError(413, invalidRequest(undefined), `Request body too large (limit ${maxBytes} bytes)`, null, {
        connection: "close",
      }),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    return { ok: false, response: rpcError(400, ERR.parse, "Parse error: the body is not valid JSON") };
  }
  if (jsonDepth(body.text) > MAX_JSON_DEPTH) {
    metrics.refused.inc({ reason: "json-depth" });
    const message = `Invalid request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    return { ok: false, response: rpcError(400, invalidRequest(value), message, idOf(value)) };
  }
  return { ok: true, value, text: body.text };
}

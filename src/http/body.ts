import { readRequestBody } from "@modelcontextprotocol/server";
import { metrics } from "../metrics.ts";
import { ERR, idOf, rpcError } from "./jsonrpc.ts";

/** A request body read under the size limit and parsed, or the error answer for it. */
export type ParsedBody = { ok: true; value: unknown; text: string } | { ok: false; response: Response };

/** How deeply a request body may nest: far beyond any real message, far below what recursion downstream survives. */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), scanned without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Reads and parses a JSON body: over `maxBytes` → 413, not JSON → -32700, nested too deeply → -32002 (HTTP 400). */
export async function readJson(req: Request, maxBytes: number): Promise<ParsedBody> {
  const body = await readRequestBody(req, maxBytes).catch(() => undefined);
  if (!body) return { ok: false, response: rpcError(400, ERR.invalidRequest, "Invalid request: unreadable body") };
  if (body.tooLarge) {
    metrics.refused.inc({ reason: "body-size" });
    return {
      ok: false,
      response: rpcError(413, ERR.invalidRequest, `Request body too large (limit ${maxBytes} bytes)`),
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
    return { ok: false, response: rpcError(400, ERR.invalidRequest, message, idOf(value)) };
  }
  return { ok: true, value, text: body.text };
}

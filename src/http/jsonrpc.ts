import { APPLICATION_ERROR, boundedError, MAX_ERROR_MESSAGE, SERVER_BUSY } from "../mcp/protocol-compat.ts";

/** The error codes the user documentation promises ("Common error codes"); -32000/-32001 are shared with MCP. */
export const ERR = {
  parse: -32700,
  internal: -32603,
  application: APPLICATION_ERROR,
  busy: SERVER_BUSY,
  invalidRequest: -32002,
  methodNotFound: -32003,
  invalidParams: -32004,
} as const;

/** A JSON-RPC id as it travels (a missing id is answered with `null`). */
export type RpcId = string | number | null;

/** A JSON response with the given status. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A JSON-RPC error answer over HTTP. */
export function rpcError(
  status: number,
  code: number,
  message: string,
  id: RpcId = null,
  headers: Record<string, string> = {},
): Response {
  return json({ jsonrpc: "2.0", id, error: { code, message } }, status, headers);
}

/** A plain object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The id of a JSON-RPC message when it has a valid one, else null. */
export function idOf(msg: unknown): RpcId {
  const id = isObject(msg) ? msg.id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * An HTTP refusal (status 400 and up) whose JSON-RPC error quotes at most MAX_ERROR_MESSAGE characters: the SDK's own
 * refusals (a header and the body disagreeing) quote the client's method or name whole, which may be megabytes.
 */
export async function boundedRefusal(res: Response): Promise<Response> {
  if (res.status < 400 || !res.headers.get("content-type")?.includes("json")) return res;
  const text = await res.text();
  const rebuilt = (body: string) => {
    const headers = new Headers(res.headers);
    headers.delete("content-length");
    return new Response(body, { status: res.status, headers });
  };
  if (text.length <= MAX_ERROR_MESSAGE * 2) return rebuilt(text);
  try {
    const msg = JSON.parse(text) as { error?: { message: string; data?: unknown } };
    if (isObject(msg) && isObject(msg.error) && typeof msg.error.message === "string") {
      const { data, ...error } = boundedError(msg.error);
      const small = data === undefined || JSON.stringify(data).length <= MAX_ERROR_MESSAGE;
      return rebuilt(JSON.stringify({ ...msg, error: small ? { ...error, data } : error }));
    }
  } catch {
    // not JSON after all: as it came
  }
  return rebuilt(text);
}

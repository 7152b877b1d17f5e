import { asOdooError } from "./errors.ts";
import { rpcError, rpcResult, werkzeugPage } from "./http.ts";
import { dispatchRpc } from "./services.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";

/** A parsed JSON-RPC request body, or the HTTP answer Odoo gives to an unreadable one. */
export async function readJsonRpc(req: Request): Promise<{ id: Json; params: Record<string, Json> } | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await req.text());
  } catch {
    return new Response("Invalid JSON data", {
      status: 400,
      headers: { "Content-Type": "text/html; charset=utf-8", Connection: "close" },
    });
  }
  const obj = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, Json>) : {};
  const params = obj.params && typeof obj.params === "object" && !Array.isArray(obj.params) ? obj.params : {};
  return { id: obj.id ?? null, params };
}

/** POST /jsonrpc: `{service, method, args}` through `dispatch_rpc`. */
export async function handleJsonRpc(state: FakeState, req: Request): Promise<Response> {
  if (req.method !== "POST") return werkzeugPage(405);
  const parsed = await readJsonRpc(req);
  if (parsed instanceof Response) return parsed;
  const { id, params } = parsed;
  try {
    const args = Array.isArray(params.args) ? params.args : [];
    return rpcResult(id, dispatchRpc(state, String(params.service ?? ""), String(params.method ?? ""), args));
  } catch (e) {
    return rpcError(state.profile, asOdooError(e), id);
  }
}

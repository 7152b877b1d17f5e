import { asOdooError, missingParams } from "./errors.ts";
import { mimetypeOf, rpcError, rpcResult, unsupportedMediaType, werkzeugPage } from "./http.ts";
import { dispatchRpc } from "./services.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";
import type { VersionProfile } from "./versions.ts";

const JSON_MIMETYPES = ["application/json", "application/json-rpc"];

/** A parsed JSON-RPC request body, or the HTTP answer Odoo gives to one of another type or unreadable. */
export async function readJsonRpc(
  req: Request,
  p: VersionProfile,
): Promise<{ id: Json; params: Record<string, Json> } | Response> {
  if (!JSON_MIMETYPES.includes(mimetypeOf(req))) {
    // The route as declared: call_kw's first route has no /<model>/<method>; 19 renamed type 'json' to 'jsonrpc'.
    const route = new URL(req.url).pathname.replace(/^(\/web\/dataset\/call_kw)\/.*$/, "$1");
    return unsupportedMediaType(route, p.major >= 19 ? "jsonrpc" : "json", JSON_MIMETYPES);
  }
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
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const { id, params } = parsed;
  // The endpoint's class: `RPC` in the base module up to 18, `JSONRPC` in 19's `rpc` module.
  const endpoint = state.profile.major >= 19 ? "JSONRPC.jsonrpc" : "RPC.jsonrpc";
  const missing = missingParams(endpoint, params, ["service", "method", "args"]);
  if (missing) return rpcError(state.profile, missing, id);
  try {
    const args = Array.isArray(params.args) ? params.args : [];
    return rpcResult(id, dispatchRpc(state, String(params.service ?? ""), String(params.method ?? ""), args));
  } catch (e) {
    return rpcError(state.profile, asOdooError(e), id);
  }
}

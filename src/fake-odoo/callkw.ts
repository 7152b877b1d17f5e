import { asOdooError, E, missingParams, OdooError } from "./errors.ts";
import { rpcError, rpcResult } from "./http.ts";
import { readJsonRpc } from "./jsonrpc.ts";
import { callKw } from "./orm/call.ts";
import { sessionOf } from "./session.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";

const NOT_FOUND =
  "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

/** POST /web/dataset/call_kw[/<model>/<method>]: an ORM call with the session's user. */
export async function handleCallKw(state: FakeState, req: Request): Promise<Response> {
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const { id, params } = parsed;
  const session = sessionOf(state, req);
  // Authentication fails before the JSON-RPC id is read: Odoo answers with `id: null`.
  if (!session) return rpcError(state.profile, E.sessionExpired(), null);
  const missing = missingParams("DataSet.call_kw", params, ["model", "method", "args", "kwargs"]);
  if (missing) return rpcError(state.profile, missing, id);
  const model = String(params.model);
  const table = state.db.table(model);
  if (!table) {
    if (state.profile.callKwUnknownModel === "keyerror") return rpcError(state.profile, E.key(model), id);
    return rpcError(state.profile, new OdooError("werkzeug.exceptions.NotFound", NOT_FOUND, [], 404), null);
  }
  try {
    const args = Array.isArray(params.args) ? params.args : [];
    const kwargs =
      params.kwargs && typeof params.kwargs === "object" && !Array.isArray(params.kwargs) ? params.kwargs : {};
    const env = { db: state.db, uid: session.uid!, context: {} as Record<string, Json> };
    return rpcResult(id, callKw(env, table.def, String(params.method), args, kwargs));
  } catch (e) {
    return rpcError(state.profile, asOdooError(e), id);
  }
}

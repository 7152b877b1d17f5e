import { jsonResponse, rpcResult, sessionCookie, sessionIdOf } from "./http.ts";
import { readJsonRpc } from "./jsonrpc.ts";
import { versionPayload } from "./services.ts";
import { newSid } from "./session.ts";
import type { FakeState } from "./state.ts";
import { versionInfo } from "./versions.ts";

/** Odoo hands out an anonymous session cookie on public web routes when the request has none. */
function anonymousCookie(state: FakeState, req: Request): [string, string] {
  const known = sessionIdOf(req);
  if (known && state.sessions.has(known)) return sessionCookie(known);
  const sid = newSid();
  state.sessions.set(sid, { sid, uid: null, login: "", db: state.profile.database });
  return sessionCookie(sid);
}

/** `/web/webclient/version_info`, and `/web/version` + `/json/version` (19 only). */
export async function handleVersionRoutes(state: FakeState, req: Request, path: string): Promise<Response | undefined> {
  if (path === "/web/webclient/version_info") {
    const parsed = await readJsonRpc(req, state.profile);
    if (parsed instanceof Response) return parsed;
    return rpcResult(parsed.id, versionPayload(state), [anonymousCookie(state, req)]);
  }
  if ((path === "/web/version" || path === "/json/version") && state.profile.webVersion) {
    const body = { version_info: versionInfo(state.profile), version: state.profile.version };
    return jsonResponse(body, 200, [anonymousCookie(state, req)]);
  }
  return undefined;
}

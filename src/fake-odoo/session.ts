import { asOdooError, E, missingParams } from "./errors.ts";
import { rpcError, rpcResult, sessionCookie, sessionIdOf } from "./http.ts";
import { readJsonRpc } from "./jsonrpc.ts";
import { sessionInfo } from "./session-info.ts";
import type { FakeState, Session } from "./state.ts";

/** A fresh random session id, like Odoo's. */
export function newSid(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(30))).toString("base64url");
}

/** The logged-in session a request carries, if any. */
export function sessionOf(state: FakeState, req: Request): Session | undefined {
  const sid = sessionIdOf(req);
  const session = sid ? state.sessions.get(sid) : undefined;
  return session?.uid ? session : undefined;
}

function cookies(state: FakeState, sid: string): [string, string][] {
  // Odoo 19 sends the cookie twice on login (session rotation); the captures show both.
  return state.profile.major >= 19 ? [sessionCookie(sid), sessionCookie(sid)] : [sessionCookie(sid)];
}

/** POST /web/session/authenticate: password only (API keys refused), bad db → AccessError. */
export async function handleAuthenticate(state: FakeState, req: Request): Promise<Response> {
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const { id, params } = parsed;
  const missing = missingParams("Session.authenticate", params, ["db", "login", "password"]);
  if (missing) return rpcError(state.profile, missing, id);
  try {
    if (params.db !== state.profile.database) throw E.accessError("Database not found.");
    const user = state.user(String(params.login ?? ""));
    state.counters.passwordChecks++;
    const ok = user && typeof params.password === "string" && params.password === user.password;
    if (!ok || !user) throw E.accessDenied();
    const sid = newSid();
    if (user.totp) {
      // Odoo keeps a half-logged-in session (pre_uid) and answers {uid: null} until the TOTP step.
      state.sessions.set(sid, { sid, uid: null, login: user.login, db: state.profile.database });
      return rpcResult(id, { uid: null }, [sessionCookie(sid)]);
    }
    state.sessions.set(sid, { sid, uid: user.uid, login: user.login, db: state.profile.database });
    state.counters.sessionLogins++;
    return rpcResult(id, sessionInfo(state, user), cookies(state, sid));
  } catch (e) {
    return rpcError(state.profile, asOdooError(e), id);
  }
}

/** POST /web/session/get_session_info (needs a session). */
export async function handleSessionInfo(state: FakeState, req: Request): Promise<Response> {
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const session = sessionOf(state, req);
  if (!session) return rpcError(state.profile, E.sessionExpired(), null);
  return rpcResult(parsed.id, sessionInfo(state, state.user(session.uid!)!), [sessionCookie(session.sid)]);
}

/** POST /web/session/destroy: forgets the session; answers null like Odoo. */
export async function handleDestroy(state: FakeState, req: Request): Promise<Response> {
  const parsed = await readJsonRpc(req, state.profile);
  if (parsed instanceof Response) return parsed;
  const sid = sessionIdOf(req);
  if (sid) state.sessions.delete(sid);
  // destroy() returns None: like every JSON route, the answer then has no `result` key.
  return rpcResult(parsed.id, undefined);
}

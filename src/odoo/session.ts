import { OdooError } from "./errors.ts";
import { type HttpConfig, type HttpReply, sendForBytes } from "./http.ts";
import { jsonRpc } from "./jsonrpc.ts";
import type { Transport } from "./transport.ts";

/** The outcome of `/web/session/authenticate`: `uid` is null when the user has two-factor authentication. */
export interface SessionLogin {
  uid: number | null;
  cookie: string | undefined;
  /** `websocket_worker_version` of the session info: the `/websocket?version=` Odoo expects (bus listener). */
  workerVersion?: string;
}

/** The `session_id` cookie an answer sets, as a `Cookie` header value. */
export function sessionCookie(reply: HttpReply, http: HttpConfig): string | undefined {
  // Odoo 19's login sets the cookie twice (the route's own rotation, then the session save): as in a browser, the
  // last one is the session.
  const sid = reply.headers
    .getSetCookie()
    .map((line) => /^\s*session_id=([^;]*)/.exec(line)?.[1])
    .findLast((v) => !!v);
  if (!sid) return undefined;
  http.secrets.add(sid);
  return `session_id=${sid}`;
}

/** Logs in with a password; Odoo refuses API keys here (AccessDenied) and answers `uid: null` for a 2FA user. */
export async function sessionLogin(
  http: HttpConfig,
  database: string,
  login: string,
  password: string,
): Promise<SessionLogin> {
  const { result, reply } = await jsonRpc(
    http,
    "/web/session/authenticate",
    { db: database, login, password },
    { ctx: { database } },
  );
  const info = result as { uid?: unknown; websocket_worker_version?: unknown } | null;
  const uid = info?.uid;
  const wv = info?.websocket_worker_version;
  return {
    uid: typeof uid === "number" && uid > 0 ? uid : null,
    cookie: sessionCookie(reply, http),
    ...(typeof wv === "string" ? { workerVersion: wv } : {}),
  };
}

/** Odoo refused the call for want of a valid session (before running it). */
export const isSessionExpired = (e: unknown) =>
  e instanceof OdooError && e.details.odooName === "odoo.http.SessionExpiredException";

/** What a kept session needs: to hear of every new cookie, and not to be ended when the client closes. */
export interface SessionKeeping {
  onCookie(cookie: string | undefined, who: { uid: number; login: string }): void;
}

/**
 * Calls through `/web/dataset/call_kw` with the session cookie; an expired session is renewed once and retried
 * (Odoo refused the call before running it). A kept session reports its cookies and outlives `close()`.
 */
export function sessionTransport(
  http: HttpConfig,
  database: string,
  identity: { uid: number; login: string },
  password: string,
  first: SessionLogin,
  keep?: SessionKeeping,
  renews = true,
): Transport {
  let cookie = first.cookie;
  const setCookie = (next: string | undefined) => {
    if (next === cookie) return;
    cookie = next;
    keep?.onCookie(next, identity);
  };
  let generation = 0;
  let renewing: Promise<void> | undefined;

  // Concurrent calls that all saw the same expired session share one new login.
  const renew = (seen: number): Promise<void> => {
    if (seen !== generation) return Promise.resolve();
    renewing ??= sessionLogin(http, database, identity.login, password)
      .then((s) => {
        if (!s.uid) throw new OdooError("auth", `Odoo refused to renew the session of '${identity.login}'`);
        setCookie(s.cookie);
        generation++;
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };

  const once = async (
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    signal?: AbortSignal,
  ) => {
    const path = `/web/dataset/call_kw/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
    const { result, reply } = await jsonRpc(
      http,
      path,
      { model, method, args, kwargs },
      { cookie, signal, ctx: { model, method, database } },
    );
    setCookie(sessionCookie(reply, http) ?? cookie); // Odoo may rotate the session id
    return result;
  };

  // An expired session on an http route is a redirect to the login page (Odoo's SessionExpiredException handler).
  const fetchOnce = (path: string, signal?: AbortSignal) =>
    sendForBytes(http, path, { method: "GET", headers: cookie ? { Cookie: cookie } : {} }, signal);
  const toLogin = (status: number, location: string | null) =>
    status >= 300 && status < 400 && /\/web\/login/.test(location ?? "");

  return {
    protocol: "jsonrpc",
    identity: { ...identity, mode: "session" },
    async download(path, signal) {
      const seen = generation;
      let reply = await fetchOnce(path, signal);
      if (toLogin(reply.status, reply.location)) {
        await renew(seen);
        reply = await fetchOnce(path, signal);
      }
      if (toLogin(reply.status, reply.location))
        throw new OdooError("auth", "Odoo sent the web session to its login page");
      return { status: reply.status, contentType: reply.contentType, bytes: reply.bytes };
    },
    async call(model, method, args, kwargs, signal) {
      const seen = generation;
      try {
        return await once(model, method, args, kwargs, signal);
      } catch (e) {
        if (!renews || !isSessionExpired(e)) throw e;
        await renew(seen);
        return once(model, method, args, kwargs, signal);
      }
    },
    async close() {
      // A kept session stays open for the next process (it expires on Odoo's side like any idle session).
      if (cookie && !keep) await jsonRpc(http, "/web/session/destroy", {}, { cookie });
      cookie = undefined;
    },
  };
}

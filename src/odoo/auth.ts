import { OdooError } from "./errors.ts";
import type { HttpConfig } from "./http.ts";
import { json2Transport } from "./json2.ts";
import { statelessJsonRpc } from "./jsonrpc.ts";
import {
  badCredentials,
  type Credentials,
  commonAuthenticate,
  json2Identity,
  loginOfUid,
  refused,
  twoFactor,
} from "./login-steps.ts";
import { type SessionKeeping, type SessionLogin, sessionLogin, sessionTransport } from "./session.ts";
import type { Transport } from "./transport.ts";
import type { ProtocolSetting } from "./types.ts";
import type { Probe } from "./version.ts";
import { xmlRpcTransport } from "./xmlrpc.ts";

/** What logging in needs: where, who, which protocol, and the (cached) server probe. */
export interface LoginDeps {
  http: HttpConfig;
  creds: Credentials;
  setting: ProtocolSetting;
  probe: () => Promise<Probe>;
  info: (message: string) => void;
  /** Keep the web session across restarts (session_cache). */
  keep?: SessionKeeping;
}

// A 404 page (not Odoo's JSON, not the unknown-database page) or a redirect to the login page: /json/2 is not routed.
const unrouted = (e: unknown): e is OdooError => {
  if (!(e instanceof OdooError) || e.details.odooName) return false;
  const status = e.details.status ?? 0;
  return (e.kind === "not-found" && !/^Database/.test(e.message)) || (status >= 300 && status < 400);
};

const noSecret = (c: Credentials) =>
  new OdooError("auth", `No password or api_key configured for ${c.login ?? c.uid ?? "the user"}: set one of them`);

/** Logs in the way the setting and the server call for, and returns how to make calls afterwards. */
export async function openTransport(d: LoginDeps): Promise<Transport> {
  const { creds: c } = d;
  if (c.login === undefined && c.uid === undefined)
    throw new OdooError("auth", "No uid (login or numeric id) configured");
  const secret = c.apiKey ?? c.password;
  if (secret === undefined) throw noSecret(c);
  if (d.setting === "xmlrpc") return stateless(d, secret, "xmlrpc");
  if (d.setting === "json2") {
    const identity = await json2Identity(d.http, c, secret).catch((e: unknown) => {
      if (!unrouted(e)) throw e;
      const status = e.details.status ? ` (HTTP ${e.details.status})` : "";
      const why = `JSON-2 (/json/2) is not served here${status}: it needs Odoo 19 or later; use protocol auto or jsonrpc`;
      throw new OdooError("not-found", why, e.details);
    });
    return json2Transport(d.http, c.database, identity, secret);
  }
  let json2 = false;
  if (d.setting === "auto") {
    const probe = await d.probe();
    if (!probe.jsonRpc) return stateless(d, secret, "xmlrpc");
    json2 = probe.version.major >= 19;
    // With a password too, the web session wins: ~3x faster per call than any credential-checking path, and
    // /web/dataset/call_kw is the web client's own route (no deprecation warning logged per call on 19).
    if (json2 && c.apiKey && c.password === undefined) {
      const identity = await json2Identity(d.http, c, c.apiKey).catch((e: unknown) => {
        if (unrouted(e)) return undefined;
        throw e;
      });
      if (identity) return json2Transport(d.http, c.database, identity, c.apiKey);
      d.info("JSON-2 (/json/2) is not served although Odoo is 19+: using JSON-RPC");
      json2 = false;
    }
  }
  return c.password ? withPassword(d, c.password, json2) : stateless(d, secret, "jsonrpc");
}

/** `common.authenticate` (login name) or a read of the user (numeric uid), then calls with the secret each time. */
async function stateless(d: LoginDeps, secret: string, protocol: "jsonrpc" | "xmlrpc"): Promise<Transport> {
  const { http, creds: c } = d;
  let uid = c.uid;
  let login = c.login;
  if (login !== undefined) {
    const found = await commonAuthenticate(http, c, login, secret, protocol);
    if (found === null) throw badCredentials(c);
    uid = found;
  } else login = await loginOfUid(http, c, uid ?? 0, secret, protocol);
  const identity = { uid: uid ?? 0, login, mode: "stateless" as const };
  return protocol === "xmlrpc"
    ? xmlRpcTransport(http, c.database, identity, secret)
    : statelessJsonRpc(http, c.database, identity, secret);
}

/** A session login with the password; an API key given as the password falls back to the stateless path. */
async function withPassword(d: LoginDeps, password: string, json2: boolean): Promise<Transport> {
  const { http, creds: c } = d;
  // The session needs a login name: a numeric uid is resolved by a stateless read (which also proves the secret).
  const login = c.login ?? (await loginOfUid(http, c, c.uid ?? 0, password, "jsonrpc"));
  let session: SessionLogin;
  try {
    session = await sessionLogin(http, c.database, login, password);
  } catch (e) {
    if (e instanceof OdooError && e.kind === "not-found" && e.details.status === 404) {
      d.info("/web/session/authenticate is not served: calling /jsonrpc with the password on every call");
      return stateless(d, password, "jsonrpc");
    }
    if (!refused(e)) throw e;
    return apiKeyAsPassword(d, login, password, json2, c.login === undefined, e);
  }
  if (session.uid === null) {
    if (c.apiKey) return stateless(d, c.apiKey, "jsonrpc");
    throw twoFactor({ ...c, login });
  }
  if (!session.cookie) {
    // A proxy that strips cookies leaves no session to use: the credential must travel with every call.
    d.info("Odoo's session login set no session cookie: calling /jsonrpc with the password on every call");
    return statelessJsonRpc(http, c.database, { uid: session.uid, login, mode: "stateless" }, password);
  }
  d.keep?.onCookie(session.cookie, { uid: session.uid, login });
  return sessionTransport(http, c.database, { uid: session.uid, login }, password, session, d.keep);
}

/**
 * The session refuses API keys; if RPC accepts the "password", it is one: use it statelessly (or as bearer on 19+).
 * Otherwise the session's refusal is the answer: its message may say more ("Too many login failures…").
 */
async function apiKeyAsPassword(
  d: LoginDeps,
  login: string,
  secret: string,
  json2: boolean,
  provenByRead: boolean,
  refusal: OdooError,
): Promise<Transport> {
  const { http, creds: c } = d;
  const uid = provenByRead ? (c.uid ?? null) : await commonAuthenticate(http, c, login, secret, "jsonrpc");
  if (uid === null) {
    if (c.apiKey) return stateless(d, c.apiKey, "jsonrpc");
    throw badCredentials({ ...c, login }, refusal.message);
  }
  d.info(
    `the configured password of '${login}' is an API key: ${json2 ? "using JSON-2" : "calling /jsonrpc statelessly"}`,
  );
  return json2
    ? json2Transport(http, c.database, { uid, login, mode: "bearer" }, secret)
    : statelessJsonRpc(http, c.database, { uid, login, mode: "stateless" }, secret);
}

import { checkAnswer } from "./answers.ts";
import { openTransport } from "./auth.ts";
import { OdooError } from "./errors.ts";
import { type HttpConfig, redact, untilAborted } from "./http.ts";
import { isSessionExpired, type SessionKeeping, sessionTransport } from "./session.ts";
import type { SessionStore } from "./session-cache.ts";
import type { Transport } from "./transport.ts";
import type {
  CallOptions,
  Download,
  FetchLike,
  OdooClient,
  OdooIdentity,
  OdooVersion,
  Protocol,
  ProtocolSetting,
} from "./types.ts";
import { type Probe, probeServer } from "./version.ts";

type LogFn = (message: string, fields?: Record<string, unknown>) => void;
/** How long close() waits for Odoo to end the session. */
const CLOSE_GRACE_MS = 300;

/** The logger the client writes to (stderr/file through the app's logger; never stdout). */
export interface OdooLog {
  debug: LogFn;
  info: LogFn;
  warning: LogFn;
  error: LogFn;
}

/** Everything needed to talk to one Odoo database as one user. */
export interface OdooClientOptions {
  url: string;
  database: string;
  /** Config `uid` as a login name… */
  login?: string;
  /** …or as a numeric id. */
  uid?: number;
  password?: string;
  apiKey?: string;
  protocol: ProtocolSetting;
  timeoutMs: number;
  /** Sent as context `lang`, `tz`, `allowed_company_ids`. */
  context?: { lang?: string; tz?: string; company_id?: number };
  fetch?: FetchLike;
  log?: OdooLog;
  /** Where the web session is kept across restarts (config `session_cache`); none: a fresh login per process. */
  store?: SessionStore;
  /** Called after every `executeKw` (metrics, slow-call warnings). */
  onCall?: (info: { model: string; method: string; ms: number; ok: boolean }) => void;
}

const silent: OdooLog = { debug() {}, info() {}, warning() {}, error() {} };

function defaultContext(c: OdooClientOptions["context"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c?.lang) out.lang = c.lang;
  if (c?.tz) out.tz = c.tz;
  if (c?.company_id !== undefined) out.allowed_company_ids = [c.company_id];
  return out;
}

/** Builds an `OdooClient`; nothing is sent until the first `connect()`, `version()` or `executeKw()`. */
export function createOdooClient(o: OdooClientOptions): OdooClient {
  const log = o.log ?? silent;
  // A secret equal to the login (admin/admin) is not hidden: the login is named in messages anyway.
  const secrets = new Set([o.password, o.apiKey].filter((s): s is string => !!s && s !== o.login));
  const http: HttpConfig = { url: o.url, fetch: o.fetch ?? globalThis.fetch, timeoutMs: o.timeoutMs, secrets };
  const creds = { database: o.database, login: o.login, uid: o.uid, password: o.password, apiKey: o.apiKey };
  const baseContext = defaultContext(o.context);
  let transport: Transport | undefined;
  let connecting: Promise<Transport> | undefined;
  let probing: Promise<Probe> | undefined;
  let lastProtocol: Protocol = o.protocol === "auto" ? "jsonrpc" : o.protocol;

  const clean = (e: unknown): unknown => {
    if (!(e instanceof OdooError)) return e;
    const message = redact(e.message, secrets);
    return message === e.message ? e : new OdooError(e.kind, message, e.details);
  };

  const store = o.store;
  // The version Odoo reported, kept with a saved session (a process reusing the session need not probe again).
  let known: OdooVersion | undefined;
  const remember = (version: OdooVersion) => {
    known = version;
    const session = store?.read().session;
    if (session && JSON.stringify(session.version) !== JSON.stringify(version))
      store?.update((e) => (e.session ? { ...e, session: { ...e.session, version } } : e));
  };
  // One probe and one login at a time, shared by every caller; a failure is not cached.
  const probe = () => {
    probing ??= probeServer(http, o.protocol === "xmlrpc").then(
      (p) => {
        remember(p.version);
        return p;
      },
      (e: unknown) => {
        probing = undefined;
        throw e;
      },
    );
    return probing;
  };
  // A kept session is saved on every new cookie; a dead one is renewed by the transport (and saved again).
  const keep: SessionKeeping | undefined = store && {
    onCookie: (cookie, who) =>
      store.update(({ session: _, ...rest }) =>
        cookie ? { ...rest, session: { cookie, ...who, ...(known ? { version: known } : {}) } } : rest,
      ),
  };
  // With a password over JSON-RPC the saved session is used as it is: no probe, no login until Odoo refuses it; then
  // it is forgotten and the call goes through the whole login (its errors, its fallbacks) once more.
  let reused: Transport | undefined;
  // Every transport built on a saved session: calls in flight on one that was forgotten meanwhile retry too.
  const saved = new WeakSet<Transport>();
  const forget = (t: Transport) => {
    if (reused !== t) return;
    reused = undefined;
    if (transport === t) transport = undefined;
    // The version saved with the dead session is not trusted either: the new login probes afresh.
    if (seeded && probing === seeded) probing = undefined;
    store?.update(({ session: _, ...rest }) => rest);
  };
  let seeded: Promise<Probe> | undefined;
  const reuse = (): Transport | undefined => {
    const kept = store?.read().session;
    if (!kept || !o.password || (o.protocol !== "auto" && o.protocol !== "jsonrpc")) return undefined;
    if (o.uid !== undefined ? kept.uid !== o.uid : kept.login !== o.login) return undefined;
    http.secrets.add(kept.cookie.replace(/^session_id=/, ""));
    log.info("reusing the saved Odoo web session");
    const { uid, login: name } = kept;
    reused = sessionTransport(
      http,
      o.database,
      { uid, login: name },
      o.password,
      { uid, cookie: kept.cookie },
      keep,
      false,
    );
    saved.add(reused);
    // The session is used on JSON-RPC, so the server answered JSON-RPC when it was saved.
    if (kept.version && !probing) {
      known = kept.version;
      seeded = probing = Promise.resolve({ version: kept.version, jsonRpc: true });
    }
    return reused;
  };
  const login = (): Promise<Transport> => {
    if (transport) return Promise.resolve(transport);
    const kept = connecting ? undefined : reuse();
    if (kept) {
      transport = kept;
      return Promise.resolve(kept);
    }
    connecting ??= openTransport({ http, creds, setting: o.protocol, probe, info: (m) => log.info(m), keep })
      .then((t) => {
        transport = t;
        lastProtocol = t.protocol;
        const { uid, login: name, mode } = t.identity;
        log.info(`connected to Odoo database '${o.database}' as ${name} (uid ${uid}) over ${t.protocol} (${mode})`);
        return t;
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  };

  return {
    ...(store ? { store } : {}),
    get protocol() {
      return transport?.protocol ?? lastProtocol;
    },
    async connect(): Promise<OdooIdentity> {
      try {
        return { ...(await login()).identity };
      } catch (e) {
        throw clean(e);
      }
    },
    async version(): Promise<OdooVersion> {
      try {
        return { ...(await probe()).version };
      } catch (e) {
        throw clean(e);
      }
    },
    async executeKw<T = unknown>(
      model: string,
      method: string,
      args: unknown[] = [],
      kwargs: Record<string, unknown> = {},
      options: CallOptions = {},
    ): Promise<T> {
      const start = performance.now();
      let ok = false;
      try {
        // Logged in already: no promise to wait on (the common case, on every call).
        const t = transport && !options.signal?.aborted ? transport : await untilAborted(login(), options.signal);
        const own = kwargs.context as Record<string, unknown> | undefined;
        const context = { ...baseContext, ...options.context, ...own };
        const kw = Object.keys(context).length ? { ...kwargs, context } : kwargs;
        const result = (await t.call(model, method, args, kw, options.signal).catch(async (e: unknown) => {
          if (!saved.has(t) || !isSessionExpired(e)) throw e;
          forget(t);
          return (await untilAborted(login(), options.signal)).call(model, method, args, kw, options.signal);
        })) as T;
        checkAnswer(model, method, result);
        ok = true;
        return result;
      } catch (e) {
        throw clean(e);
      } finally {
        const ms = performance.now() - start;
        log.debug("odoo call", { model, method, ms: Math.round(ms * 10) / 10, ok });
        o.onCall?.({ model, method, ms, ok });
      }
    },
    async download(path: string, options: CallOptions = {}): Promise<Download> {
      try {
        const t = await untilAborted(login(), options.signal);
        if (!t.download) {
          throw new OdooError(
            "user",
            `Odoo serves ${path.split("/").slice(0, 3).join("/")}/… only to a web session, and this connection ` +
              `(${t.protocol}, ${t.identity.mode}) has none: configure the user's password (an API key cannot open a ` +
              "web session)",
          );
        }
        return await t.download(path, options.signal);
      } catch (e) {
        throw clean(e);
      }
    },
    async close(): Promise<void> {
      // A login still in flight is abandoned, and ending the session gets a short grace: a host that closes stdin
      // expects the process gone within a second, whatever Odoo is doing.
      const t = transport;
      transport = undefined;
      if (!t) return;
      const ended = t.close().catch((e: unknown) => {
        log.debug("ending the Odoo session failed", { error: String(clean(e)) });
      });
      await Promise.race([ended, Bun.sleep(CLOSE_GRACE_MS)]);
    },
  };
}

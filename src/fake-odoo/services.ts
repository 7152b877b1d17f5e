import { E, OdooError } from "./errors.ts";
import { callKw } from "./orm/call.ts";
import type { FakeState } from "./state.ts";
import type { Json } from "./types.ts";
import { versionInfo } from "./versions.ts";

/** `common.version` payload (also `/web/webclient/version_info`). */
export function versionPayload(state: FakeState): Json {
  const p = state.profile;
  return {
    server_version: p.version,
    server_version_info: versionInfo(p),
    server_serie: p.version,
    protocol_version: 1,
  };
}

function checkDb(state: FakeState, db: Json | undefined): void {
  if (db !== state.profile.database) {
    throw new OdooError(
      "psycopg2.OperationalError",
      `connection to server failed: FATAL:  database "${String(db)}" does not exist\n`,
    );
  }
}

function common(state: FakeState, method: string, args: Json[]): Json | undefined {
  if (method === "version") return versionPayload(state);
  if (method === "about") return "See http://openerp.com";
  if (method === "login" || method === "authenticate") {
    const [db, login, password] = args;
    checkDb(state, db);
    state.counters.commonAuthenticates++;
    const user = state.user(String(login));
    return state.checkCredential(user, password, true) ? user!.uid : false;
  }
  throw E.attribute(`'module' object has no attribute 'exp_${method}'`);
}

function object(state: FakeState, method: string, args: Json[]): Json | undefined {
  if (method !== "execute" && method !== "execute_kw")
    throw E.attribute(`'module' object has no attribute 'exp_${method}'`);
  const [db, uid, password, model, name, ...rest] = args;
  checkDb(state, db);
  const user = typeof uid === "number" ? state.user(uid) : undefined;
  if (!state.checkCredential(user, password, true)) throw E.accessDenied();
  const table = state.db.table(String(model));
  if (!table) throw E.user(`Object ${String(model)} doesn't exist`);
  const env = { db: state.db, uid: user!.uid, context: {} };
  if (method === "execute") return callKw(env, table.def, String(name), rest, {});
  const [callArgs = [], kwargs = {}] = rest;
  const kw = kwargs && typeof kwargs === "object" && !Array.isArray(kwargs) ? kwargs : {};
  return callKw(env, table.def, String(name), Array.isArray(callArgs) ? callArgs : [callArgs], kw);
}

function db(state: FakeState, method: string): Json | undefined {
  if (method === "server_version") return state.profile.version;
  // `list_db = False` is how production servers run: `list` (and the admin methods) answer AccessDenied.
  throw E.accessDenied();
}

/** Odoo's `dispatch_rpc`: the `common`, `object` and `db` services shared by /jsonrpc and XML-RPC. */
export function dispatchRpc(state: FakeState, service: string, method: string, args: Json[]): Json | undefined {
  if (service === "common") return common(state, method, args);
  if (service === "object") return object(state, method, args);
  if (service === "db") return db(state, method);
  throw E.key(service);
}

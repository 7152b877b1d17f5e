import { OdooError } from "./errors.ts";
import type { HttpConfig } from "./http.ts";
import { json2Call } from "./json2.ts";
import { jsonRpcService } from "./jsonrpc.ts";
import type { OdooIdentity } from "./types.ts";
import { xmlRpc } from "./xmlrpc.ts";

/** Who to log in as, where, with which secrets. */
export interface Credentials {
  database: string;
  login?: string;
  uid?: number;
  password?: string;
  apiKey?: string;
}

const API_KEY_HOWTO = "Odoo: Preferences → Account Security → New API Key";

/** The user named in messages. */
export const who = (c: Credentials): string => (c.login ? `'${c.login}'` : `uid ${c.uid ?? "?"}`);

/** Wrong login or secret; Odoo also says only this when a 2FA user's password is used over RPC. */
export const badCredentials = (c: Credentials, detail = "Access Denied"): OdooError =>
  new OdooError(
    "auth",
    `Odoo refused the login of ${who(c)} on database '${c.database}' (${detail}): check the login (uid) and the password or API key. If the user has two-factor authentication enabled, the API needs an API key instead of the password (${API_KEY_HOWTO}).`,
    { odooName: "odoo.exceptions.AccessDenied" },
  );

/** A correct password of a user with two-factor authentication: only an API key can log in over the API. */
export const twoFactor = (c: Credentials): OdooError =>
  new OdooError(
    "auth",
    `User ${who(c)} has two-factor authentication enabled: its password cannot log in over the API. Use an API key instead (${API_KEY_HOWTO}) as api_key.`,
  );

/** True for a refusal of the credentials (not a network or server failure). */
export const refused = (e: unknown): e is OdooError => e instanceof OdooError && e.kind === "auth";

/** `common.authenticate`: the uid, or null when Odoo refuses (it answers `false`, not an error). */
export async function commonAuthenticate(
  http: HttpConfig,
  c: Credentials,
  login: string,
  secret: string,
  protocol: "jsonrpc" | "xmlrpc",
): Promise<number | null> {
  const args = [c.database, login, secret, {}];
  const ctx = { database: c.database };
  const uid =
    protocol === "xmlrpc"
      ? await xmlRpc(http, "common", "authenticate", args, { ctx })
      : await jsonRpcService(http, "common", "authenticate", args, { ctx });
  return typeof uid === "number" && uid > 0 ? uid : null;
}

/** Reads the login of a numeric uid with a stateless call, which also proves the secret. */
export async function loginOfUid(
  http: HttpConfig,
  c: Credentials,
  uid: number,
  secret: string,
  protocol: "jsonrpc" | "xmlrpc",
): Promise<string> {
  const args = [c.database, uid, secret, "res.users", "read", [[uid]], { fields: ["login"] }];
  const ctx = { model: "res.users", method: "read", database: c.database };
  let rows: unknown;
  try {
    rows =
      protocol === "xmlrpc"
        ? await xmlRpc(http, "object", "execute_kw", args, { ctx })
        : await jsonRpcService(http, "object", "execute_kw", args, { ctx });
  } catch (e) {
    throw refused(e) ? badCredentials(c, e.message) : e;
  }
  const login = (rows as Array<{ login?: unknown }>)[0]?.login;
  if (typeof login !== "string") throw new OdooError("auth", `No user with uid ${uid} on database '${c.database}'`);
  return login;
}

/**
 * Checks a JSON-2 API key by reading the configured user; gives the identity calls will run as. JSON-2 runs every call
 * as the key's owner, whoever is configured: `res.users.context_get` (asked alongside, so no later round trip) names
 * that owner, and a key of another user is refused rather than acted on under the configured user's name (audit
 * trail, policy profiles chosen by login).
 */
export async function json2Identity(http: HttpConfig, c: Credentials, apiKey: string): Promise<OdooIdentity> {
  const domain = c.login ? [["login", "=", c.login]] : [["id", "=", c.uid ?? 0]];
  const call = (method: string, body: Record<string, unknown>) =>
    json2Call(http, c.database, apiKey, "res.users", method, body);
  let rows: unknown;
  let context: unknown;
  try {
    [rows, context] = await Promise.all([
      call("search_read", { domain, fields: ["login"], limit: 1 }),
      call("context_get", {}),
    ]);
  } catch (e) {
    if (!refused(e)) throw e;
    throw new OdooError(
      "auth",
      `Odoo refused the API key for ${who(c)} on database '${c.database}' (${e.message}): JSON-2 needs a valid API key, not a password (${API_KEY_HOWTO}).`,
      { status: 401 },
    );
  }
  const row = (rows as Array<{ id?: unknown; login?: unknown }>)[0];
  if (typeof row?.id !== "number" || typeof row.login !== "string") {
    throw new OdooError("auth", `No user ${who(c)} visible with this API key on database '${c.database}'`);
  }
  const owner = (context as { uid?: unknown } | null)?.uid;
  if (typeof owner === "number" && owner !== row.id) throw await otherUsersKey(c, row.login, owner, call);
  return { uid: row.id, login: row.login, mode: "bearer" };
}

/** The configured api_key is another user's: who it belongs to (never the key), and the two ways out. */
async function otherUsersKey(
  c: Credentials,
  login: string,
  owner: number,
  call: (method: string, body: Record<string, unknown>) => Promise<unknown>,
): Promise<OdooError> {
  const rows = await call("read", { ids: [owner], fields: ["login"] }).catch(() => []);
  const ownerLogin = (rows as Array<{ login?: unknown }> | null)?.[0]?.login;
  const whose = typeof ownerLogin === "string" ? `'${ownerLogin}' (uid ${owner})` : `uid ${owner}`;
  return new OdooError(
    "auth",
    `The api_key configured for '${login}' on database '${c.database}' belongs to another Odoo user, ${whose}: ` +
      "with JSON-2 the key alone decides who acts, so calls would run as that user while the audit trail and policy " +
      `profiles name '${login}'. Configure an API key of '${login}' (${API_KEY_HOWTO}), or set uid to the key's owner.`,
    { odooName: "odoo.exceptions.AccessDenied" },
  );
}

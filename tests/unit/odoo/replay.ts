import { decodeCall } from "../../../src/odoo/xmlrpc-codec.ts";
import { type Capture, capture, replayFetch, type Seen, type Version } from "./captures.ts";

/** What a request asks Odoo, whatever the protocol: `key` names the endpoint ("session", "jsonrpc:common.authenticate"…). */
export interface Asked {
  key: string;
  args: unknown[];
  params: Record<string, unknown>;
  seen: Seen;
}

export function ask(seen: Seen): Asked {
  const { path } = seen;
  if (path.startsWith("/xmlrpc/2/")) {
    const call = decodeCall(seen.body);
    return { key: `xmlrpc:${path.slice(10)}.${call.method}`, args: call.params, params: {}, seen };
  }
  if (path.startsWith("/json/2/")) {
    return { key: "json2", args: [], params: JSON.parse(seen.body || "{}") as Record<string, unknown>, seen };
  }
  const params = ((JSON.parse(seen.body || "{}") as { params?: Record<string, unknown> }).params ?? {}) as Record<
    string,
    unknown
  >;
  if (path === "/jsonrpc") {
    return { key: `jsonrpc:${params.service}.${params.method}`, args: (params.args ?? []) as unknown[], params, seen };
  }
  const key =
    {
      "/web/webclient/version_info": "version_info",
      "/web/session/authenticate": "session",
      "/web/session/destroy": "destroy",
    }[path] ?? (path.startsWith("/web/dataset/call_kw") ? "call_kw" : path);
  return { key, args: (params.args ?? []) as unknown[], params, seen };
}

export type Handler = (a: Asked, n: number) => Capture | Response | undefined;

const SECRET_OK = new Set(["admin", "demo"]);
const KEY = "<admin-api-key>";

/** The capture of a credential check: `ok` when accepted, else `<stem>_apikey` (the key) or `<stem>_badpw`. */
const credential = (secret: unknown, stem: string, ok = stem) =>
  SECRET_OK.has(secret as string) ? ok : `${stem}_${secret === KEY ? "apikey" : "badpw"}`;

/**
 * A replayed Odoo of one version: endpoints answer with the real captures (admin/admin, API key `<admin-api-key>`),
 * `handlers` override per endpoint; `count(key)` tells how often an endpoint was asked.
 */
export function replayOdoo(v: Version, handlers: Record<string, Handler> = {}) {
  const counts = new Map<string, number>();
  const defaults: Record<string, Handler> = {
    version_info: () => capture(v, "version_info"),
    session: (a) => capture(v, credential(a.params.password, "session_authenticate", "session_authenticate_ok")),
    destroy: () => Response.json({ jsonrpc: "2.0", id: 1, result: null }),
    "jsonrpc:common.authenticate": (a) => capture(v, credential(a.args[2], "jsonrpc_common_authenticate")),
    "jsonrpc:common.version": () => capture(v, "jsonrpc_common_version"),
    "xmlrpc:common.version": () => capture(v, "xmlrpc_common_version"),
    "xmlrpc:common.authenticate": (a) => capture(v, credential(a.args[2], "xmlrpc_common_authenticate")),
  };
  const { fetch, seen } = replayFetch((s) => {
    const a = ask(s);
    const n = (counts.get(a.key) ?? 0) + 1;
    counts.set(a.key, n);
    return (handlers[a.key] ?? defaults[a.key])?.(a, n);
  });
  return { fetch, seen, count: (key: string) => counts.get(key) ?? 0, asked: () => seen.map(ask) };
}

/** A JSON-RPC answer with this result (for exchanges the captures do not hold). */
export const rpcResult = (result: unknown): Response => Response.json({ jsonrpc: "2.0", id: 1, result });

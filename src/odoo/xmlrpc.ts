import { type ErrorContext, fromXmlRpcFault, isNoneFault } from "./error-map.ts";
import { type HttpConfig, type HttpReply, send, unexpectedReply } from "./http.ts";
import type { Transport } from "./transport.ts";
import type { OdooIdentity } from "./types.ts";
import { decodeResponse, encodeCall, XmlRpcFormatError, type XmlRpcValue } from "./xmlrpc-codec.ts";

/** JSON-shaped value: what every protocol hands back, so callers never see a Date or bytes from XML-RPC only. */
export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

const pad = (n: number) => String(n).padStart(2, "0");

/** Dates become Odoo's naive UTC "YYYY-MM-DD HH:MM:SS", bytes base64, like JSON-RPC returns them. */
export function toPlain(v: XmlRpcValue): Plain {
  if (v instanceof Date) {
    const d = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === "object") {
    const out: { [k: string]: Plain } = {};
    for (const [k, m] of Object.entries(v))
      Object.defineProperty(out, k, { value: toPlain(m), enumerable: true, writable: true });
    return out;
  }
  return v;
}

/** Calls `method(*params)` on `/xmlrpc/2/<service>`; a fault becomes an `OdooError`, a None result `null`. */
export async function xmlRpc(
  http: HttpConfig,
  service: "common" | "object" | "db",
  method: string,
  params: unknown[],
  opts: { signal?: AbortSignal; ctx?: ErrorContext } = {},
): Promise<Plain> {
  const body = encodeCall(method, params);
  const reply = await send(
    http,
    `/xmlrpc/2/${service}`,
    { headers: { "Content-Type": "text/xml" }, body },
    opts.signal,
  );
  return readXmlRpc(reply, opts.ctx);
}

/** Reads an XML-RPC answer: its value (JSON-shaped), `null` for Odoo's None fault, or the mapped fault. */
export function readXmlRpc(reply: HttpReply, ctx: ErrorContext = {}): Plain {
  if (reply.status !== 200 || !/xml/i.test(reply.contentType)) throw unexpectedReply(reply, ctx);
  let res: ReturnType<typeof decodeResponse>;
  try {
    res = decodeResponse(reply.text);
  } catch (e) {
    if (e instanceof XmlRpcFormatError) throw unexpectedReply(reply, ctx);
    throw e;
  }
  if (res.ok) return toPlain(res.value);
  // Odoo's XML-RPC marshaller refuses None: that fault (and only it) means the method returned None.
  if (isNoneFault(res.faultCode, res.faultString)) return null;
  throw fromXmlRpcFault(res.faultCode, res.faultString, ctx);
}

/** `/xmlrpc/2/object` `execute_kw` with the credential on every call. */
export function xmlRpcTransport(http: HttpConfig, database: string, identity: OdooIdentity, secret: string): Transport {
  return {
    protocol: "xmlrpc",
    identity,
    call: (model, method, args, kwargs, signal) =>
      xmlRpc(http, "object", "execute_kw", [database, identity.uid, secret, model, method, args, kwargs], {
        signal,
        ctx: { model, method, database },
      }),
    close: async () => {},
  };
}

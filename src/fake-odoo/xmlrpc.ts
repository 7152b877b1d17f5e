import { asOdooError, type OdooError, traceback } from "./errors.ts";
import { werkzeugPage } from "./http.ts";
import { dispatchRpc } from "./services.ts";
import type { FakeState } from "./state.ts";
import { encodeFault, encodeResponse, parseMethodCall } from "./xmlrpc-codec.ts";

const XML = { "Content-Type": "text/xml; charset=utf-8", Connection: "close" };
const is = (err: OdooError, ...names: string[]) => names.some((n) => err.pyName === `odoo.exceptions.${n}`);
const USER_ERRORS = ["UserError", "MissingError", "ValidationError", "RedirectWarning"];

/** `/xmlrpc/2` fault codes: 4 AccessError, 3 AccessDenied, 2 UserError, 1 anything else (traceback). */
function faultInt(err: OdooError): [number, string] {
  if (is(err, "AccessError")) return [4, err.message];
  if (is(err, "AccessDenied")) return [3, err.message];
  if (is(err, ...USER_ERRORS)) return [2, err.message];
  return [1, traceback(err)];
}

/** Legacy `/xmlrpc` faults: the class in a string faultCode, as `xmlrpc_v1_unknown_model` shows. */
function faultString(err: OdooError): [string, string] {
  if (is(err, "MissingError")) return [`warning -- MissingError\n\n${err.message}`, ""];
  if (is(err, "AccessError")) return [`warning -- AccessError\n\n${err.message}`, ""];
  if (is(err, "AccessDenied")) return ["AccessDenied", err.message];
  if (is(err, ...USER_ERRORS)) return [`warning -- UserError\n\n${err.message}`, ""];
  return [err.message, traceback(err)];
}

/** POST /xmlrpc/2/<service> and the legacy /xmlrpc/<service>. */
export async function handleXmlRpc(state: FakeState, req: Request, path: string): Promise<Response | undefined> {
  const m = /^\/xmlrpc\/(2\/)?(common|object|db)$/.exec(path);
  if (!m) return undefined;
  if (req.method !== "POST") return werkzeugPage(405);
  const legacy = !m[1];
  const p = state.profile;
  let body: string;
  try {
    const placeholders = [...Object.values(state.users).map((u) => u.apiKey), "<apikey_admin>", "<apikey_demo>"];
    const call = parseMethodCall(await req.text(), placeholders);
    body = encodeResponse(p, dispatchRpc(state, m[2]!, call.method, call.params));
  } catch (e) {
    const err = asOdooError(e);
    const [code, message] = legacy ? faultString(err) : faultInt(err);
    body = encodeFault(p, code, message);
  }
  return new Response(body, { status: 200, headers: XML });
}

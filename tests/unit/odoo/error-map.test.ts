import { describe, expect, test } from "bun:test";
import { type ErrorContext, fromXmlRpcFault, parseTraceback } from "../../../src/odoo/error-map.ts";
import { OdooError, type OdooErrorKind } from "../../../src/odoo/errors.ts";
import { readJson2 } from "../../../src/odoo/json2.ts";
import { readJsonRpc } from "../../../src/odoo/jsonrpc.ts";
import { readXmlRpc } from "../../../src/odoo/xmlrpc.ts";
import { decodeCall } from "../../../src/odoo/xmlrpc-codec.ts";
import { type Capture, capture, captureNames, replyOf, VERSIONS, type Version, xmlOf } from "./captures.ts";

type Outcome = OdooErrorKind | "ok";
const byVersion = (v17: Outcome, v18: Outcome, v19: Outcome) => ({ "17.0": v17, "18.0": v18, "19.0": v19 });

// What each real exchange must become: a result, or an OdooError of this kind.
const EXPECTED: Record<string, Outcome | Record<Version, Outcome>> = {
  callkw_access_error_demo: "access",
  callkw_missing_record: "missing",
  callkw_no_session: "auth",
  callkw_unknown_model: "not-found",
  callkw_validation_error: "validation",
  json2_access_error_demo: "access",
  json2_bad_arguments: "server",
  json2_bad_arguments_strict: "server",
  json2_bad_domain: "server",
  json2_bad_key: "auth",
  json2_form_content_type: "server",
  json2_get_method: "not-found",
  json2_ids_on_model_method: "server",
  json2_malformed_json: "server",
  json2_missing_argument: "server",
  json2_missing_record: "missing",
  json2_name_get: "not-found",
  json2_no_auth: "auth",
  json2_none_result: "access",
  json2_not_available: "not-found",
  json2_password_as_bearer: "auth",
  json2_positional_args: "server",
  json2_private_method: "access",
  json2_root_404: "not-found",
  json2_unknown_method: "not-found",
  json2_unknown_model: "not-found",
  json2_validation_error: "validation",
  json2_wrong_db_header: "not-found",
  jsonrpc_access_error_demo: "access",
  jsonrpc_bad_domain: "server",
  jsonrpc_bad_kwarg: "server",
  jsonrpc_bad_password: "auth",
  jsonrpc_db_list: "auth",
  jsonrpc_formatted_read_group: byVersion("not-found", "not-found", "ok"),
  jsonrpc_formatted_read_group_m2o: byVersion("not-found", "not-found", "ok"),
  jsonrpc_malformed_json: "server",
  jsonrpc_missing_record: "missing",
  jsonrpc_name_get: byVersion("ok", "not-found", "not-found"),
  jsonrpc_none_result: byVersion("not-found", "ok", "access"),
  jsonrpc_private_method: "access",
  jsonrpc_unknown_method: "not-found",
  jsonrpc_unknown_model: "not-found",
  jsonrpc_unknown_service: "server",
  jsonrpc_validation_error: "validation",
  session_authenticate_apikey: "auth",
  session_authenticate_baddb: "not-found",
  session_authenticate_badpw: "auth",
  xmlrpc_access_error_demo: "access",
  xmlrpc_bad_password: "auth",
  xmlrpc_formatted_read_group: byVersion("not-found", "not-found", "ok"),
  xmlrpc_name_get: byVersion("ok", "not-found", "not-found"),
  xmlrpc_none_result: byVersion("not-found", "ok", "access"),
  xmlrpc_unknown_method: "not-found",
  xmlrpc_unknown_model: "not-found",
  xmlrpc_v1_unknown_model: "not-found",
};

const NOT_RPC = /^(bus_|websocket_|peek_|doc_|web_version_get|json_version_get|base_automation_fields)/;

/** Model, method and database of a captured request, as the client would know them. */
function contextOf(name: string, c: Capture): ErrorContext {
  const url = new URL(c.request.url);
  if (name.startsWith("json2_")) {
    const [, , , model, method] = url.pathname.split("/");
    return { model, method, database: c.request.headers["X-Odoo-Database"] };
  }
  if (name.startsWith("xmlrpc_")) {
    const { params } = decodeCall(xmlOf(c.request.body));
    return { database: String(params[0]), model: params[3] as string, method: params[4] as string };
  }
  const p = ((c.request.body as { params?: Record<string, unknown> }).params ?? {}) as Record<string, unknown>;
  const args = (p.args ?? []) as unknown[];
  if (p.service) return { database: String(args[0]), model: args[3] as string, method: args[4] as string };
  return { model: p.model as string, method: p.method as string, database: p.db as string };
}

function read(name: string, c: Capture): unknown {
  const reply = replyOf(c);
  const ctx = contextOf(name, c);
  if (name.startsWith("json2_")) return readJson2(reply, ctx);
  if (name.startsWith("xmlrpc_")) return readXmlRpc(reply, ctx);
  return readJsonRpc(reply, ctx);
}

describe("every real Odoo answer maps to a result or the right error kind", () => {
  for (const v of VERSIONS) {
    for (const name of captureNames(v).filter((n) => !NOT_RPC.test(n))) {
      const rule = EXPECTED[name] ?? "ok";
      const expected = typeof rule === "string" ? rule : rule[v];
      test(`${v}/${name} → ${expected}`, () => {
        const c = capture(v, name);
        let outcome: unknown;
        try {
          outcome = read(name, c);
        } catch (e) {
          outcome = e;
        }
        if (expected === "ok") {
          expect(outcome).not.toBeInstanceOf(Error);
          return;
        }
        expect(outcome).toBeInstanceOf(OdooError);
        const err = outcome as OdooError;
        expect(err.kind).toBe(expected);
        expect(err.message).not.toContain("Traceback");
        expect(err.message).not.toContain('File "');
        // Odoo's own message, except where it is too terse to act on (then the client names the model/database).
        const body = c.response.body as { error?: { data?: { message?: string } }; message?: string } | null;
        const odooMessage = body?.error?.data?.message ?? body?.message;
        if (odooMessage && !/^404|^res\.partnerx$|^Database not found/.test(odooMessage)) {
          expect(err.message).toBe(odooMessage);
        }
      });
    }
  }

  test("None results: /jsonrpc omits `result`, XML-RPC faults 'cannot marshal None', JSON-2 says null", () => {
    expect(readJsonRpc(replyOf(capture("18.0", "jsonrpc_none_result")))).toBeNull();
    expect(readJsonRpc(replyOf(capture("19.0", "jsonrpc_none_result_public")))).toBeNull();
    expect(readXmlRpc(replyOf(capture("18.0", "xmlrpc_none_result")))).toBeNull();
    expect(readXmlRpc(replyOf(capture("17.0", "xmlrpc_none_result_public")))).toBeNull();
    expect(readJson2(replyOf(capture("19.0", "json2_none_result_public")))).toBeNull();
  });
});

describe("messages name what Odoo left unnamed", () => {
  const fail = (f: () => unknown): OdooError => {
    try {
      f();
    } catch (e) {
      if (e instanceof OdooError) return e;
    }
    throw new Error("expected an OdooError");
  };

  test("wrong database, on session login and on the JSON-2 header", () => {
    const session = fail(() =>
      readJsonRpc(replyOf(capture("18.0", "session_authenticate_baddb")), { database: "nosuchdb" }),
    );
    expect(session.message).toContain("'nosuchdb'");
    const json2 = fail(() => readJson2(replyOf(capture("19.0", "json2_wrong_db_header")), { database: "nosuchdb" }));
    expect(json2).toMatchObject({ kind: "not-found", details: { status: 404 } });
    expect(json2.message).toContain("'nosuchdb'");
  });

  test("unknown model on call_kw: 17's KeyError and 18's bare 404 both name the model", () => {
    for (const v of ["17.0", "18.0"] as const) {
      const e = fail(() => readJsonRpc(replyOf(capture(v, "callkw_unknown_model")), { model: "res.partnerx" }));
      expect(e.message).toBe("Model 'res.partnerx' does not exist");
    }
  });

  test("XML-RPC faults keep Odoo's message and the fault code", () => {
    const e = fail(() => readXmlRpc(replyOf(capture("19.0", "xmlrpc_name_get"))));
    expect(e).toMatchObject({ kind: "not-found", message: "The method 'res.partner.name_get' does not exist" });
    expect(e.details).toEqual({ odooName: "builtins.AttributeError", code: 1 });
    const access = fail(() => readXmlRpc(replyOf(capture("18.0", "xmlrpc_access_error_demo"))));
    expect(access.message).toStartWith("You are not allowed to access 'System Parameter'");
    expect(access.details.code).toBe(4);
  });

  test("XML-RPC fault 2 covers all UserErrors: missing records and constraint violations are told by their message", () => {
    expect(
      fromXmlRpcFault(2, "Record does not exist or has been deleted.\n(Record: res.partner(9,), User: 2)").kind,
    ).toBe("missing");
    expect(fromXmlRpcFault(2, "The operation cannot be completed: Contacts require a name").kind).toBe("validation");
    expect(fromXmlRpcFault(2, "You cannot delete a posted entry.").kind).toBe("user");
    expect(fromXmlRpcFault(1, "no traceback, just text\nlast line").message).toBe("last line");
  });

  test("HTML and plain-text errors carry their status", () => {
    const malformed = fail(() => readJsonRpc(replyOf(capture("17.0", "jsonrpc_malformed_json"))));
    expect(malformed).toMatchObject({ kind: "server", details: { status: 400 } });
    expect(malformed.message).toContain("Invalid JSON data");
    const html415 = fail(() => readJson2(replyOf(capture("19.0", "json2_form_content_type"))));
    expect(html415.message).toContain("415 Unsupported Media Type");
  });
});

describe("parseTraceback", () => {
  test("takes the last exception of chained tracebacks, with multi-line messages", () => {
    const tb = [
      "Traceback (most recent call last):",
      '  File "a.py", line 1, in f',
      "    x()",
      "KeyError: 'a'",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "b.py", line 2, in g',
      "    raise ValidationError(msg)",
      "    ^^^^^^^^^^^^^^^^^^^^^^^^^^",
      "odoo.exceptions.ValidationError: first line",
      "\t- second line",
    ].join("\n");
    expect(parseTraceback(tb)).toEqual({
      name: "odoo.exceptions.ValidationError",
      message: "first line\n\t- second line",
    });
    expect(parseTraceback("no traceback here")).toBeUndefined();
  });
});

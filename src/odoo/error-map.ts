import { OdooError, type OdooErrorKind } from "./errors.ts";

/** What a failing request was about, so a terse Odoo answer (a bare KeyError, a 404) can name its subject. */
export interface ErrorContext {
  model?: string;
  method?: string;
  database?: string;
}

const BY_NAME: Record<string, OdooErrorKind> = {
  "odoo.exceptions.AccessError": "access",
  "odoo.exceptions.AccessDenied": "auth",
  "odoo.exceptions.MissingError": "missing",
  "odoo.exceptions.ValidationError": "validation",
  "odoo.exceptions.UserError": "user",
  "odoo.exceptions.RedirectWarning": "user",
  "odoo.exceptions.Warning": "user",
  "odoo.exceptions.except_orm": "user",
  "odoo.http.SessionExpiredException": "auth",
  "werkzeug.exceptions.NotFound": "not-found",
  "werkzeug.exceptions.Unauthorized": "auth",
  "werkzeug.exceptions.Forbidden": "access",
};

// Tracebacks name built-in exceptions bare ("KeyError"); JSON-RPC says "builtins.KeyError".
const qualified = (name: string) => (name.includes(".") ? name : `builtins.${name}`);

/** How an answer was numbered: the JSON-RPC/XML-RPC code, or the HTTP status for JSON-2. */
export interface Numbers {
  code?: number;
  status?: number;
}

// JSON-2 answers real statuses; they decide only when the exception class says nothing more specific.
const BY_STATUS: Record<number, OdooErrorKind> = { 401: "auth", 403: "access", 404: "not-found", 422: "user" };

/** Maps an Odoo exception (class name + message) to an `OdooError` of the right kind, with Odoo's message. */
export function fromOdooException(
  name: string,
  message: string,
  ctx: ErrorContext = {},
  nums: Numbers = {},
): OdooError {
  const odooName = qualified(name);
  const details = { odooName, ...nums };
  const text = message.trim() || odooName;
  const err = (kind: OdooErrorKind, msg = text) => new OdooError(kind, msg, details);
  // Unknown model: /jsonrpc and XML-RPC raise UserError "Object x doesn't exist"; 17's call_kw a bare KeyError.
  if (/^Object \S+ doesn't exist$/.test(text)) return err("not-found");
  if (odooName === "builtins.KeyError" && ctx.model && text.replace(/^'|'$/g, "") === ctx.model) {
    return err("not-found", `Model '${ctx.model}' does not exist`);
  }
  // 18+ call_kw answers a generic 404 for an unknown model.
  if (odooName === "werkzeug.exceptions.NotFound" && ctx.model && /^404\b/.test(text)) {
    return err("not-found", `Model '${ctx.model}' does not exist`);
  }
  if (odooName === "builtins.AttributeError" && /does not exist/.test(text)) return err("not-found");
  // /web/session/authenticate answers AccessError "Database not found."; RPC a psycopg2 "database … does not exist".
  if (/^Database not found\.?$/.test(text) || /database "[^"]*" does not exist/.test(text)) {
    return err("not-found", `Database '${ctx.database ?? "?"}' not found on this Odoo server`);
  }
  if (odooName === "werkzeug.exceptions.UnprocessableEntity") return err("server"); // JSON-2 signature mismatch
  return err(BY_NAME[odooName] ?? BY_STATUS[nums.status ?? 0] ?? "server");
}

/** The shape of `error` in a JSON-RPC answer from Odoo. */
export interface JsonRpcErrorBody {
  code?: number;
  message?: string;
  data?: { name?: string; message?: string };
}

/** Maps a JSON-RPC `error` member (code 200 on 17/18, 0 on 19, 100 session expired, 404 unknown model). */
export function fromJsonRpcError(error: JsonRpcErrorBody, ctx: ErrorContext = {}): OdooError {
  const name = error.data?.name ?? (error.code === 404 ? "werkzeug.exceptions.NotFound" : "Exception");
  return fromOdooException(name, error.data?.message ?? error.message ?? "", ctx, { code: error.code });
}

/** Splits a Python traceback into the final exception's class name and message. */
export function parseTraceback(text: string): { name: string; message: string } | undefined {
  const lines = text.replace(/\s+$/, "").split("\n");
  const start = lines.findLastIndex((l) => l.startsWith("Traceback (most recent call last)"));
  if (start < 0) return undefined;
  let i = lines.findLastIndex((l, idx) => idx > start && l.startsWith('  File "'));
  if (i < 0) i = start;
  // Frame lines are indented by four spaces (source and ^^^ markers); the exception line is not.
  for (i++; lines[i]?.startsWith("    "); i++);
  const head = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(lines[i] ?? "");
  if (!head?.[1]) return undefined;
  return { name: head[1], message: [head[2] ?? "", ...lines.slice(i + 1)].join("\n").trim() };
}

// XML-RPC fault codes of /xmlrpc/2: 2 = UserError (and its subclasses), 3 = AccessDenied, 4 = AccessError.
const FAULT_NAMES: Record<number, string> = {
  2: "odoo.exceptions.UserError",
  3: "odoo.exceptions.AccessDenied",
  4: "odoo.exceptions.AccessError",
};

/** Maps an XML-RPC fault; code 1 carries a traceback whose last exception is the real one. */
export function fromXmlRpcFault(faultCode: number | string, faultString: string, ctx: ErrorContext = {}): OdooError {
  if (typeof faultCode === "string") {
    // Legacy /xmlrpc/ puts "warning -- UserError\n\n<message>" in faultCode.
    const [, kind, msg] = /^\w+ -- (\w+)\n\n([\s\S]*)$/.exec(faultCode) ?? [];
    return fromOdooException(kind ? `odoo.exceptions.${kind}` : "Exception", msg ?? faultCode, ctx);
  }
  const named = FAULT_NAMES[faultCode];
  if (named) {
    // MissingError and ValidationError are UserErrors: on XML-RPC only their message tells them apart.
    if (faultCode === 2 && /does not exist or has been deleted/.test(faultString)) {
      return fromOdooException("odoo.exceptions.MissingError", faultString, ctx, { code: faultCode });
    }
    // Odoo turns database constraint violations into ValidationError with this prefix (service/model.py).
    if (faultCode === 2 && /^The operation cannot be completed:/.test(faultString)) {
      return fromOdooException("odoo.exceptions.ValidationError", faultString, ctx, { code: faultCode });
    }
    return fromOdooException(named, faultString, ctx, { code: faultCode });
  }
  const tb = parseTraceback(faultString);
  if (tb) return fromOdooException(tb.name, tb.message, ctx, { code: faultCode });
  const lastLine = faultString.trim().split("\n").at(-1) ?? "";
  return fromOdooException("Exception", lastLine || `XML-RPC fault ${faultCode}`, ctx, { code: faultCode });
}

/** True when an XML-RPC fault only says the method returned None (Odoo marshals without allow_none). */
export const isNoneFault = (faultCode: number | string, faultString: string): boolean =>
  faultCode === 1 && /cannot marshal None unless allow_none is enabled\s*$/.test(faultString);

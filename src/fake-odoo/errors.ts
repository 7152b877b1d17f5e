import type { Json } from "./types.ts";
import type { VersionProfile } from "./versions.ts";

/** A Python exception as Odoo reports it: qualified class name, message, `args`. */
export class OdooError extends Error {
  constructor(
    readonly pyName: string,
    message: string,
    readonly pyArgs: Json[] = [message],
    /** HTTP status when the error is a werkzeug HTTPException (JSON-2 shows it). */
    readonly httpStatus?: number,
  ) {
    super(message);
  }

  /** Short class name, as the last traceback line prints it. */
  get shortName(): string {
    return this.pyName.split(".").pop() ?? this.pyName;
  }
}

const exc = (name: string) => (message: string) => new OdooError(`odoo.exceptions.${name}`, message);
const builtin = (name: string) => (message: string) => new OdooError(`builtins.${name}`, message);

/** odoo.exceptions.* and builtins.* constructors. */
export const E = {
  accessDenied: () => exc("AccessDenied")("Access Denied"),
  accessError: exc("AccessError"),
  missing: exc("MissingError"),
  user: exc("UserError"),
  validation: exc("ValidationError"),
  value: builtin("ValueError"),
  type: builtin("TypeError"),
  attribute: builtin("AttributeError"),
  assertion: builtin("AssertionError"),
  key: (key: string) => new OdooError("builtins.KeyError", key),
  /** A psycopg2 error that no handler turns into an Odoo one (DataError and the like), e.g. InvalidTextRepresentation. */
  pg: (name: string, message: string) => new OdooError(`psycopg2.errors.${name}`, message),
  sessionExpired: (message = "Session expired") =>
    new OdooError("odoo.http.SessionExpiredException", message, message ? [message] : []),
  http: (status: number, message: string) =>
    new OdooError(`werkzeug.exceptions.${HTTP_NAMES[status] ?? "HTTPException"}`, message, [message, status], status),
};

const HTTP_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  415: "UnsupportedMediaType",
  422: "UnprocessableEntity",
};

/** Python's TypeError for a call that left required parameters out, e.g. `f() missing 1 required positional argument: 'x'`. */
export function missingArguments(fn: string, names: string[]): OdooError {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length < 3 ? quoted.join(" and ") : `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
  const s = names.length > 1 ? "s" : "";
  return E.type(`${fn}() missing ${names.length} required positional argument${s}: ${list}`);
}

/** Odoo passes a JSON route's params as keyword arguments: the TypeError when the endpoint's required ones lack. */
export function missingParams(fn: string, params: Record<string, Json>, names: string[]): OdooError | undefined {
  const missing = names.filter((n) => !Object.hasOwn(params, n));
  return missing.length ? missingArguments(fn, missing) : undefined;
}

/** Odoo's message when a model is not readable/writable by the user. */
export function accessErrorFor(
  p: VersionProfile,
  description: string,
  model: string,
  op: string,
  group = p.adminGroup,
): OdooError {
  const verb = { read: "access", write: "modify", create: "create", unlink: "delete" }[op] ?? "access";
  const text =
    `You are not allowed to ${verb} '${description}' (${model}) records.\n\n` +
    `This operation is allowed for the following groups:\n\t- ${group}\n\n` +
    "Contact your administrator to request access if necessary.";
  return E.accessError(text);
}

/** What the integrity-error messages name: a model (table), and a column or a constraint. */
export interface Violation {
  model: string;
  description: string;
  field: string;
  fieldString: string;
}

/**
 * The ValidationError Odoo makes of a PostgreSQL NotNullViolation: 17/18's `_as_validation_error`
 * (odoo/service/model.py), 19's `_sql_error_to_message_generic` behind "The operation cannot be completed: %s".
 */
export function notNullViolation(p: VersionProfile, v: Violation): OdooError {
  if (p.major >= 19) {
    return E.validation(
      `The operation cannot be completed: Missing required value for the field '${v.fieldString}' (${v.field}).\n` +
        `Model: '${v.description}' (${v.model})\n` +
        "- create/update: a mandatory field is not set\n" +
        "- delete: another model requires the record being deleted, you can archive it instead\n",
    );
  }
  return E.validation(
    "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n" +
      "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
      `Model: ${v.description} (${v.model})\nField: ${v.fieldString} (${v.field})\n`,
  );
}

/**
 * The ValidationError Odoo makes of a ForeignKeyViolation, for an insert/update naming a missing record as for a
 * delete of a record still referenced: the violation is on the referencing table (`v`), the constraint
 * `<table>_<column>_fkey` (test_rpc's test_02_delete: "Model: Model A (test_rpc.model_a)",
 * "Constraint: test_rpc_model_a_field_b1_fkey").
 */
export function foreignKeyViolation(p: VersionProfile, v: Violation): OdooError {
  if (p.major >= 19) {
    return E.validation(
      "The operation cannot be completed: Another model is using the record you are trying to delete.\n\n" +
        `The troublemaker is: '${v.description}' (${v.model})\n` +
        `Thanks to the following constraint: '${v.fieldString}' (${v.field})\n` +
        "How about archiving the record instead?",
    );
  }
  return E.validation(
    "The operation cannot be completed: another model requires the record being deleted. " +
      "If possible, archive it instead.\n\n" +
      `Model: ${v.description} (${v.model})\nConstraint: ${v.model.replace(/\./g, "_")}_${v.field}_fkey\n`,
  );
}

/** AttributeError for a method the model lacks, worded per version. */
export function noSuchMethod(p: VersionProfile, model: string, method: string): OdooError {
  return p.major >= 19
    ? E.attribute(`The method '${model}.${method}' does not exist`)
    : E.attribute(`The method '${method}' does not exist on the model '${model}'`);
}

/** AccessError for a leading-underscore (or private) method, worded per version. */
export function privateMethod(p: VersionProfile, model: string, method: string): OdooError {
  const name = p.major >= 19 ? `'${model}.${method}'` : method;
  return E.accessError(`Private methods (such as ${name}) cannot be called remotely.`);
}

/** A plausible traceback text for `debug` and XML-RPC fault 1. */
export function traceback(err: OdooError): string {
  return (
    "Traceback (most recent call last):\n" +
    '  File "/opt/odoo/odoo/http.py", line 1954, in _transactioning\n' +
    "    return service_model.retrying(func, env=self.env)\n" +
    '  File "/opt/odoo/odoo/service/model.py", line 137, in retrying\n' +
    "    result = func()\n" +
    `${err.pyName.startsWith("builtins.") ? err.shortName : err.pyName}: ${err.message}\n`
  );
}

/** Wraps anything thrown into an OdooError (a JS bug becomes a Python-looking one). */
export function asOdooError(e: unknown): OdooError {
  if (e instanceof OdooError) return e;
  return E.value(e instanceof Error ? e.message : String(e));
}

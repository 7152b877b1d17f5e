/** The classes of Odoo failure a caller can act on differently. */
export type OdooErrorKind =
  | "access" // AccessError: the user may not do this
  | "auth" // AccessDenied / bad credentials / expired key
  | "missing" // MissingError: the record does not exist (any more)
  | "validation" // ValidationError: values rejected by a constraint
  | "user" // UserError and other business refusals
  | "not-found" // unknown model, method, database or endpoint
  | "server" // any other server-side exception (ValueError, TypeError, KeyError…)
  | "network" // could not reach Odoo, connection dropped, unexpected non-Odoo answer
  | "timeout"; // no answer within the configured timeout

/** A typed Odoo failure carrying Odoo's own message, never the traceback. */
export class OdooError extends Error {
  override readonly name = "OdooError";
  constructor(
    readonly kind: OdooErrorKind,
    message: string,
    readonly details: {
      /** Odoo's exception class, e.g. `odoo.exceptions.AccessError`. */
      odooName?: string;
      /** HTTP status when it carries meaning (JSON-2, 404 HTML pages). */
      status?: number;
      /** XML-RPC fault code or JSON-RPC error code. */
      code?: number;
      /** The request never reached Odoo (connection refused, DNS, TLS, a redirect): nothing was applied. */
      unsent?: boolean;
    } = {},
  ) {
    super(message);
  }
}

export const isOdooError = (e: unknown): e is OdooError => e instanceof OdooError;

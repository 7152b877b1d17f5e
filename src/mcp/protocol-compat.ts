import type { JSONRPCErrorResponse, JSONRPCMessage, Transport } from "@modelcontextprotocol/server";

/** Error codes of our own that the SDK has no name for. */
export const APPLICATION_ERROR = -32000;
export const SERVER_BUSY = -32001;
export const RESOURCE_NOT_FOUND = -32002;

const isUriOnly = (data: unknown): boolean =>
  typeof data === "object" &&
  data !== null &&
  typeof (data as { uri?: unknown }).uri === "string" &&
  Object.keys(data).length === 1;

// Every message the server sends passes here: the SDK's guard validates the whole message (the result included)
// against its schema, where only the shape is in question. The server built the message: a look at its keys suffices.
const isErrorResponse = (m: JSONRPCMessage): m is JSONRPCErrorResponse =>
  "error" in m && "id" in m && typeof m.error === "object" && m.error !== null;

/** Whether a negotiated protocol version belongs to the 2026-07-28 era (ISO dates compare as strings). */
export const isModernRevision = (version: string | undefined): boolean => version !== undefined && version >= "2026";

interface ValidatorIssue {
  path: Array<string | number>;
  message: string;
}

// Some issues (a union that matched no branch) carry no path of their own: the message still says what is wrong.
const isIssue = (x: unknown): x is ValidatorIssue =>
  typeof x === "object" && x !== null && typeof (x as ValidatorIssue).message === "string";

/**
 * The SDK answers a spec request whose params fail its schema (`resources/read` without a uri, `logging/setLevel`
 * with an unknown level) with -32603 and the validator's issues as JSON text; that is -32602 "Invalid params", and
 * the issues read better as one line.
 */
function invalidParams(message: string): string | undefined {
  if (!message.startsWith("[")) return undefined;
  try {
    const issues: unknown = JSON.parse(message);
    if (!Array.isArray(issues) || issues.length === 0 || !issues.every(isIssue)) return undefined;
    return `Invalid params: ${issues.map((i) => `${(Array.isArray(i.path) ? i.path : []).join(".") || "params"}: ${i.message}`).join("; ")}`;
  } catch {
    return undefined;
  }
}

/** The longest error message sent: messages quote client input (tool names, URIs), which may be megabytes. */
export const MAX_ERROR_MESSAGE = 1000;

const clip = (text: string) =>
  text.length <= MAX_ERROR_MESSAGE ? text : `${text.slice(0, MAX_ERROR_MESSAGE - 40)}… (${text.length} characters)`;

/** An error whose message and echoed URI are bounded, whatever the client sent. */
export function boundedError<E extends { message: string; data?: unknown }>(error: E): E {
  if (error.message.length <= MAX_ERROR_MESSAGE && !(isUriOnly(error.data) && JSON.stringify(error.data).length > 3000))
    return error;
  const data = isUriOnly(error.data) ? { uri: clip((error.data as { uri: string }).uri) } : error.data;
  return { ...error, message: clip(error.message), ...(data === undefined ? {} : { data }) };
}

/**
 * Outgoing error codes as the MCP revisions and our documentation define them:
 * - the SDK answers a `resources/read` miss with -32602 and `data: {uri}` on every revision (SEP-2164, the 2026-07-28
 *   rule). The 2025-era revisions this server also speaks define -32002 "Resource not found", and our documentation
 *   promises it, so on a 2025-era connection that exact error shape goes out as -32002;
 * - invalid params of a spec request go out as -32602, not -32603 (see `invalidParams`).
 */
export function fixErrorCodes(transport: Transport, negotiated: () => string | undefined): void {
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options) => {
    if (!isErrorResponse(message)) return send(message, options);
    const invalid = message.error.code === -32603 ? invalidParams(message.error.message) : undefined;
    const error = boundedError(invalid ? { code: -32602, message: invalid } : message.error);
    if (error.code === -32602 && isUriOnly(error.data) && !isModernRevision(negotiated())) {
      return send({ ...message, error: { ...error, code: RESOURCE_NOT_FOUND } }, options);
    }
    return send(error === message.error ? message : { ...message, error }, options);
  };
}

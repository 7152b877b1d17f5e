import { isJSONRPCErrorResponse, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";

/** Error codes of our own that the SDK has no name for. */
export const APPLICATION_ERROR = -32000;
export const SERVER_BUSY = -32001;
export const RESOURCE_NOT_FOUND = -32002;

const isUriOnly = (data: unknown): boolean =>
  typeof data === "object" &&
  data !== null &&
  typeof (data as { uri?: unknown }).uri === "string" &&
  Object.keys(data).length === 1;

/** Whether a negotiated protocol version belongs to the 2026-07-28 era (ISO dates compare as strings). */
export const isModernRevision = (version: string | undefined): boolean => version !== undefined && version >= "2026";

/**
 * The SDK answers a `resources/read` miss with -32602 and `data: {uri}` on every revision (SEP-2164, the 2026-07-28
 * rule). The 2025-era revisions this server also speaks define -32002 "Resource not found", and our documentation
 * promises it, so on a 2025-era connection that exact error shape goes out as -32002.
 */
export function legacyErrorCodes(transport: Transport, negotiated: () => string | undefined): void {
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options) => {
    if (
      isJSONRPCErrorResponse(message) &&
      message.error.code === -32602 &&
      isUriOnly(message.error.data) &&
      !isModernRevision(negotiated())
    ) {
      return send({ ...message, error: { ...message.error, code: RESOURCE_NOT_FOUND } }, options);
    }
    return send(message, options);
  };
}

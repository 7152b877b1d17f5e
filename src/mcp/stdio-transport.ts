import { type JSONRPCMessage, parseJSONRPCMessage } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";

const MAX_LINE_BYTES = 16 * 1024 * 1024;

const idOf = (raw: unknown): string | number | null => {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
};

/**
 * The SDK's stdio transport, except that a line that is not JSON is answered -32700 and a JSON value that is not a
 * JSON-RPC message -32600 (the SDK skips the first silently), so a client learns why it got no answer.
 */
export class StdioTransport extends StdioServerTransport {
  private pending: Buffer | undefined;

  override _ondata = (chunk: Buffer): void => {
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    for (let end = this.pending.indexOf(10); end !== -1; end = this.pending.indexOf(10)) {
      const line = this.pending.toString("utf8", 0, end).replace(/\r$/, "");
      this.pending = this.pending.subarray(end + 1);
      this.deliver(line);
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.pending = undefined;
      this.answer(null, -32700, `Parse error: message longer than ${MAX_LINE_BYTES} bytes`);
    }
  };

  private deliver(line: string): void {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      this.answer(null, -32700, `Parse error: ${(e as Error).message}`);
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(raw);
    } catch {
      this.answer(idOf(raw), -32600, "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
      return;
    }
    this.onmessage?.(message);
  }

  private answer(id: string | number | null, code: number, message: string): void {
    // JSON-RPC answers an unidentifiable request with id null, which the SDK's message type does not model.
    const response = { jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(response).catch((e: Error) => this.onerror?.(e));
  }
}

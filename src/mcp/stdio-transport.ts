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
  // The current line's bytes so far, kept as chunks: joining once per line keeps a long line linear.
  private chunks: Buffer[] = [];
  private size = 0;
  // Set once a line has gone over the limit (and been answered): its remaining bytes are dropped.
  private discarding = false;

  override _ondata = (chunk: Buffer): void => {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...this.chunks, chunk.subarray(start, end)]);
      const skip = this.discarding;
      this.chunks = [];
      this.size = 0;
      this.discarding = false;
      if (!skip) this.deliver(line.toString("utf8").replace(/\r$/, ""));
      start = end + 1;
    }
    if (this.discarding || start === chunk.length) return;
    this.chunks.push(chunk.subarray(start));
    this.size += chunk.length - start;
    if (this.size > MAX_LINE_BYTES) {
      this.chunks = [];
      this.size = 0;
      this.discarding = true;
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

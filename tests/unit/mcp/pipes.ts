import { PassThrough } from "node:stream";
import type { ServerDeps } from "../../../src/mcp/server.ts";
import { StdioTransport } from "../../../src/mcp/stdio-transport.ts";
import { serveStdio } from "../../../src/stdio.ts";

/** One line the server wrote: an answer (id, result or error) or a notification (method). */
export interface Line {
  id?: unknown;
  method?: string;
  result?: { isError?: boolean; content?: Array<{ text?: string }> } & Record<string, unknown>;
  error?: { code: number; message: string };
}

/**
 * serveStdio over a pair of in-process pipes standing in for stdin and stdout. Its lines are read as they come,
 * unless `reading: false` (a client that stops reading; `read()` starts it).
 */
export function stdioPipes(deps: ServerDeps, { reading = true } = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Line[] = [];
  let buffered = "";
  const read = () =>
    stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) lines.push(JSON.parse(line));
    });
  if (reading) read();
  const served = serveStdio(deps, { transport: new StdioTransport(stdin, stdout) });
  /** Writes one line: a message, or text as it is. */
  const send = (message: unknown) =>
    stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  /** The first `count` lines, once written (waiting at most `ms`). */
  const next = async (count: number, ms = 5_000) => {
    for (let i = 0; i < ms / 10 && lines.length < count; i++) await Bun.sleep(10);
    return lines.slice(0, count);
  };
  /** Waits (at most `ms`) until `count` answers were written; notifications (logs, progress) do not count. */
  const answered = async (count: number, ms = 30_000) => {
    for (let i = 0; i < ms / 10 && lines.filter((l) => l.method === undefined).length < count; i++) await Bun.sleep(10);
  };
  /** The 2025-11-25 handshake (initialize, initialized), then tools/list: the tools listed; the lines are cleared. */
  const handshake = async () => {
    const clientInfo = { name: "pipes", version: "1" };
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    await answered(2);
    const tools = lines.find((l) => l.id === 2)?.result?.tools as Array<{ name: string; inputSchema: object }>;
    lines.length = 0;
    return tools ?? [];
  };
  /** Ends stdin and waits for the server to finish. */
  const end = async () => {
    stdin.end();
    await served;
  };
  return { stdin, stdout, lines, served, read, send, next, answered, handshake, end };
}

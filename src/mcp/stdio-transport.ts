import type { Readable, Writable } from "node:stream";
import { type JSONRPCMessage, parseJSONRPCMessage } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { jsonDepth, MAX_JSON_DEPTH } from "../json-depth.ts";
import type { FrontHandOff } from "../stdio-front.ts";

/** The longest message line read; a longer one is answered -32700 and dropped. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/**
 * Requests read but not yet answered, plus messages written that the client has not taken from stdout: beyond this,
 * stdin is not read until the client catches up (backpressure; Bun's stdout reports no `writableLength`, a pending
 * `send` is one the pipe has not taken).
 */
export const MAX_PENDING_MESSAGES = 256;

type Id = string | number;

const idOf = (raw: unknown): Id | null => {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
};

/**
 * The SDK's stdio transport, except that a line that is not JSON is answered -32700 and a JSON value that is not a
 * JSON-RPC message -32600 (the SDK skips the first silently), so a client learns why it got no answer; a message
 * nested deeper than MAX_JSON_DEPTH is refused -32600 with its id; and a client that sends faster than it reads is
 * read from no faster than it is answered, so unanswered requests and unread answers stay bounded.
 */
export class StdioTransport extends StdioServerTransport {
  private readonly input: Readable;
  // Requests delivered and not yet answered (a cancelled one is forgotten: the SDK does not answer it).
  private readonly open = new Set<Id>();
  // Messages written that the client has not read yet.
  private unread = 0;
  // Input held back while too much is pending: whole chunks, the first one possibly cut after a delivered line.
  private readonly backlog: Buffer[] = [];
  private held = false;
  // The current line's bytes so far, kept as chunks: joining once per line keeps a long line linear.
  private chunks: Buffer[] = [];
  private size = 0;
  // Set once a line has gone over the limit (and been answered): its remaining bytes are dropped.
  private discarding = false;
  // The `initialize` the stdio front already answered: the SDK's own answer to it is not written again.
  private answered: Id | undefined;
  // Until the front's answer is written: what the SDK sends meanwhile waits behind it, in order.
  private frontWriting: Promise<unknown> | undefined;

  /** `front`: the stdio front that read stdin until now; its input is taken over, in order, on start. */
  constructor(
    stdin: Readable = process.stdin,
    stdout: Writable = process.stdout,
    private readonly front?: { handOff(): FrontHandOff },
  ) {
    super(stdin, stdout);
    this.input = stdin;
    // Each unread message holds a "drain" and an "error" listener on stdout until the client reads it.
    stdout.setMaxListeners(Math.max(stdout.getMaxListeners(), 2 * MAX_PENDING_MESSAGES + 10));
  }

  private get pending(): number {
    return this.open.size + this.unread;
  }

  override start(): Promise<void> {
    // Taken over before the SDK's listener is attached and delivered before any later chunk: nothing lost, in order.
    const read = this.front?.handOff();
    const started = super.start();
    if (read) {
      this.answered = read.answered;
      const writing = read.written.catch(() => {});
      this.frontWriting = writing;
      void writing.then(() => {
        if (this.frontWriting === writing) this.frontWriting = undefined;
      });
      this.backlog.push(...read.chunks);
      this.release();
    }
    return started;
  }

  override send(message: JSONRPCMessage): Promise<void> {
    this.unread += 1;
    const answered = !("method" in message) ? idOf(message) : null;
    const taken = () => {
      this.unread -= 1;
      if (answered !== null) this.open.delete(answered);
      this.release();
    };
    if (answered !== null && answered === this.answered) {
      this.answered = undefined;
      taken();
      return Promise.resolve();
    }
    const before = this.frontWriting;
    const sent = before ? before.then(() => super.send(message)) : super.send(message);
    sent.then(taken, taken);
    return sent;
  }

  override _ondata = (chunk: Buffer): void => {
    this.backlog.push(chunk);
    this.release();
  };

  /** Reads held-back input while little enough is pending; pauses stdin once too much is. */
  private release(): void {
    while (this.pending < MAX_PENDING_MESSAGES && this.backlog.length > 0) {
      const rest = this.consume(this.backlog.shift() as Buffer);
      if (rest) this.backlog.unshift(rest);
    }
    const hold = this.backlog.length > 0;
    if (hold === this.held) return;
    this.held = hold;
    if (hold) this.input.pause();
    else this.input.resume();
  }

  /** Delivers the complete lines of a chunk; returns what is left of it when too much became pending. */
  private consume(chunk: Buffer): Buffer | undefined {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...this.chunks, chunk.subarray(start, end)]);
      const skip = this.discarding;
      this.chunks = [];
      this.size = 0;
      this.discarding = false;
      if (!skip) this.deliver(line.toString("utf8").replace(/\r$/, ""));
      start = end + 1;
      if (this.pending >= MAX_PENDING_MESSAGES && start < chunk.length) return chunk.subarray(start);
    }
    if (this.discarding || start === chunk.length) return undefined;
    this.chunks.push(chunk.subarray(start));
    this.size += chunk.length - start;
    if (this.size > MAX_LINE_BYTES) {
      this.chunks = [];
      this.size = 0;
      this.discarding = true;
      this.answer(null, -32700, `Parse error: message longer than ${MAX_LINE_BYTES} bytes`);
    }
    return undefined;
  }

  private deliver(line: string): void {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      this.answer(null, -32700, `Parse error: ${(e as Error).message}`);
      return;
    }
    if (jsonDepth(line) > MAX_JSON_DEPTH) {
      this.answer(idOf(raw), -32600, `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(raw);
    } catch {
      this.answer(idOf(raw), -32600, "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
      return;
    }
    if ("method" in message) {
      const id = idOf(message);
      if (id !== null) this.open.add(id);
      if (message.method === "notifications/cancelled") {
        const cancelled = idOf({ id: (message.params as { requestId?: unknown } | undefined)?.requestId });
        if (cancelled !== null) this.open.delete(cancelled);
      }
    }
    this.onmessage?.(message);
  }

  private answer(id: Id | null, code: number, message: string): void {
    // JSON-RPC answers an unidentifiable request with id null, which the SDK's message type does not model.
    const response = { jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(response).catch((e: Error) => this.onerror?.(e));
  }
}

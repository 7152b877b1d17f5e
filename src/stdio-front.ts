// The stdio front: answers the client's opening `initialize` while the SDK, the tools and the Odoo client are still
// loading (the SDK alone takes ~100 ms to evaluate), then hands everything it read to the SDK's transport. It imports
// nothing heavy. The SDK still receives that same `initialize` (so its state is the one it would have had); its own
// answer to it is dropped by the transport (src/mcp/stdio-transport.ts).
import type { Readable } from "node:stream";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";
import { LEGACY_PROTOCOL_VERSIONS, serverCapabilities, serverInfo, serverInstructions } from "./mcp/identity.ts";

type Id = string | number;

/** What the front read, for the transport that takes over: the raw input and the id of the `initialize` answered. */
export interface FrontHandOff {
  chunks: Buffer[];
  answered: Id | undefined;
  /** Settles once the front's answer is written: the transport writes nothing before (one writer at a time on stdout). */
  written: Promise<unknown>;
}

/** The first line is looked at only up to this size; a longer one is the SDK's to handle. */
const MAX_FIRST_LINE = 1 << 20;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const optional = (x: unknown, check: (x: unknown) => boolean) => x === undefined || check(x);
const isString = (x: unknown) => typeof x === "string";
const objectOfObjects = (x: unknown) => isObject(x) && Object.values(x).every(isObject);

/**
 * Whether the SDK's schema (InitializeRequestParams: ClientCapabilities, Implementation) certainly accepts these
 * params. Anything this does not vouch for (a `_meta` envelope, icons, tasks, a wrong type) is left to the SDK.
 */
function plainInitializeParams(params: unknown): params is { protocolVersion: string } {
  if (!isObject(params) || !isString(params["protocolVersion"]) || "_meta" in params) return false;
  const info = params["clientInfo"];
  if (!isObject(info) || !isString(info["name"]) || !isString(info["version"]) || "icons" in info) return false;
  if (!["title", "websiteUrl", "description"].every((k) => optional(info[k], isString))) return false;
  const caps = params["capabilities"];
  if (!isObject(caps) || "tasks" in caps) return false;
  const { experimental, extensions, sampling, elicitation, roots } = caps;
  if (!optional(experimental, objectOfObjects) || !optional(extensions, objectOfObjects)) return false;
  if (!optional(sampling, (s) => isObject(s) && optional(s["context"], isObject) && optional(s["tools"], isObject))) {
    return false;
  }
  const form = (f: unknown) => isObject(f) && optional(f["applyDefaults"], (a) => typeof a === "boolean");
  if (!optional(elicitation, (e) => isObject(e) && optional(e["form"], form) && optional(e["url"], isObject))) {
    return false;
  }
  return optional(roots, (r) => isObject(r) && optional(r["listChanged"], (l) => typeof l === "boolean"));
}

/**
 * The SDK's exact answer line to a 2025-era `initialize` (same negotiation, same key order), or undefined when the
 * line is anything else or anything the front cannot vouch the SDK would accept.
 */
export function initializeAnswer(line: string, demo: boolean): { id: Id; text: string } | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(message) || message["jsonrpc"] !== "2.0" || message["method"] !== "initialize") return undefined;
  const id = message["id"];
  if (!(typeof id === "string" || Number.isSafeInteger(id)) || jsonDepth(line) > MAX_JSON_DEPTH) return undefined;
  const params = message["params"];
  if (!plainInitializeParams(params)) return undefined;
  const requested = params.protocolVersion;
  const protocolVersion = LEGACY_PROTOCOL_VERSIONS.includes(requested) ? requested : LEGACY_PROTOCOL_VERSIONS[0];
  const result = {
    protocolVersion,
    capabilities: serverCapabilities(true),
    serverInfo: serverInfo(demo),
    instructions: serverInstructions(demo),
  };
  return { id: id as Id, text: `${JSON.stringify({ result, jsonrpc: "2.0", id })}\n` };
}

/** Where the front writes its answer: stdout, without Node's stream modules (tests: any sink). */
export type AnswerWriter = (text: string) => Promise<unknown>;

const toStdout: AnswerWriter = (text) => Bun.write(Bun.stdout, text);

/**
 * Reads stdin from start-up and answers a first line that is a plain `initialize` at once. `ready` settles once the
 * first line has been looked at (and its answer written), stdin has ended, or `waitMs` passed: the caller loads the
 * rest after it, so that loading (which holds the thread) does not delay the answer.
 *
 * It reads through Bun's own stdin stream and writes through Bun.write: touching `process.stdin`/`stdout`/`stderr`
 * loads Node's stream modules, which costs about as much as starting the runtime. It stays the only reader of stdin:
 * after `handOff`, what it reads goes to the Readable that `rest()` made for the SDK's transport.
 */
export class StdioFront {
  readonly ready: Promise<void>;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private looked = false;
  private answered: Id | undefined;
  private readonly settle: () => void;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  // Made by rest(): from the hand-off on, chunks go there instead.
  private sink: Readable | undefined;
  private handedOff = false;
  private readonly handed = Promise.withResolvers<void>();
  // stdin's end (or read error) seen before the hand-off; `null` for a clean end.
  private ended: Error | null | undefined;
  // Resolves the pump's wait when the sink wants more (backpressure from the transport's pause()).
  private wake: (() => void) | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly demo: boolean,
    stdin: ReadableStream<Uint8Array> = Bun.stdin.stream(),
    private readonly write: AnswerWriter = toStdout,
    waitMs = 50,
  ) {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.ready = promise.then(() => this.writing).then(() => {});
    this.settle = resolve;
    this.timer = setTimeout(resolve, waitMs);
    this.reader = stdin.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        // Once the first line is looked at, the rest waits in the pipe (bounded) until the transport takes over.
        if (this.looked && !this.handedOff) await this.handed.promise;
        const { value, done } = await this.reader.read();
        if (done) break;
        const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (!this.handedOff) this.ondata(chunk);
        else if (!this.sink?.push(chunk)) await new Promise<void>((r) => (this.wake = r));
      }
      this.finish(null);
    } catch (e) {
      this.finish(e as Error);
    }
  }

  private finish(error: Error | null): void {
    this.settle();
    if (!this.handedOff) this.ended = error;
    else this.end(error);
  }

  private end(error: Error | null): void {
    if (!this.sink || this.sink.destroyed) return;
    if (error) this.sink.destroy(error);
    else this.sink.push(null);
  }

  private ondata(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const newline = chunk.indexOf(10);
    if (newline === -1 && this.size <= MAX_FIRST_LINE) return;
    this.looked = true;
    if (newline !== -1) {
      const line = Buffer.concat(this.chunks).subarray(0, this.size - chunk.length + newline);
      const answer = initializeAnswer(line.toString("utf8").replace(/\r$/, ""), this.demo);
      if (answer) {
        this.writing = this.write(answer.text);
        this.answered = answer.id;
      }
    }
    this.settle();
  }

  /**
   * stdin from the hand-off on, as the Node Readable the SDK's transport reads. Loads node:stream, so it is called
   * once `ready` has settled.
   */
  async rest(): Promise<Readable> {
    const { Readable } = await import("node:stream");
    const sink = new Readable({
      read: () => {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
      },
      destroy: (error, done) => {
        this.reader.cancel().catch(() => {});
        this.wake?.();
        done(error);
      },
    });
    this.sink = sink;
    return sink;
  }

  /**
   * Stops looking: everything read so far, and which `initialize` was answered, for the transport taking over; what
   * is read from now on goes to the Readable from `rest()`, which must exist by then.
   */
  handOff(): FrontHandOff {
    if (!this.sink) throw new Error("StdioFront: rest() before handOff()");
    this.handedOff = true;
    this.handed.resolve();
    clearTimeout(this.timer);
    this.settle();
    if (this.ended !== undefined) this.end(this.ended);
    return { chunks: this.chunks.splice(0), answered: this.answered, written: this.writing };
  }
}

/** One parsed SSE event (comments are kept as `comment`, so keep-alives can be observed). */
export interface SseEvent {
  event?: string;
  id?: string;
  retry?: number;
  data?: string;
  comment?: string;
}

/** Reads an event-stream body incrementally, event by event (a test-side parser following the SSE spec's rules). */
export class SseReader {
  private buffer = "";
  private readonly queue: SseEvent[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  ended = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event (or comment), or undefined when the stream ended. */
  async next(): Promise<SseEvent | undefined> {
    while (this.queue.length === 0) {
      if (this.ended) return undefined;
      const { value, done } = await this.reader.read();
      if (done) {
        this.ended = true;
        this.parse(true);
      } else {
        this.buffer += this.decoder.decode(value, { stream: true });
        this.parse(false);
      }
    }
    return this.queue.shift();
  }

  /** The next real event (skipping comments) matching `pred`. */
  async nextEvent(pred: (e: SseEvent) => boolean = () => true): Promise<SseEvent | undefined> {
    for (let e = await this.next(); e; e = await this.next()) {
      if (e.comment === undefined && pred(e)) return e;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private parse(flush: boolean): void {
    const blocks = this.buffer.split(/\r\n\r\n|\n\n|\r\r/);
    this.buffer = flush ? "" : (blocks.pop() ?? "");
    for (const block of blocks) {
      if (!block) continue;
      const e: SseEvent = {};
      const data: string[] = [];
      for (const line of block.split(/\r\n|\n|\r/)) {
        if (line.startsWith(":")) {
          e.comment = line.slice(1).trim();
          continue;
        }
        const at = line.indexOf(":");
        const field = at < 0 ? line : line.slice(0, at);
        const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "event") e.event = value;
        else if (field === "id") e.id = value;
        else if (field === "retry") e.retry = Number(value);
      }
      if (data.length) e.data = data.join("\n");
      this.queue.push(e);
    }
  }
}

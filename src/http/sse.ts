import { metrics } from "../metrics.ts";
import { BoundedQueue } from "../realtime/queue.ts";

/** Interval of keep-alive comment frames on idle streams (below any sane proxy idle timeout). */
export const KEEPALIVE_MS = 15_000;

/** Response headers of every event stream we serve. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

/** One SSE frame; multi-line data becomes several `data:` lines, as the SSE spec reassembles them. */
export function sseFrame(f: { event?: string; id?: string; data: string; retry?: number }): string {
  let out = "";
  if (f.event) out += `event: ${f.event}\n`;
  if (f.id) out += `id: ${f.id}\n`;
  if (f.retry !== undefined) out += `retry: ${f.retry}\n`;
  for (const line of f.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment frame: ignored by SSE parsers, keeps proxies and Bun's idle timer from closing the stream. */
export const sseComment = (text: string) => `: ${text}\n\n`;

/** What a stream's source yields: frames to send, nothing yet (`idle`), or the end. */
export type SseSource = (waitMs: number) => Promise<string | "idle" | null>;

/**
 * A pull-driven SSE body: `first` goes out at once (Bun sends the response headers only with the first body chunk),
 * then whatever `source` yields, with a keep-alive comment whenever it stays idle for `keepAliveMs`.
 * Pulling (not pushing) means a slow reader leaves events in the source's bounded queue, not in Bun's buffers.
 */
export function sseStream(opts: {
  first: string;
  source: SseSource;
  kind: string;
  onClose?: () => void;
  keepAliveMs?: number;
}): ReadableStream<Uint8Array> {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    metrics.openStreams.dec({ kind: opts.kind });
    opts.onClose?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      metrics.openStreams.inc({ kind: opts.kind });
      controller.enqueue(encoder.encode(opts.first));
    },
    async pull(controller) {
      if (done) return;
      const next = await opts.source(opts.keepAliveMs ?? KEEPALIVE_MS);
      if (done) return;
      if (next === null) {
        finish();
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next === "idle" ? sseComment("keep-alive") : next));
    },
    cancel() {
      finish();
    },
  });
}

/** Options of `primeEventStream`. */
export interface PrimeOptions {
  /** Label of the open-streams gauge and the disconnect counter. */
  kind: string;
  /** Most chunks held for a reader that does not keep up; beyond it the stream is closed (`sse_queue_maxsize`). */
  maxQueued?: number;
  onClose?: () => void;
}

/**
 * Makes an SDK event-stream response send its headers at once (a comment frame first; Bun sends the headers only with
 * the first body chunk) and bounds what it buffers: the SDK pushes events into its stream whatever the reader does,
 * so they are drained into a bounded queue, and a reader that falls `maxQueued` chunks behind is disconnected.
 * Other responses pass through unchanged.
 */
export function primeEventStream(res: Response, o: PrimeOptions): Response {
  if (!res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
    o.onClose?.();
    return res;
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    metrics.openStreams.dec({ kind: o.kind });
    o.onClose?.();
  };
  metrics.openStreams.inc({ kind: o.kind });
  const reader = res.body.getReader();
  const END = null;
  const queue = new BoundedQueue<Uint8Array | typeof END>(o.maxQueued ?? 1000, "disconnect", () =>
    metrics.queueDisconnects.inc({ kind: o.kind }),
  );
  void (async () => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (!queue.push(r.value)) return void reader.cancel().catch(() => {});
      }
    } catch {
      // the SDK ended the stream with an error: end ours
    }
    queue.push(END);
  })();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(sseComment("stream open")));
    },
    async pull(controller) {
      const next = await queue.next();
      if ("item" in next && next.item !== END) return controller.enqueue(next.item);
      close();
      controller.close();
    },
    cancel(reason) {
      close();
      queue.close();
      return reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

import { metrics } from "../metrics.ts";

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

/**
 * Makes an SDK event-stream response send its headers at once: prefixes the body with a comment frame.
 * Other responses pass through unchanged.
 */
export function primeEventStream(res: Response, kind: string, onClose?: () => void): Response {
  if (!res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
    onClose?.();
    return res;
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    metrics.openStreams.dec({ kind });
    onClose?.();
  };
  metrics.openStreams.inc({ kind });
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(sseComment("stream open")));
    },
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          close();
          controller.close();
        } else controller.enqueue(value);
      } catch (e) {
        close();
        controller.error(e);
      }
    },
    cancel(reason) {
      close();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

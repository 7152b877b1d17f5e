import { isObject } from "../../../src/http/jsonrpc.ts";

/** The `data` of each SSE event in `text` (events split on blank lines, `data:` lines joined by newlines). */
export function sseData(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\r\n\r\n|\n\n|\r\r/)) {
    const data = block
      .split(/\r\n|\n|\r/)
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""));
    if (data.length) out.push(data.join("\n"));
  }
  return out;
}

/**
 * The JSON-RPC answer to request `id` in a Streamable HTTP response, whether the server answered with one JSON body
 * or upgraded to an event stream; undefined when there is none.
 */
export async function readRpcAnswer(res: Response, id: string | number): Promise<Record<string, unknown> | undefined> {
  const text = await res.text();
  const candidates = res.headers.get("content-type")?.startsWith("text/event-stream") ? sseData(text) : [text];
  for (const c of candidates) {
    try {
      const msg: unknown = JSON.parse(c);
      if (isObject(msg) && msg.id === id && ("result" in msg || "error" in msg)) return msg;
    } catch {
      // not JSON: an empty priming event or a comment-only chunk
    }
  }
  return undefined;
}

/** A websocket client for tests: frames queue up and `next()` awaits the next one (no timers). */
export interface WsClient {
  ws: WebSocket;
  next(): Promise<unknown>;
  closed: Promise<{ code: number; reason: string }>;
  send(data: unknown): void;
}

/** Opens a websocket to the fake with the given headers (Cookie, Origin) and waits until it is open or closed. */
export async function openWs(url: string, headers: Record<string, string>): Promise<WsClient> {
  // Bun's WebSocket accepts request headers; the DOM typings do not know the option.
  const Ctor = WebSocket as unknown as new (u: string, o: { headers: Record<string, string> }) => WebSocket;
  const ws = new Ctor(url, { headers });
  const frames: unknown[] = [];
  const waiters: ((v: unknown) => void)[] = [];
  ws.onmessage = (e) => {
    const frame = JSON.parse(String(e.data));
    const w = waiters.shift();
    if (w) w(frame);
    else frames.push(frame);
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
  });
  await Promise.race([new Promise((resolve) => ws.addEventListener("open", resolve, { once: true })), closed]);
  return {
    ws,
    closed,
    next: () => (frames.length ? Promise.resolve(frames.shift()) : new Promise((resolve) => waiters.push(resolve))),
    send: (data) => ws.send(JSON.stringify(data)),
  };
}

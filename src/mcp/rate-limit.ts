import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { SERVER_BUSY } from "./protocol-compat.ts";
import { passThrough } from "./wrap-transport.ts";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * `requests_per_minute` as a token bucket per client key: a client may burst up to the whole minute's allowance,
 * then gets one more request every 60/N seconds. 0 means unlimited. No timers: buckets refill when asked.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`: 0 when the request may proceed, else the milliseconds until one is available. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_KEYS) this.prune(now, perMs);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  /** How many clients are remembered (bounded by MAX_KEYS). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * A full bucket is as good as none: forget idle clients. If that is not enough (many busy keys), forget the
   * oldest-known down to 90% so the O(n) sweep is paid once per 10% of the table, and memory stays bounded.
   */
  private prune(now: number, perMs: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + (now - b.at) * perMs >= this.perMinute) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_KEYS * 0.9) break;
      this.buckets.delete(key);
    }
  }
}

/** The refusal of a request over the limit: which limit, how long to wait, and how to raise it. */
export function busyMessage(retryAfterSeconds: number, perMinute?: number): string {
  const limit = perMinute ? `${perMinute} requests per minute per client` : "requests per minute per client";
  return (
    `Server busy: rate limit reached (requests_per_minute: ${limit}); retry in ${retryAfterSeconds} s, ` +
    "or raise requests_per_minute in the server's configuration (0 = unlimited)"
  );
}

/** The most client keys a limiter remembers. */
const MAX_KEYS = 10_000;

// Connection housekeeping is never refused: a client must always be able to start, probe and keep alive.
const EXEMPT = new Set(["initialize", "server/discover", "ping"]);

/** Wraps a transport so requests over the limit are answered -32001 "Server busy" without reaching the server. */
export function rateLimited(inner: Transport, limiter: RateLimiter, key: string): Transport {
  const outer = passThrough(inner);
  inner.onclose = () => outer.onclose?.();
  inner.onerror = (error) => outer.onerror?.(error);
  inner.onmessage = (message: JSONRPCMessage, extra) => {
    // Transports deliver validated messages: one with a method and an id is a request (no second schema parse).
    if ("method" in message && "id" in message && !EXEMPT.has(message.method)) {
      const waitMs = limiter.take(key);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        const error = {
          code: SERVER_BUSY,
          message: busyMessage(seconds, limiter.perMinute),
          data: { retryAfterSeconds: seconds },
        };
        inner.send({ jsonrpc: "2.0", id: message.id, error }).catch((e: Error) => outer.onerror?.(e));
        return;
      }
    }
    outer.onmessage?.(message, extra);
  };
  return outer;
}

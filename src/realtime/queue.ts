/** What a full queue does with one more item: drop its oldest item, or close (the consumer is disconnected). */
export type Overflow = "drop-oldest" | "disconnect";

/** Why `next()` returned without an item. */
export type QueueWait = "timeout" | "closed" | "superseded";

/** What `next()` resolves with: an item, or why there is none. */
export type QueueNext<T> = { item: T } | { none: QueueWait };

/**
 * A bounded FIFO with one consumer at a time: memory never grows past `max` items, whatever the producer does.
 * A second `next()` supersedes the pending one, so a reconnecting stream takes over from the one it replaces.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiter?: (r: QueueNext<T>) => void;
  private isClosed = false;
  /** Items dropped (drop-oldest) or refused (disconnect) because the queue was full. */
  dropped = 0;

  constructor(
    readonly max: number,
    readonly overflow: Overflow = "drop-oldest",
    private readonly onOverflow?: (closed: boolean) => void,
  ) {
    if (!(max >= 1)) throw new RangeError(`queue size must be at least 1, got ${max}`);
  }

  get size(): number {
    return this.items.length;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Queues an item; false when the queue is closed (or was just closed by overflow). */
  push(item: T): boolean {
    if (this.isClosed) return false;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ item });
      return true;
    }
    if (this.items.length >= this.max) {
      this.dropped += 1;
      if (this.overflow === "disconnect") {
        this.onOverflow?.(true);
        this.close();
        return false;
      }
      this.items.shift();
      this.onOverflow?.(false);
    }
    this.items.push(item);
    return true;
  }

  /** The next item, waiting up to `timeoutMs` (no limit when omitted). */
  next(timeoutMs?: number): Promise<QueueNext<T>> {
    const first = this.items.shift();
    if (first !== undefined) return Promise.resolve({ item: first });
    if (this.isClosed) return Promise.resolve({ none: "closed" });
    this.waiter?.({ none: "superseded" });
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              if (this.waiter === settle) this.waiter = undefined;
              resolve({ none: "timeout" });
            }, timeoutMs);
      const settle = (r: QueueNext<T>) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiter = settle;
    });
  }

  /** Wakes the pending consumer with `superseded` without closing the queue. */
  interrupt(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ none: "superseded" });
  }

  /** Closes the queue: pending and later `next()` calls resolve `closed`; queued items are discarded. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.items.length = 0;
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ none: "closed" });
  }
}

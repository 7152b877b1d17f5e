import { createHash } from "node:crypto";
import type { Hub } from "./hub.ts";

/** A resource as the watcher compares it: what subscribers get, or `gone` once it no longer exists. */
export type Snapshot = { data: unknown } | "gone";

/** Options of a `Watcher`. */
export interface WatcherOptions {
  hub: Hub;
  /** The resource's current content; throws when it cannot be read now (Odoo down): tried again next round. */
  read: (uri: string) => Promise<Snapshot>;
  /** Pause between two rounds. */
  intervalMs?: number;
  /** Most resources read per round; a longer list is taken in turns. */
  perRound?: number;
  onError?: (uri: string, error: unknown) => void;
}

/**
 * Change detection for subscribed resources by polling: every round reads the subscribed URIs (in turns, a bounded
 * number) and publishes to the hub each one whose content changed since it was last read, with the new content as
 * `data` (`null` once the resource is gone). Odoo offers no change feed every version and protocol share.
 */
export class Watcher {
  private readonly seen = new Map<string, string>();
  private cursor = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;

  constructor(private readonly o: WatcherOptions) {}

  /** Starts the rounds (each one after the previous has finished). */
  start(): void {
    this.running = true;
    this.schedule();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.round().finally(() => this.schedule()), this.o.intervalMs ?? 5000);
    this.timer.unref?.();
  }

  /** Takes `uri`'s current content as the base later rounds compare with (on subscribing: a change right after counts). */
  async baseline(uri: string): Promise<void> {
    if (this.seen.has(uri)) return;
    await this.compare(uri, false);
  }

  /** One round: forgets URIs nobody watches any more, reads the next ones in turn, publishes the changed ones. */
  async round(): Promise<void> {
    const uris = this.o.hub.uris();
    const watched = new Set(uris);
    for (const uri of this.seen.keys()) if (!watched.has(uri)) this.seen.delete(uri);
    const count = Math.min(uris.length, this.o.perRound ?? 50);
    const from = uris.length > 0 ? this.cursor % uris.length : 0;
    const turn = [...uris.slice(from), ...uris.slice(0, from)].slice(0, count);
    this.cursor = from + count;
    for (const uri of turn) await this.compare(uri, true);
  }

  private async compare(uri: string, publish: boolean): Promise<void> {
    let now: Snapshot;
    try {
      now = await this.o.read(uri);
    } catch (e) {
      this.o.onError?.(uri, e);
      return;
    }
    // A digest, not the content: thousands of watched lists must not be kept in memory twice.
    const print = createHash("sha256")
      .update(now === "gone" ? "gone" : JSON.stringify(now.data))
      .digest("base64");
    const before = this.seen.get(uri);
    this.seen.set(uri, print);
    if (publish && before !== undefined && before !== print) this.o.hub.publish(uri, now === "gone" ? null : now.data);
  }

  /** Stops the rounds. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }
}

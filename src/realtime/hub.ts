import { metrics } from "../metrics.ts";
import { BoundedQueue } from "./queue.ts";
import {
  type HubClient,
  type HubEvent,
  HubFullError,
  type HubOptions,
  HubOwnerError,
  HubSubscriptionsError,
} from "./types.ts";

export type { HubClient, HubEvent, HubOptions } from "./types.ts";
export { HubFullError, HubOwnerError, HubSubscriptionsError } from "./types.ts";

interface Entry {
  id: string;
  owner: string;
  subscriptions: Set<string>;
  queue: BoundedQueue<HubEvent>;
  /** An MCP session's delivery (its transport bounds its own queue); unset for `/events` clients. */
  deliver?: (uri: string) => void;
  seq: number;
  attachments: number;
  detachedAt?: number;
}

/** Fans resource updates out to the clients subscribed to their URI, each through its own bounded queue. */
export class Hub {
  private readonly clients = new Map<string, Entry>();
  private readonly byUri = new Map<string, Set<string>>();
  private readonly listeners = new Set<(uri: string, data: unknown) => void>();
  private readonly watchers = new Set<() => void>();
  private streams = 0;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly options: HubOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.retentionMs, 30_000));
    this.sweeper.unref?.();
  }

  private get retentionMs(): number {
    return this.options.retentionMs ?? 5 * 60_000;
  }

  /**
   * Starts consuming `id`'s queue (creating the client when new, owned by `owner`); a previous stream of that client
   * is superseded. Throws `HubOwnerError` when the id belongs to another owner, `HubFullError` when no room is left.
   */
  attach(id: string = crypto.randomUUID(), owner = ""): { client: HubClient; resumed: boolean; detach: () => void } {
    let entry = this.clients.get(id);
    if (entry && entry.owner !== owner) throw new HubOwnerError(`client id ${id} belongs to another client`);
    const resumed = entry !== undefined;
    if (!entry) {
      if (this.streams >= (this.options.maxClients ?? 1024) && !this.evictLongestGone()) {
        throw new HubFullError("too many clients");
      }
      const kind = this.options.kind ?? "events";
      const queue = new BoundedQueue<HubEvent>(this.options.queueMax, this.options.overflow, (closed) =>
        (closed ? metrics.queueDisconnects : metrics.queueDropped).inc({ kind }),
      );
      entry = { id, owner, subscriptions: new Set(), queue, seq: 0, attachments: 0 };
      this.clients.set(id, entry);
      this.streams += 1;
    } else {
      entry.queue.interrupt();
    }
    const e = entry;
    e.attachments += 1;
    e.detachedAt = undefined;
    const generation = e.attachments;
    const client: HubClient = {
      id,
      get subscriptions() {
        return e.subscriptions;
      },
      get attached() {
        return e.detachedAt === undefined;
      },
      next: (timeoutMs) =>
        e.attachments === generation ? e.queue.next(timeoutMs) : Promise.resolve({ none: "superseded" as const }),
    };
    const detach = () => {
      if (e.attachments !== generation || e.detachedAt !== undefined || this.clients.get(id) !== e) return;
      e.detachedAt = Date.now();
      this.clients.delete(id);
      this.clients.set(id, e);
      // A stream that went away may still wait on the queue: wake it so it cannot swallow the next event.
      e.queue.interrupt();
    };
    return { client, resumed, detach };
  }

  /**
   * Registers an MCP session (or a `subscriptions/listen` stream) as client `id`: its updates go to `deliver`, and
   * its transport bounds what it queues. It lasts until `remove(id)` (the session or stream ended).
   */
  addSession(id: string, deliver: (uri: string) => void): void {
    if (this.clients.has(id)) return;
    const queue = new BoundedQueue<HubEvent>(1);
    // An owner no peer address can be: no /events request can attach to a session.
    this.clients.set(id, { id, owner: "\0session", subscriptions: new Set(), queue, seq: 0, attachments: 1, deliver });
  }

  /** Calls `fn` whenever the set of watched URIs changes (change detection wakes up); returns the unsubscribe. */
  onWatchChange(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** Whether `uri` has a subscriber that wants the new content (an `/events` client), not only the URI. */
  wantsData(uri: string): boolean {
    for (const id of this.byUri.get(uri) ?? []) if (!this.clients.get(id)?.deliver) return true;
    return false;
  }

  /** Whether client `id` is subscribed to `uri`. */
  clientSubscribed(id: string, uri: string): boolean {
    return this.clients.get(id)?.subscriptions.has(uri) ?? false;
  }

  /** How many subscriptions client `id` holds. */
  subscriptionCount(id: string): number {
    return this.clients.get(id)?.subscriptions.size ?? 0;
  }

  /** How many clients it has: MCP sessions and `/events` clients, attached or within the retention time. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Whether `id` is a known client of any owner. */
  known(id: string): boolean {
    return this.clients.has(id);
  }

  /** Whether `id` is a known client (attached, or detached within the retention time) of `owner`. */
  has(id: string, owner = ""): boolean {
    return this.clients.get(id)?.owner === owner;
  }

  /** Subscribes client `id` to `uri`; false when the client is unknown; `HubSubscriptionsError` beyond the cap. */
  subscribe(uri: string, id: string): boolean {
    const entry = this.clients.get(id);
    if (!entry) return false;
    if (!entry.subscriptions.has(uri)) {
      const max = this.options.maxSubscriptions ?? 1000;
      if (entry.subscriptions.size >= max) throw new HubSubscriptionsError(`at most ${max} subscriptions per client`);
      entry.subscriptions.add(uri);
      const set = this.byUri.get(uri) ?? new Set<string>();
      const fresh = set.size === 0;
      this.byUri.set(uri, set);
      set.add(id);
      metrics.subscriptions.inc();
      if (fresh) for (const fn of this.watchers) fn();
    }
    return true;
  }

  /** Ends client `id`'s subscription to `uri`; false when there was none. */
  unsubscribe(uri: string, id: string): boolean {
    const entry = this.clients.get(id);
    if (!entry?.subscriptions.delete(uri)) return false;
    const set = this.byUri.get(uri);
    set?.delete(id);
    metrics.subscriptions.dec();
    if (set?.size === 0) {
      this.byUri.delete(uri);
      for (const fn of this.watchers) fn();
    }
    return true;
  }

  /**
   * Queues `data` for every `/events` client subscribed to `uri`, tells every MCP session subscribed to it, and tells
   * the listeners (`subscriptions/listen` streams filter by URI themselves); returns how many clients got it.
   */
  publish(uri: string, data: unknown): number {
    metrics.published.inc();
    let delivered = 0;
    for (const id of this.byUri.get(uri) ?? []) {
      const entry = this.clients.get(id);
      if (!entry) continue;
      entry.seq += 1;
      if (entry.deliver) {
        try {
          entry.deliver(uri);
          delivered += 1;
        } catch {
          // A session whose transport is closing: its own close removes it.
        }
      } else if (entry.queue.push({ seq: entry.seq, uri, data })) delivered += 1;
      else this.remove(id);
    }
    for (const listener of this.listeners) listener(uri, data);
    return delivered;
  }

  /** Calls `fn` on every publish (other transports' notification paths); returns the unsubscribe function. */
  onPublish(fn: (uri: string, data: unknown) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Every URI with at least one subscriber (what change detection must watch). */
  uris(): string[] {
    return [...this.byUri.keys()];
  }

  /** Forgets client `id`: its subscriptions, its queue, and ends its stream. */
  remove(id: string): void {
    const entry = this.clients.get(id);
    if (!entry) return;
    for (const uri of [...entry.subscriptions]) this.unsubscribe(uri, id);
    entry.queue.close();
    this.clients.delete(id);
    if (!entry.deliver) this.streams -= 1;
  }

  /** Makes room for a new client: forgets the one whose stream has been gone longest; false when all are attached. */
  private evictLongestGone(): boolean {
    // Detaching moves a client to the end of the map, so the first detached one is the one gone longest.
    for (const e of this.clients.values()) {
      if (e.detachedAt !== undefined) {
        this.remove(e.id);
        return true;
      }
    }
    return false;
  }

  /** Removes clients whose stream has been gone longer than the retention time. */
  sweep(now = Date.now()): void {
    for (const entry of [...this.clients.values()]) {
      if (entry.detachedAt !== undefined && now - entry.detachedAt >= this.retentionMs) this.remove(entry.id);
    }
  }

  /** Ends every stream and stops the sweeper. */
  close(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.clients.keys()]) this.remove(id);
  }
}

import type { Overflow, QueueNext } from "./queue.ts";

/** One resource update queued for a client: `seq` grows per client and makes the SSE event id. */
export interface HubEvent {
  seq: number;
  uri: string;
  data: unknown;
}

/** A subscriber known to the hub: a documented-channel `/events` client. */
export interface HubClient {
  readonly id: string;
  readonly subscriptions: ReadonlySet<string>;
  /** True while a stream consumes this client's queue. */
  readonly attached: boolean;
  /** The next queued event, waiting up to `timeoutMs`; `superseded` when another stream took over the client. */
  next(timeoutMs?: number): Promise<QueueNext<HubEvent>>;
}

/** How a hub bounds its clients and their queues. */
export interface HubOptions {
  /** Bound of each client's queue (`sse_queue_maxsize`). */
  queueMax: number;
  overflow?: Overflow;
  /** How long a client whose stream went away keeps its subscriptions and queue, so a reconnect resumes. */
  retentionMs?: number;
  /**
   * Most clients known at once; a new one beyond it replaces the client gone longest, or `attach` throws
   * `HubFullError` when every client has its stream open.
   */
  maxClients?: number;
  /** Most URIs one client may subscribe to (default 1000). */
  maxSubscriptions?: number;
  /** Label for the queue metrics. */
  kind?: string;
}

/** `attach` refused: too many clients. */
export class HubFullError extends Error {}

/** `attach` refused: the client id belongs to another owner. */
export class HubOwnerError extends Error {}

/** `subscribe` refused: the client has `maxSubscriptions` already. */
export class HubSubscriptionsError extends Error {}

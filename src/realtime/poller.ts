import { metrics } from "../metrics.ts";
import { parseOdooUri } from "../resources/uri.ts";
import type { Detector } from "./detect.ts";
import type { Hub } from "./hub.ts";

/** Options of the polling loop. */
export interface PollerOptions {
  hub: Hub;
  detector: Detector;
  /** `realtime.poll_interval` in ms: the pause between rounds in the steady state. */
  intervalMs: number;
  /** `realtime.max_calls_per_minute`: rounds wait rather than exceed it. */
  maxCallsPerMinute: number;
  onError?: (error: unknown) => void;
  /** A monotonic clock in ms (tests). */
  now?: () => number;
}

/** Rounds at the faster pace after a change; the pace while changes flow is half the interval. */
const FAST_ROUNDS = 10;
/** Idle rounds (nothing changed) before the pace slows to twice the interval. */
const SLOW_AFTER = 150;
/** Longest pause while Odoo fails. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs change detection while anything is subscribed: adaptive (twice as fast while changes flow, half as fast after a
 * long quiet spell), within a budget of Odoo calls per minute, backing off while Odoo fails and resuming by itself.
 * Nothing is polled while nothing is subscribed.
 */
export class Poller {
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private inRound?: Promise<void>;
  private again = false;
  // A server that has seen no change yet polls at the interval: the slow pace is for a long quiet spell.
  private sinceChange = FAST_ROUNDS;
  /** When the last round started: rounds are spaced from start to start, so a round's own time adds no delay. */
  private startedAt?: number;
  private failures = 0;
  private readonly spent: { at: number; calls: number }[] = [];
  private readonly stopWatch: () => void;
  private recount = false;
  /** Interval override while the push bus is up (the safety net's slow pace), in ms. */
  slowIntervalMs?: number;

  constructor(private readonly o: PollerOptions) {
    // Coalesced: a thousand subscriptions in a row recount once.
    this.stopWatch = o.hub.onWatchChange(() => {
      if (this.recount) return;
      this.recount = true;
      queueMicrotask(() => {
        this.recount = false;
        this.updateWatched();
      });
    });
  }

  /** Starts polling whenever something is subscribed. */
  start(): void {
    this.running = true;
    this.schedule();
  }

  /** The pause before the next round. */
  delay(): number {
    const base = this.slowIntervalMs ?? this.o.intervalMs;
    if (this.failures > 0) return Math.max(base, Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.failures, 10)));
    const pace = this.sinceChange < FAST_ROUNDS ? base / 2 : this.sinceChange > SLOW_AFTER ? base * 2 : base;
    const since = this.startedAt === undefined ? 0 : this.now() - this.startedAt;
    return Math.max(pace - since, this.budgetWait(), 50);
  }

  /** Over budget: how long until the oldest round of the last minute no longer counts (else 0). */
  private budgetWait(): number {
    const now = this.now();
    while (this.spent.length > 0 && now - this.spent[0]!.at > 60_000) this.spent.shift();
    const used = this.spent.reduce((n, s) => n + s.calls, 0);
    return used >= this.o.maxCallsPerMinute ? 60_000 - (now - this.spent[0]!.at) : 0;
  }

  private now(): number {
    return this.o.now?.() ?? performance.now();
  }

  private schedule(delay = this.delay()): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || this.o.hub.uris().length === 0) return;
    this.timer = setTimeout(() => void this.round(), delay);
    this.timer.unref?.();
  }

  private updateWatched(): void {
    const uris = this.o.hub.uris();
    let records = 0;
    let lists = 0;
    const models = new Set<string>();
    for (const uri of uris) {
      const u = parseOdooUri(uri);
      models.add(u.model);
      if (u.kind === "list") lists += 1;
      else records += 1;
    }
    metrics.watched.set({ what: "uris" }, uris.length);
    metrics.watched.set({ what: "records" }, records);
    metrics.watched.set({ what: "lists" }, lists);
    metrics.watched.set({ what: "models" }, models.size);
    // Nothing watched: the next first subscription waits a whole pace, as the first one ever does.
    if (uris.length === 0) this.startedAt = undefined;
    // The first subscription starts the rounds; the last one's end lets the pending timer find nothing to do.
    if (this.running && this.timer === undefined && this.inRound === undefined) this.schedule();
  }

  /**
   * Runs a round now (a push arrived), within the calls-per-minute budget; one already running is followed by another
   * at once, so a burst of pushes costs at most one extra round.
   */
  poke(): void {
    if (this.inRound) {
      this.again = true;
      return;
    }
    this.schedule(this.budgetWait());
  }

  /** One round: detect, publish, account; the next is scheduled after it. */
  async round(): Promise<void> {
    if (this.inRound) return this.inRound;
    this.timer = undefined;
    const run = async () => {
      const uris = this.o.hub.uris();
      if (uris.length === 0) return;
      this.startedAt = this.now();
      const before = this.o.detector.calls;
      const { changes, errors } = await this.o.detector.round(uris);
      const calls = this.o.detector.calls - before;
      this.spent.push({ at: this.now(), calls });
      metrics.pollCalls.inc({}, calls);
      metrics.polls.inc({ outcome: errors.length > 0 ? "error" : "ok" });
      for (const e of errors) this.o.onError?.(e);
      this.failures = errors.length > 0 ? this.failures + 1 : 0;
      this.sinceChange = changes.length > 0 ? 0 : this.sinceChange + 1;
      for (const c of changes) metrics.notifications.inc({}, this.o.hub.publish(c.uri, c.data));
    };
    this.inRound = run()
      .catch((e) => {
        this.failures += 1;
        this.o.onError?.(e);
      })
      .finally(() => {
        this.inRound = undefined;
        const again = this.again;
        this.again = false;
        this.schedule(again ? this.budgetWait() : undefined);
      });
    return this.inRound;
  }

  /** Stops polling. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.stopWatch();
  }
}

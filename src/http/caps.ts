import { network } from "./guards.ts";

/** Sessions (Streamable HTTP, legacy /sse) one client may hold open; the global caps are 1,000 each. */
export const MAX_SESSIONS_PER_CLIENT = 100;
/** `/events` streams one client may hold open; the hub's global cap is 1,024. */
export const MAX_EVENT_STREAMS_PER_CLIENT = 128;

/**
 * What each client holds open, counted against a cap of its own below the global one, so that one client (an
 * address; an IPv6 peer as its /64) cannot take every session or stream.
 */
export class PerClientCap {
  private readonly held = new Map<string, number>();
  constructor(readonly max: number) {}

  /** How many slots `owner` holds. */
  count(owner: string): number {
    return this.held.get(network(owner)) ?? 0;
  }

  /** Takes a slot for `owner`: its release (safe to call twice), or undefined when `owner` holds `max` already. */
  take(owner: string): (() => void) | undefined {
    const key = network(owner);
    const count = this.held.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.held.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
    };
  }
}

/** The 503 message for a client at its own cap. */
export const perClientFull = (what: string, max: number) =>
  `Server busy: this client already has ${max} open ${what} (at most ${max} per client); close one first`;

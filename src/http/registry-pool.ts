import type { OdooMcpServer } from "../mcp/server.ts";

/** Idle registries kept for the configured user: the concurrency of a busy server (one registry is about 36 KiB). */
export const MAX_IDLE_PER_IDENTITY = 64;
/** Idle registries kept per per-user identity: up to `http.identity_cache_size` identities each keep this many. */
export const MAX_IDLE_PER_USER = 8;

/**
 * Registries for 2026-07-28 HTTP requests, reused instead of built per request (building one — tools, schemas,
 * resources, prompts — cost more than the call it served). Each serves one exchange at a time and is kept per
 * identity (its Odoo client: the configured user's, or a per-user identity's), so a registry never serves another
 * identity than the one it was built for; an identity dropped from its cache takes its idle registries with it.
 * A registry comes back only once its exchange ended with every request answered; one left with a handler running
 * (the client went away mid-call) is dropped, so nothing of that call can reach the next client.
 */
export class RegistryPool {
  private readonly idle = new WeakMap<object, OdooMcpServer[]>();

  constructor(private readonly maxIdle = MAX_IDLE_PER_IDENTITY) {}

  /** A free registry of `identity` for one exchange, built by `build` when none is idle; `keep` idle ones at most. */
  take(identity: object, build: () => OdooMcpServer, keep = this.maxIdle): OdooMcpServer {
    let list = this.idle.get(identity);
    if (!list) {
      list = [];
      this.idle.set(identity, list);
    }
    const server = list.pop() ?? build();
    server.forgetClient();

    server.onFree = () => {
      if (list.length < keep && !server.isConnected()) list.push(server);
    };
    return server;
  }

  /** Idle registries of `identity` (for tests and metrics). */
  idleCount(identity: object): number {
    return this.idle.get(identity)?.length ?? 0;
  }
}

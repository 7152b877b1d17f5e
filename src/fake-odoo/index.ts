import { type WsData, websocketHandlers } from "./bus.ts";
import { route } from "./server.ts";
import { FakeState } from "./state.ts";
import type { FakeOdoo, FakeVersion, Json } from "./types.ts";

export type { FakeBus, FakeCounters, FakeFaults, FakeOdoo, FakeUser, FakeVersion } from "./types.ts";

/** Starts a fake Odoo (17.0, 18.0 or 19.0; default 18.0) on 127.0.0.1 and a random port. */
export async function startFakeOdoo(
  options: { version?: FakeVersion; port?: number; hostname?: string } = {},
): Promise<FakeOdoo> {
  const state = new FakeState(options.version ?? "18.0");
  const hostname = options.hostname ?? "127.0.0.1";
  const server = Bun.serve<WsData>({
    hostname,
    port: options.port ?? 0,
    development: false,
    fetch: (req, srv) => route(state, req, srv),
    websocket: websocketHandlers(state, state.bus),
  });
  const url = `http://${hostname}:${server.port}`;
  state.baseUrl = url;
  return {
    url,
    port: server.port ?? 0,
    version: state.profile.version,
    database: state.profile.database,
    users: state.users,
    faults: state.faults,
    counters: state.counters,
    bus: {
      send: (channel, type, payload) => state.bus.send(channel, type, payload as Json),
      drop: () => state.bus.drop(),
      get sockets() {
        return state.bus.sockets.size;
      },
    },
    setClock: (now) => state.setClock(now),
    reset: () => state.reset(),
    stop: async () => {
      await server.stop(true);
    },
  };
}

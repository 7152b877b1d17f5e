import type { Server } from "bun";
import { handleBusHttp, upgradeWebsocket, type WsData } from "./bus.ts";
import { handleCallKw } from "./callkw.ts";
import { handleDoc } from "./doc.ts";
import { werkzeugPage } from "./http.ts";
import { handleJson2 } from "./json2.ts";
import { handleJsonRpc } from "./jsonrpc.ts";
import { handleReport } from "./report.ts";
import { handleAuthenticate, handleDestroy, handleSessionInfo } from "./session.ts";
import type { FakeState } from "./state.ts";
import { handleVersionRoutes } from "./version-routes.ts";
import { handleXmlRpc } from "./xmlrpc.ts";

type Handler = (state: FakeState, req: Request, path: string) => Promise<Response | undefined> | Response | undefined;

const ROUTES: [RegExp, Handler][] = [
  [/^\/(web\/webclient\/version_info|web\/version|json\/version)$/, handleVersionRoutes],
  [/^\/jsonrpc\/?$/, handleJsonRpc],
  [/^\/web\/session\/authenticate$/, handleAuthenticate],
  [/^\/web\/session\/get_session_info$/, handleSessionInfo],
  [/^\/web\/session\/destroy$/, handleDestroy],
  [/^\/web\/dataset\/call_kw(\/.*)?$/, handleCallKw],
  [/^\/xmlrpc\//, handleXmlRpc],
  [/^\/json(\/.*)?$/, handleJson2],
  [/^\/doc-bearer\//, handleDoc],
  [/^\/report\//, handleReport],
  [/^\/websocket\//, (state, req, path) => handleBusHttp(state, state.bus, req, path)],
];

/** Applies the injected faults; a Response (or "drop") short-circuits the request. */
async function applyFaults(state: FakeState): Promise<Response | "drop" | undefined> {
  const f = state.faults;
  if (f.latencyMs) await Bun.sleep(f.latencyMs);
  if (f.drop && f.drop > 0) {
    f.drop--;
    return "drop";
  }
  if (f.http500 && f.http500 > 0) {
    f.http500--;
    return werkzeugPage(500);
  }
  if (f.expireSessions) {
    f.expireSessions = false;
    state.sessions.clear();
  }
  return undefined;
}

/** A response whose body errors at once: Bun then closes the socket without an HTTP answer. */
function dropped(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(undefined);
      },
    }),
  );
}

/** Routes one HTTP request of the fake Odoo (websocket upgrades included). */
export async function route(state: FakeState, req: Request, server: Server<WsData>): Promise<Response | undefined> {
  state.counters.requests++;
  const fault = await applyFaults(state);
  if (fault === "drop") return dropped();
  if (fault) return fault;
  const path = new URL(req.url).pathname;
  if (path === "/websocket") return upgradeWebsocket(state, req, server);
  const checks = state.counters.passwordChecks;
  for (const [re, handler] of ROUTES) {
    if (re.test(path)) {
      const res = await handler(state, req, path);
      const cost = state.faults.credentialCheckMs;
      if (cost && state.counters.passwordChecks > checks) await Bun.sleep(cost);
      if (res && state.faults.dropAfter && state.faults.dropAfter > 0) {
        state.faults.dropAfter--;
        return dropped();
      }
      if (res) return res;
    }
  }
  return werkzeugPage(404);
}

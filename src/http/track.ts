import { LabelCap, metrics } from "../metrics.ts";
import type { HttpLog } from "./types.ts";

/** The method names a request label may carry; any other method a client sends is counted as "other". */
const KNOWN_METHODS = new Set([
  // MCP (both eras)
  "initialize",
  "ping",
  "server/discover",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "resources/subscribe",
  "resources/unsubscribe",
  "subscriptions/listen",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "notifications/initialized",
  "notifications/cancelled",
  "notifications/progress",
  "notifications/roots/list_changed",
  // the documented web channel
  "call_tool",
  "read_resource",
  "subscribe_resource",
  "unsubscribe_resource",
  "list_tools",
  "list_resources",
  "list_resource_templates",
  // what the app itself calls a request that has no method
  "batch",
  "response",
  "invalid",
]);

/**
 * Counts and times one answered request: `(transport, method, tool, started, response) => response`. Method and tool
 * names come from clients: only the known ones (`toolNames`, the MCP and web-channel methods) become label values,
 * every other one is "other", so no client can grow `/metrics`.
 */
export function requestTracker(log: HttpLog, toolNames: readonly string[]) {
  const tools = new Set(toolNames);
  const transports = new LabelCap(10);
  return (transport: string, rawMethod: string, rawTool: string, started: number, res: Response): Response => {
    const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : "other";
    const tool = rawTool === "" || tools.has(rawTool) ? rawTool : "other";
    const seconds = (performance.now() - started) / 1000;
    const labels = { transport: transports.of(transport), method };
    metrics.requests.inc({ ...labels, tool, status: String(res.status) });
    metrics.requestSeconds.observe(labels, seconds);
    log.debug("http request", { ...labels, tool, status: res.status, ms: Math.round(seconds * 1000) });
    return res;
  };
}

import { LabelCap, metrics } from "../metrics.ts";
import type { HttpLog } from "./types.ts";

/** Counts and times one answered request: `(transport, method, tool, started, response) => response`. */
export function requestTracker(log: HttpLog) {
  // Method and tool names come from clients: their label values are capped.
  const methods = new LabelCap(100);
  const tools = new LabelCap(100);
  return (transport: string, rawMethod: string, rawTool: string, started: number, res: Response): Response => {
    const method = methods.of(rawMethod);
    const tool = tools.of(rawTool);
    const seconds = (performance.now() - started) / 1000;
    metrics.requests.inc({ transport, method, tool, status: String(res.status) });
    metrics.requestSeconds.observe({ transport, method }, seconds);
    log.debug("http request", { transport, method, tool, status: res.status, ms: Math.round(seconds * 1000) });
    return res;
  };
}

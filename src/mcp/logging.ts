import type { LoggingLevel, McpServer } from "@modelcontextprotocol/server";
import type { Logger, LogLevel } from "../log.ts";
import { visibleTo } from "../trust/scoped-log.ts";
import { isModernRevision } from "./protocol-compat.ts";

const MCP_LEVEL: Record<LogLevel, LoggingLevel> = {
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warning",
  ERROR: "error",
  CRITICAL: "critical",
};
const SEVERITY: readonly LoggingLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];

/** Forwards the server's own log records to one session as `notifications/message` (2025-era MCP logging). */
export class LogForwarder {
  // Until the client picks a level, it gets what deserves attention, not the debug chatter.
  private threshold: LoggingLevel = "warning";

  constructor(
    private readonly server: McpServer,
    private readonly log: Logger,
    /** Per-user HTTP: this session's login; records of other identities are not forwarded. */
    private readonly login?: string,
  ) {
    server.server.setRequestHandler("logging/setLevel", (request) => {
      this.threshold = request.params.level;
      return {};
    });
  }

  /** Starts forwarding at the default level (the level is the connection's); returns the function that stops it. */
  start(): () => void {
    this.threshold = "warning";
    return this.log.subscribe((record) => {
      if (!visibleTo(record, this.login)) return;
      const level = MCP_LEVEL[record.level];
      if (SEVERITY.indexOf(level) < SEVERITY.indexOf(this.threshold)) return;
      // 2026-07-28 sessions have no setLevel and no unsolicited channel for log messages.
      if (!this.server.isConnected() || isModernRevision(this.server.server.getNegotiatedProtocolVersion())) return;
      this.server.server
        .notification({ method: "notifications/message", params: { level, logger: record.name, data: record.message } })
        .catch(() => {});
    });
  }
}

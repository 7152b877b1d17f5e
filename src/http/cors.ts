import { cors } from "@elysiajs/cors";
import { originAllowed } from "./guards.ts";

/** CORS for the allowed browser origins: the MCP and web-channel headers in, the session and client ids out. */
export function corsFor(allowedOrigins: readonly string[]) {
  return cors({
    origin: (request: Request) => originAllowed(request.headers.get("origin") ?? "", allowedOrigins),
    methods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowedHeaders: [
      "Content-Type",
      "Authorization",
      "Mcp-Session-Id",
      "MCP-Protocol-Version",
      "Mcp-Method",
      "Mcp-Name",
      "Last-Event-ID",
      "X-Client-Id",
    ],
    exposeHeaders: ["Mcp-Session-Id", "X-Client-Id", "WWW-Authenticate", "Retry-After"],
    // Bearer tokens travel in a header, not in cookies: no credentialed CORS needed.
    credentials: false,
    maxAge: 600,
  });
}

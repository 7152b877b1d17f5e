// The floor of the HTTP throughput figures: a bare Elysia endpoint (the server's own framework, its own process) that
// answers every POST /mcp with the body odoo-mcp answered the same call with (BARE_BODY), doing nothing else.
// bench/http.ts spawns it; imported by the bench runner it does nothing.
import { Elysia } from "elysia";

if (import.meta.main) {
  const body = process.env["BARE_BODY"] ?? "{}";
  const app = new Elysia().post("/mcp", () => new Response(body, { headers: { "content-type": "application/json" } }), {
    parse: "none",
  });
  app.listen({ hostname: "127.0.0.1", port: Number(process.env["BARE_PORT"] ?? 0), reusePort: false });
  process.stderr.write(`listening on http://127.0.0.1:${app.server?.port}\n`);
}

import { join } from "node:path";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>test host</title><link rel="icon" href="data:,">
<style>body{margin:0;background:#888;font-family:sans-serif}#column{width:420px;margin:0 auto;background:#fff}
iframe{display:block;width:100%;height:300px;border:0}</style></head>
<body><div id="column"></div><script src="/host.js"></script></body></html>`;

// Only what Streamable HTTP needs goes through: the host's own Origin and Host stay with the host.
const FORWARDED = ["content-type", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id"];

/** Serves the test host page and its script, and proxies /mcp to the odoo-mcp under test: one origin for all. */
export async function startHost(mcpUrl: string): Promise<{ url: string; stop(): void }> {
  const built = await Bun.build({ entrypoints: [join(import.meta.dir, "host.ts")], target: "browser", minify: false });
  if (!built.success || !built.outputs[0]) throw new AggregateError(built.logs, "host.ts did not build");
  const script = await built.outputs[0].text();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/") return new Response(PAGE, { headers: { "content-type": "text/html" } });
      if (url.pathname === "/host.js") return new Response(script, { headers: { "content-type": "text/javascript" } });
      if (url.pathname === "/mcp") {
        const headers = new Headers();
        for (const h of FORWARDED) {
          const v = req.headers.get(h);
          if (v) headers.set(h, v);
        }
        const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
        return fetch(new URL("/mcp", mcpUrl), { method: req.method, headers, body });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => void server.stop(true) };
}

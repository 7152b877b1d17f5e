// `odoo-mcp healthcheck`: the container health check, for images without curl.
import { readFileSync } from "node:fs";

/** The `/health` URL to ask: `--url` (a server address or its `/health` URL), else this machine's HTTP port. */
export function healthUrl(url: string | undefined, env: Record<string, string | undefined>): string {
  const base = url ?? `http://127.0.0.1:${env.ODOO_MCP_HTTP_PORT || "8080"}`;
  const parsed = new URL(base);
  if (parsed.pathname === "/" || parsed.pathname === "") parsed.pathname = "/health";
  return parsed.href;
}

/** Asks `/health` once; 0 when it answers 200 with status `ok`, else 1 with a one-line reason on stderr. */
export async function healthcheck(url: string | undefined, env = process.env, timeoutMs = 5000): Promise<number> {
  const fail = (reason: string) => {
    process.stderr.write(`odoo-mcp healthcheck: ${reason}\n`);
    return 1;
  };
  let target: string;
  try {
    target = healthUrl(url, env);
  } catch {
    return fail(`not a URL: ${url}`);
  }
  // The token, when the server has one, only adds the reason Odoo is unreachable to the answer.
  let token = env.ODOO_MCP_HTTP_AUTH_TOKEN;
  try {
    token ||= env.ODOO_MCP_HTTP_AUTH_TOKEN_FILE ? readFileSync(env.ODOO_MCP_HTTP_AUTH_TOKEN_FILE, "utf8").trim() : "";
  } catch {
    // unreadable: ask without it, the answer only carries less detail
  }
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let response: Response;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (e) {
    const reason = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String(e);
    return fail(`${target}: ${reason}`);
  }
  const text = await response.text().catch(() => "");
  let body: { status?: unknown; odoo?: { error?: unknown } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below by the status check
  }
  if (response.status === 200 && body.status === "ok") return 0;
  const detail = typeof body.odoo?.error === "string" ? `: ${body.odoo.error}` : "";
  const status = typeof body.status === "string" ? body.status : text.slice(0, 80).replace(/\s+/g, " ");
  return fail(`${target} answered HTTP ${response.status} ${status}${detail}`);
}

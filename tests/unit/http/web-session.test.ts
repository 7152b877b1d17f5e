import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { isObject } from "../../../src/http/jsonrpc.ts";
import { registryAnswer } from "../../../src/http/web-channel.ts";
import { ChannelSession, channelSession } from "../../../src/http/web-session.ts";
import { createMcpServer } from "../../../src/mcp/server.ts";
import { MAX_URI_CHARS } from "../../../src/resources/uri.ts";
import { hostileCases, type ListedTool } from "../../reliability/hostile.ts";
import { WEB_CODES } from "../../reliability/http-channels.ts";
import { type Backend, startBackend } from "../mcp/harness.ts";
import { tinyApp, tinyServer } from "./fixtures.ts";
import { callRegistry } from "./modern-call.ts";

// The web channel reaches the registry through its own in-process session (src/http/web-session.ts) instead of a
// 2026-07-28 request per call. Same registry, same rules: for every call that reaches the registry, the channel's answer
// is the one the 2026-07-28 path gives (errors included), byte for byte.

const WEB_NAMES: Record<string, string> = {
  call_tool: "tools/call",
  read_resource: "resources/read",
  list_tools: "tools/list",
  list_resources: "resources/list",
  list_resource_templates: "resources/templates/list",
};
const QUERY = { model: "res.partner", domain: [["is_company", "=", true]], fields: ["name", "email"], limit: 3 };

let backend: Backend;
let h: HttpApp;
beforeAll(async () => {
  backend = await startBackend({ version: "19.0" });
  h = tinyApp({ factory: () => createMcpServer(backend.deps), toolNames: undefined });
});
afterAll(async () => {
  await h.close();
  await backend.stop();
});

/** POST /mcp with `body` as it is (the hostile cases are not all JSON), through `app`; the answer's text. */
const post = async (body: string, app = h) =>
  (
    await app.app.handle(
      new Request("http://localhost:8080/mcp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    )
  ).text();

/** The answer the 2026-07-28 path gives a call the channel hands to the registry (its params without client_id). */
async function viaModern(body: Record<string, unknown>): Promise<string> {
  const { client_id: _c, ...params } = (body.params ?? {}) as Record<string, unknown>;
  const method = WEB_NAMES[String(body.method)] ?? String(body.method);
  const { reply } = await callRegistry(h.streamable.modern, method, params, { client: "odoo-mcp-web-channel" });
  return registryAnswer((body.id ?? null) as string | number | null, reply).text();
}

/** Whether the channel hands `body` to the registry (its own checks answer everything else, on both paths alike). */
function reachesRegistry(body: unknown): body is Record<string, unknown> {
  if (!isObject(body) || typeof body.method !== "string" || !Object.hasOwn(WEB_NAMES, body.method)) return false;
  if (body.jsonrpc !== "2.0" || !(typeof body.id === "number" || typeof body.id === "string")) return false;
  if (body.params !== undefined && !isObject(body.params)) return false;
  const p = (body.params ?? {}) as Record<string, unknown>;
  if (typeof p.name === "string" && p.name.length > 128) return false;
  return !(typeof p.uri === "string" && p.uri.length > MAX_URI_CHARS);
}

const call = (id: number, method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

describe("the web channel's session answers as the 2026-07-28 path does", () => {
  test("tools, resources, Odoo errors, invalid arguments, odd _meta", async () => {
    const bodies = [
      call(1, "call_tool", { name: "odoo_search_read", arguments: QUERY }),
      call(2, "call_tool", { name: "odoo_search_read", arguments: { ...QUERY, model: "res.partnr" } }),
      call(3, "call_tool", { name: "odoo_search_read", arguments: { ...QUERY, limit: "three" } }),
      call(4, "call_tool", { name: "odoo_read", arguments: { model: "res.partner", ids: [999999], fields: ["name"] } }),
      call(5, "call_tool", { name: "no_such_tool", arguments: {} }),
      call(6, "call_tool", {}),
      call(7, "call_tool", { name: "odoo_search_read" }),
      call(8, "call_tool", { name: "odoo_search_read", arguments: QUERY, client_id: "x" }),
      call(9, "read_resource", { uri: "odoo://res.partner/1" }),
      call(10, "read_resource", { uri: "odoo://res.partner/999999" }),
      call(11, "read_resource", { uri: "not a uri" }),
      call(12, "read_resource", {}),
      call(13, "list_tools"),
      call(14, "list_resources", {}),
      call(15, "list_resource_templates"),
      call(16, "list_tools", { cursor: "nonsense" }),
      ...[null, 0, "", [], { progressToken: {} }, { progressToken: 7 }].map((meta, i) =>
        call(20 + i, "call_tool", { name: "odoo_search_read", arguments: QUERY, _meta: meta }),
      ),
    ];
    for (const body of bodies) {
      expect({ body, answer: await post(body) }).toEqual({ body, answer: await viaModern(JSON.parse(body)) });
    }
  });

  test("every generated hostile call that reaches the registry", async () => {
    type Listed = ListedTool & { annotations?: { readOnlyHint?: boolean } };
    const listed = JSON.parse(await post(call(1, "list_tools"))) as { result: { tools: Listed[] } };
    const method = (m: string) => Object.keys(WEB_NAMES).find((k) => WEB_NAMES[k] === m) ?? m;
    const cases = hostileCases(listed.result.tools, WEB_CODES, { method, serves: (m) => method(m) !== m });
    let compared = 0;
    for (const c of cases) {
      let body: unknown;
      try {
        body = JSON.parse(c.text);
      } catch {
        continue;
      }
      if (!reachesRegistry(body)) continue;
      compared++;
      // A write creates its own record on each path: the new record's id is all that may differ.
      const name = (body.params as { name?: unknown } | undefined)?.name;
      const writes = listed.result.tools.some((t) => t.name === name && !t.annotations?.readOnlyHint);
      const created = (answer: string) => (writes ? answer.replace(/(\\?"id\\?":)\d+/g, "$1N") : answer);
      const [channel, modern] = [await post(c.text), await viaModern(body)];
      expect({ text: c.text, answer: created(channel) }).toEqual({ text: c.text, answer: created(modern) });
    }
    expect(compared).toBeGreaterThan(200);
  });
});

describe("the channel session", () => {
  test("a request no registry can be made for is answered -32603, as a failing factory is on the 2026-07-28 path", async () => {
    const failing = tinyApp({
      channelRegistry: () => Promise.reject(new Error("no credential")),
      factory: () => Promise.reject(new Error("no credential")),
    });
    const body = call(3, "list_tools");
    const answer = await post(body, failing);
    const modern = await callRegistry(failing.streamable.modern, "tools/list", {}, { client: "odoo-mcp-web-channel" });
    expect(answer).toBe(await registryAnswer(3, modern.reply).text());
    await failing.close();
  });

  test("serves concurrent calls on one registry, each answered by its own id", async () => {
    const session = await channelSession(tinyServer());
    const texts = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const replies = await Promise.all(
      texts.map((text) => session.request("tools/call", { name: "echo", arguments: { text } })),
    );
    const textOf = (r: Record<string, unknown> | undefined) =>
      (r?.result as { content?: Array<{ text: string }> } | undefined)?.content?.[0]?.text;
    expect(replies.map(textOf)).toEqual(texts);
  });

  test("an aborted HTTP request cancels its call in the registry and gets no answer", async () => {
    const server = tinyServer();
    let seen: AbortSignal | undefined;
    server.registerTool("wait", { description: "waits until cancelled" }, async (ctx) => {
      seen = ctx.mcpReq.signal;
      await new Promise((resolve) => ctx.mcpReq.signal.addEventListener("abort", resolve));
      return { content: [{ type: "text", text: "late" }] };
    });
    const session = await channelSession(server);
    const abort = new AbortController();
    const pending = session.request(
      "tools/call",
      { name: "wait" },
      new Request("http://x/mcp", { signal: abort.signal }),
    );
    while (!seen) await Bun.sleep(1);
    abort.abort();
    expect(await pending).toBeUndefined();
    expect(seen.aborted).toBe(true);
  });

  test("one session per registry; a closed session answers nothing more", async () => {
    const server = tinyServer();
    const session = await channelSession(server);
    expect(await channelSession(server)).toBe(session);
    expect(session).toBeInstanceOf(ChannelSession);
    await session.close();
    expect(await session.request("tools/list", {})).toBeUndefined();
  });
});

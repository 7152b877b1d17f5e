import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { viewPages } from "../../../src/apps/index.ts";
import { HINTS_KEY, type ViewHints } from "../../../src/apps/views/hints.ts";
import { type Backend, connect, type Session, startBackend } from "../mcp/harness.ts";

const UI_MIME = "text/html;profile=mcp-app";

test("each view's HTML is whole and under the 150 KB budget, with nothing fetched from elsewhere", async () => {
  for (const [name, html] of Object.entries(await viewPages())) {
    expect(html.length, name).toBeLessThan(150 * 1024);
    expect(html).toStartWith("<!doctype html>");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  }
}, 60_000); // from source, the first read builds the three views (a few seconds on a loaded machine)

interface Pair {
  backend: Backend;
  session: Session;
}
const open = async (enabled: boolean): Promise<Pair> => {
  const backend = await startBackend({ version: "17.0", config: { apps: { enabled } } });
  return { backend, session: await connect(backend.deps, "v2") };
};

describe("views on (the default) and off", () => {
  let on: Pair;
  let off: Pair;
  beforeAll(async () => {
    [on, off] = await Promise.all([open(true), open(false)]);
  });
  afterAll(async () => {
    for (const p of [on, off]) {
      await p.session.close();
      await p.backend.stop();
    }
  });

  test("tools name their ui:// view in _meta; with apps.enabled false, none does", async () => {
    const uris = (await on.session.client.listTools()).tools.map((t) => [t.name, (t._meta as never)?.["ui"]]);
    expect(Object.fromEntries(uris)).toMatchObject({
      odoo_search_read: { resourceUri: "ui://odoo-mcp/records.html" },
      odoo_read: { resourceUri: "ui://odoo-mcp/record.html" },
      odoo_call_method: { resourceUri: "ui://odoo-mcp/chart.html" },
      odoo_create: undefined,
    });
    expect((await off.session.client.listTools()).tools.every((t) => t._meta === undefined)).toBe(true);
  });

  test("the ui:// resources are served as MCP Apps HTML, and not at all when off", async () => {
    const read = await on.session.client.readResource({ uri: "ui://odoo-mcp/records.html" });
    expect(read.contents[0]).toMatchObject({ mimeType: UI_MIME, text: (await viewPages()).records });
    expect(off.session.client.readResource({ uri: "ui://odoo-mcp/records.html" })).rejects.toThrow();
  }, 60_000);

  test("results keep the same structuredContent and text; the view's hints ride in _meta", async () => {
    const args = { model: "res.partner", fields: ["name", "country_id", "type"], limit: 2 };
    const [a, b] = await Promise.all([
      on.session.call("odoo_search_read", args, {}),
      off.session.call("odoo_search_read", args, {}),
    ]);
    expect(a.structuredContent).toEqual(b.structuredContent as Record<string, unknown>);
    expect(a.content).toEqual(b.content);
    expect((b as { _meta?: unknown })._meta).toBeUndefined();
    const hints = (a as { _meta?: Record<string, ViewHints> })._meta?.[HINTS_KEY];
    expect(hints).toMatchObject({ tool: "odoo_search_read", model: "res.partner", major: 17, args });
    expect(hints?.web).toBe(on.backend.fake.url.replace(/\/$/, ""));
    expect(hints?.fields["country_id"]).toMatchObject({ type: "many2one", string: "Country" });
    expect(hints?.fields["type"]?.selection).toContainEqual(["invoice", "Invoice Address"]);
  });

  test("odoo_call_method carries hints only for grouped reads", async () => {
    const grouped = await on.session.call(
      "odoo_call_method",
      { model: "res.partner", method: "read_group", args: [[], ["country_id"], ["country_id"]] },
      {},
    );
    const hints = (grouped as { _meta?: Record<string, ViewHints> })._meta?.[HINTS_KEY];
    expect(hints?.fields["country_id"]?.type).toBe("many2one");
    const plain = await on.session.call("odoo_call_method", { model: "res.partner", method: "search", args: [[]] }, {});
    expect((plain as { _meta?: unknown })._meta).toBeUndefined();
  });
});

import { expect, test } from "bun:test";
import { suite, text } from "../unit/mcp/harness.ts";

// Issue 8 item 2: every path that suggests a name ("did you mean…") with huge input: answered, with a bounded message.
// The work itself is bounded by construction (tests/unit/config/suggest.test.ts counts it); here each path is reached.

const live = suite();
const HUGE = "a".repeat(1_000_000);

const paths: Array<[string, string, Record<string, unknown>]> = [
  ["fields", "odoo_search_read", { model: "res.partner", fields: [HUGE] }],
  ["order", "odoo_search_read", { model: "res.partner", order: `${HUGE} desc` }],
  ["domain field", "odoo_search_read", { model: "res.partner", domain: [[HUGE, "=", 1]] }],
  ["domain path", "odoo_search_read", { model: "res.partner", domain: [[`parent_id.${HUGE}`, "=", 1]] }],
  ["read fields", "odoo_read", { model: "res.partner", ids: [1], fields: [HUGE] }],
  ["create values", "odoo_create", { model: "res.partner", values: { name: "x", [HUGE]: 1 } }],
  ["write values", "odoo_write", { model: "res.partner", ids: [1], values: { [HUGE]: 1 } }],
  ["near-miss model", "odoo_search_read", { model: `res.partne${"r".repeat(120)}` }],
  ["method", "odoo_call_method", { model: "res.partner", method: `name_${"x".repeat(100_000)}`, args: [] }],
];

test.each(paths)("%s: a 1M-character name is refused with a bounded message", async (_path, tool, args) => {
  const result = await live.session.client.callTool({ name: tool, arguments: args });
  expect(result.isError).toBe(true);
  expect(text(result).length).toBeLessThan(2000);
});

test("a short typo still gets its suggestion on every path", async () => {
  const r = await live.session.client.callTool({
    name: "odoo_search_read",
    arguments: { model: "res.partner", fields: ["emial"] },
  });
  expect(text(r)).toContain("did you mean 'email'");
});

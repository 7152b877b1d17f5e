import { expect, test } from "bun:test";
import { join } from "node:path";

test("make demo's tour calls every tool and resource against the fake Odoo and labels it demo data", async () => {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "..", "scripts", "demo.ts")], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  expect(code).toBe(0);
  expect(out).toContain("DEMO DATA");
  expect(out).toContain("(demo data)");
  expect(out).toContain("instructions: DEMO MODE");
  for (const tool of [
    "odoo_search_read",
    "odoo_create",
    "odoo_write",
    "odoo_read",
    "odoo_call_method",
    "odoo_unlink",
    "odoo_search_count",
    "odoo_name_search",
    "odoo_list_models",
    "odoo_describe_model",
    "odoo_aggregate",
    "odoo_message_post",
    "odoo_run_report",
  ]) {
    expect(out).toContain(`→ ${tool}`);
  }
  // Exactly one tool error: the deliberate typo 'emial', answered with a suggestion.
  expect(out.match(/tool error:/g)).toHaveLength(1);
  expect(out).toContain("did you mean 'email'");
  expect(out).toContain("image/png");
  expect(out).toContain("John Doe Updated");
  expect(out).toContain("application/pdf");
  expect(out).toContain("customer_open_orders");
});

// `make demo`: a guided tour of every tool and resource against the built-in fake Odoo (odoo-mcp --demo), then how
// to keep playing. Everything shown is demo data from the fake, never a real Odoo.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const root = join(import.meta.dir, "..");
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const show = (value: unknown, max = 700) => {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
};

// The tour declares elicitation so the delete shows the approval question (approval.tools: [odoo_unlink] by default).
const client = new Client({ name: "odoo-mcp-demo-tour", version: "1.0.0" }, { capabilities: { elicitation: {} } });
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  console.log(`approval asked: ${request.params.message} — the tour answers yes`);
  return { action: "accept", content: { approve: true } };
});
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [join(root, "src", "main.ts"), "--demo", "--log-level", "WARNING"],
    stderr: "inherit",
  }),
);
const info = client.getServerVersion();
console.log(bold(`\n=== odoo-mcp demo — DEMO DATA from a built-in fake Odoo (no real Odoo involved) ===`));
console.log(`server: ${info?.name} ${info?.version}${info?.title ? ` (${info.title})` : ""}`);
console.log(`instructions: ${show(client.getInstructions() ?? "", 300)}\n`);

const { tools } = await client.listTools();
console.log(bold(`${tools.length} tools:`), tools.map((t) => t.name).join(", "));

async function call(name: string, args: Record<string, unknown>) {
  console.log(bold(`\n→ ${name} ${JSON.stringify(args)}`));
  const result = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    structuredContent?: unknown;
    content: Array<{ type: string; text?: string }>;
  };
  console.log(`${result.isError ? "tool error: " : ""}${show(result.structuredContent ?? result.content[0]?.text)}`);
  return result.structuredContent as Record<string, unknown> | undefined;
}

await call("odoo_search_read", {
  model: "res.partner",
  domain: [["is_company", "=", true]],
  fields: ["name", "email", "country_id"],
  limit: 3,
});
const created = await call("odoo_create", {
  model: "res.partner",
  values: { name: "John Doe", email: "john@example.com" },
});
const id = Number(created?.id ?? (created?.ids as number[] | undefined)?.[0]);
await call("odoo_write", { model: "res.partner", ids: [id], values: { name: "John Doe Updated" } });
await call("odoo_read", { model: "res.partner", ids: [id], fields: ["name", "email"] });
await call("odoo_call_method", { model: "res.partner", method: "name_get", args: [[id]], kwargs: {} });
await call("odoo_message_post", { model: "res.partner", id, body: "Met John at the fair: send him a quote." });
await call("odoo_unlink", { model: "res.partner", ids: [id] });
await call("odoo_search_count", { model: "res.partner", domain: [["is_company", "=", true]] });
await call("odoo_name_search", { model: "res.partner", name: "Wood", limit: 3 });
await call("odoo_list_models", { search: "partner" });
await call("odoo_describe_model", { model: "res.partner", search: "country" });
await call("odoo_aggregate", { model: "res.partner", groupby: ["country_id"], order: "__count desc", limit: 3 });
await call("odoo_run_report", { report: "web.preview_externalreport", ids: [1] });
const prompts = await client.listPrompts();
console.log(bold(`\n${prompts.prompts.length} prompts:`), prompts.prompts.map((p) => p.name).join(", "));
await call("odoo_search_read", { model: "res.partner", fields: ["emial"] });

for (const uri of ["odoo://res.partner/1", "odoo://res.partner/list?limit=3", "odoo://ir.attachment/binary/datas/1"]) {
  console.log(bold(`\n→ read ${uri}`));
  const { contents } = await client.readResource({ uri });
  const first = contents[0] as { mimeType?: string; text?: string; blob?: string };
  console.log(
    first.text !== undefined ? show(first.text, 400) : `${first.mimeType}, ${first.blob?.length} base64 characters`,
  );
}
await client.close();

console.log(bold("\n=== keep playing ==="));
console.log(
  `- Inspector:   npx @modelcontextprotocol/inspector --cli --method tools/list -- bun ${join("src", "main.ts")} --demo`,
);
console.log(
  "- HTTP:        bun src/main.ts --demo --transport sse   (then POST http://127.0.0.1:8080/mcp, GET /events)",
);
console.log('- Claude Desktop: { "command": "/path/to/odoo-mcp", "args": ["--demo"] }');
console.log("- Your own Odoo: copy config.example.yaml, then `odoo-mcp doctor --config config.yaml`.\n");

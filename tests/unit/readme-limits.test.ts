import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { ConfigSchema } from "../../src/config/schema.ts";
import { MAX_SUGGESTED_NAME } from "../../src/config/suggest.ts";
import { MAX_EVENT_STREAMS_PER_CLIENT, MAX_SESSIONS_PER_CLIENT } from "../../src/http/caps.ts";
import { MAX_IDLE_PER_IDENTITY } from "../../src/http/registry-pool.ts";
import { MAX_JSON_DEPTH } from "../../src/json-depth.ts";
import { MAX_ERROR_MESSAGE } from "../../src/mcp/protocol-compat.ts";
import { MAX_LINE_BYTES, MAX_PENDING_MESSAGES } from "../../src/mcp/stdio-transport.ts";
import { MAX_QUOTED } from "../../src/quote.ts";
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from "../../src/realtime/realtime.ts";
import { MAX_URI_CHARS } from "../../src/resources/uri.ts";
import { FAILURES_PER_MINUTE } from "../../src/trust/http-auth.ts";

// The README's "Limits" table states each bound with its default: checked against the code, so it stays true.

const readme = readFileSync(join(import.meta.dir, "..", "..", "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Limits"), readme.indexOf("\n## ", readme.indexOf("## Limits") + 1));
const rows = section
  .split("\n")
  .filter((l) => l.startsWith("| ") && !l.startsWith("| bound") && !l.startsWith("| ---"))
  .map((l) => l.split(" | ").map((c) => c.replace(/^\| | \|$/g, "")));

const n = (x: number) => x.toLocaleString("en-US");
const config = v.parse(ConfigSchema, { odoo_url: "http://odoo", database: "db", uid: "admin", password: "x" });

/** The row naming `bound`, its default cell. */
function defaultOf(bound: string): string {
  const row = rows.find((r) => r[0]?.includes(bound));
  if (!row) throw new Error(`no Limits row names ${bound}`);
  return row[1] ?? "";
}

test.each([
  ["`requests_per_minute`", `\`${config.requests_per_minute}\``],
  ["`http.max_body_bytes`", `\`${config.http.max_body_bytes}\``],
  ["JSON nesting", `${MAX_JSON_DEPTH} levels`],
  ["stdio line", `${MAX_LINE_BYTES / 2 ** 20} MiB`],
  ["stdio requests unanswered", `${MAX_PENDING_MESSAGES} messages`],
  ["Streamable HTTP sessions", `${MAX_SESSIONS_PER_CLIENT} per client`],
  ["legacy `/sse` sessions", `${MAX_SESSIONS_PER_CLIENT} per client`],
  ["`/events` streams", `${MAX_EVENT_STREAMS_PER_CLIENT} per client`],
  ["`sse_queue_maxsize`", `\`${config.sse_queue_maxsize}\``],
  ["subscriptions per client", n(MAX_SUBSCRIPTIONS_PER_CLIENT)],
  ["`limits.default_limit`", `\`${config.limits.default_limit}\` / \`${config.limits.max_limit}\``],
  ["`limits.binary_max_bytes`", `\`${config.limits.binary_max_bytes}\``],
  ["resource URI", `${n(MAX_URI_CHARS)} characters`],
  ["quoted client text", `${MAX_QUOTED} characters; an error message ${n(MAX_ERROR_MESSAGE)}`],
  ['"did you mean"', `up to ${MAX_SUGGESTED_NAME} characters`],
  ["failed credentials", `${FAILURES_PER_MINUTE} per address and minute`],
  ["`http.identity_cache_size`", `\`${config.http.identity_cache_size}\` / \`${config.http.identity_idle_seconds}\` s`],
  ["idle registries", `${MAX_IDLE_PER_IDENTITY} per identity`],
  ["`realtime.max_calls_per_minute`", `\`${config.realtime.max_calls_per_minute}\``],
  ["`audit.max_bytes`", `\`${config.audit.max_bytes}\` / \`${config.audit.backups}\``],
  ["`timeout`", `\`${config.timeout}\` s`],
])("README Limits: %s is %s", (bound, value) => {
  expect(defaultOf(bound)).toContain(value);
});

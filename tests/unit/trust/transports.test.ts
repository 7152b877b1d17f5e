import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SseTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1StreamableTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import type { RunningHttp } from "../../../src/http/serve.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { VERSION } from "../../../src/version.ts";
import { type LiveHttp, startLiveHttp } from "../../support/live-http.ts";

// The policy's tool list, method rules and approval, on every HTTP transport of 17, 18 and 19 (stdio: policy.test.ts
// and approval.test.ts). A profile picks a stricter policy for the demo login (per-user identity).

type Transport = "streamable-2025" | "streamable-2026" | "legacy-sse" | "web-channel";
const TRANSPORTS: Transport[] = ["streamable-2025", "streamable-2026", "legacy-sse", "web-channel"];
/** What the audit trail calls each transport, and the client it names there. */
const AUDITED: Record<Transport, { transport: string; client: string }> = {
  "streamable-2025": { transport: "streamable-http-2025", client: "t/1" },
  "streamable-2026": { transport: "streamable-http-2026", client: "t/1" },
  "legacy-sse": { transport: "sse", client: "t/1" },
  "web-channel": { transport: "web-channel", client: `odoo-mcp-web-channel/${VERSION}` },
};
type Result = { isError?: boolean; content?: Array<{ text?: string }> };
const textOf = (r: Result) => (r.content ?? []).map((c) => c.text ?? "").join("");
const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;

interface Caller {
  tools(): Promise<string[]>;
  call(name: string, args: Record<string, unknown>): Promise<Result>;
  close(): Promise<void>;
}

async function open(base: string, transport: Transport, authorization: string, approve?: boolean): Promise<Caller> {
  const headers = { authorization };
  if (transport === "web-channel") {
    const post = async (method: string, params: Record<string, unknown>) => {
      const res = await fetch(`${base}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return ((await res.json()) as { result: Record<string, unknown> }).result;
    };
    return {
      tools: async () => ((await post("list_tools", {})).tools as Array<{ name: string }>).map((t) => t.name),
      call: async (name, args) => (await post("call_tool", { name, arguments: args })) as Result,
      close: async () => {},
    };
  }
  const caps = approve === undefined ? {} : { capabilities: { elicitation: { form: {} } } };
  const answer = async () => (approve ? { action: "accept", content: { approve: true } } : { action: "decline" });
  let client: V1Client | Client;
  if (transport === "streamable-2026") {
    const c = new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } }, ...caps });
    if (approve !== undefined) c.setRequestHandler("elicitation/create", answer as never);
    await c.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
    client = c;
  } else {
    const c = new V1Client({ name: "t", version: "1" }, caps);
    if (approve !== undefined) c.setRequestHandler(ElicitRequestSchema, answer as never);
    const url = new URL(`${base}/${transport === "legacy-sse" ? "sse" : "mcp"}`);
    await c.connect(
      transport === "legacy-sse"
        ? new V1SseTransport(url, {
            requestInit: { headers },
            eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }) },
          })
        : new V1StreamableTransport(url, { requestInit: { headers } }),
    );
    client = c;
  }
  const any = client as unknown as {
    listTools(): Promise<{ tools: Array<{ name: string }> }>;
    callTool(p: unknown): Promise<Result>;
  };
  return {
    tools: async () => (await any.listTools()).tools.map((t) => t.name),
    call: (name, args) => any.callTool({ name, arguments: args }),
    close: () => client.close(),
  };
}

describe.each(["17.0", "18.0", "19.0"] as FakeVersion[])("policy and approval over HTTP (Odoo %s)", (version) => {
  let live: LiveHttp;
  let running: RunningHttp;
  let raw: OdooClient;
  const audit = join(mkdtempSync(join(tmpdir(), "odoo-mcp-audit-")), "audit.jsonl");
  const audited = () =>
    readFileSync(audit, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  beforeAll(async () => {
    live = await startLiveHttp(
      {
        http: { identity: "per_user" },
        requests_per_minute: 0,
        logging: { handlers: [] },
        audit: { file: audit },
        policy: {
          methods: { deny: ["res.partner:action_archive"] },
          profiles: [{ logins: ["demo"], read_only: true }],
        },
      },
      version,
    );
    ({ running, odoo: raw } = live);
  });
  afterAll(async () => {
    await live?.stop();
  });
  const exists = async (id: number) =>
    (await raw.executeKw<number>("res.partner", "search_count", [[["id", "=", id]]])) === 1;
  const partner = (name: string) => raw.executeKw<number>("res.partner", "create", [{ name }]);

  for (const transport of TRANSPORTS) {
    test(`${transport}: methods.deny, approval refused without elicitation, a read-only profile by login`, async () => {
      const admin = await open(running.url, transport, basic("admin", "admin"));
      try {
        expect(await admin.tools()).toContain("odoo_unlink");
        const archived = await admin.call("odoo_call_method", {
          model: "res.partner",
          method: "action_archive",
          args: [[1]],
        });
        expect(textOf(archived)).toContain("methods.deny");
        // The audit line names the transport precisely and the client as it introduced itself.
        const line = audited().find(
          (l) => l.method === "action_archive" && l.transport === AUDITED[transport].transport,
        );
        expect(line).toMatchObject({ identity: "admin", outcome: "refused", client: AUDITED[transport].client });
        const id = await partner(`Kept over ${transport}`);
        const refused = await admin.call("odoo_unlink", { model: "res.partner", ids: [id] });
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toContain("needs a person's approval");
        expect(await exists(id)).toBe(true);
      } finally {
        await admin.close();
      }
      const demo = await open(running.url, transport, basic("demo", "demo"));
      try {
        const tools = await demo.tools();
        expect(tools).toContain("odoo_search_read");
        expect(tools).not.toContain("odoo_write");
        expect(tools).not.toContain("odoo_unlink");
        const write = await demo.call("odoo_call_method", {
          model: "res.partner",
          method: "write",
          args: [[3], { name: "x" }],
        });
        expect(textOf(write)).toContain("read-only");
      } finally {
        await demo.close();
      }
    });

    if (transport !== "web-channel") {
      test(`${transport}: a declined approval changes nothing, an accepted one deletes`, async () => {
        const id = await partner(`Asked over ${transport}`);
        const no = await open(running.url, transport, basic("admin", "admin"), false);
        const declined = await no.call("odoo_unlink", { model: "res.partner", ids: [id] });
        await no.close();
        expect(textOf(declined)).toContain("Nothing was changed");
        expect(await exists(id)).toBe(true);
        const yes = await open(running.url, transport, basic("admin", "admin"), true);
        const done = await yes.call("odoo_unlink", { model: "res.partner", ids: [id] });
        await yes.close();
        expect(done.isError).toBeFalsy();
        expect(await exists(id)).toBe(false);
      });
    }
  }
});

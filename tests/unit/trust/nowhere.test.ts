import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SseTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1StreamableTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { type RunningHttp, startHttp } from "../../../src/http/serve.ts";
import { createLogger } from "../../../src/log.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { webCall } from "../../support/live-http.ts";
import { SseReader } from "../http/sse-reader.ts";
import { connect } from "../mcp/harness.ts";

// Every output path, on every transport and version, with a denied field and a denied model: neither the denied
// names nor the denied values appear anywhere — tools, resources, binary reads, completions, errors, suggestions,
// subscriptions — and naming them is refused without showing them.

const POLICY = {
  models: { deny: ["res.users"] },
  fields: { deny: ["res.partner:email*", "res.partner:phone*", "res.partner:image*"] },
};

/** One way of talking to the registry: tool calls, resource reads, completions (where the transport has them). */
interface Caller {
  tool(name: string, args: Record<string, unknown>): Promise<unknown>;
  read(uri: string): Promise<unknown>;
  complete?(uri: string, name: string, value: string, context?: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}

type SdkClient = {
  callTool(p: unknown): Promise<unknown>;
  readResource(p: unknown): Promise<unknown>;
  complete(p: unknown): Promise<unknown>;
  close(): Promise<void>;
};
const caught = (p: Promise<unknown>) =>
  p.catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
const sdkCaller = (c: SdkClient): Caller => ({
  tool: (name, args) => caught(c.callTool({ name, arguments: args })),
  read: (uri) => caught(c.readResource({ uri })),
  complete: (uri, name, value, context) =>
    caught(
      c.complete({
        ref: { type: "ref/resource", uri },
        argument: { name, value },
        ...(context ? { context: { arguments: context } } : {}),
      }),
    ),
  close: () => c.close(),
});

function webCaller(base: string, authorization?: string): Caller {
  const post = (method: string, params: Record<string, unknown>) =>
    webCall(base, method, params, authorization ? { authorization } : {});
  return {
    tool: (name, args) => post("call_tool", { name, arguments: args }),
    read: (uri) => post("read_resource", { uri }),
    close: async () => {},
  };
}

const TRANSPORTS = ["stdio", "streamable-2025", "streamable-2026", "legacy-sse", "web-channel"] as const;

/** Opens a client; `authorization`: the HTTP clients' own credential (per-user identity). */
async function open(
  transport: (typeof TRANSPORTS)[number],
  base: string,
  deps: Parameters<typeof connect>[0],
  authorization?: string,
) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  if (transport === "web-channel") return webCaller(base, authorization);
  if (transport === "stdio") {
    const s = await connect(deps, "v1");
    return { ...sdkCaller(s.client as unknown as SdkClient), close: () => s.close() };
  }
  if (transport === "streamable-2026") {
    const c = new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await c.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
    return sdkCaller(c as unknown as SdkClient);
  }
  const c = new V1Client({ name: "t", version: "1" });
  await c.connect(
    transport === "legacy-sse"
      ? new V1SseTransport(new URL(`${base}/sse`), {
          requestInit: { headers },
          eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }) },
        })
      : new V1StreamableTransport(new URL(`${base}/mcp`), { requestInit: { headers } }),
  );
  return sdkCaller(c as unknown as SdkClient);
}

/** Rows of the hidden model's records kept elsewhere: an attachment and a chatter message of a res.users record. */
interface HiddenRows {
  attachment: number;
  message: number;
  /** The attachment storing res.partner 3's image_1920 (a denied field). */
  fieldAttachment?: number;
  /** The chatter notification logging res.partner 3's tracked changes, and its tracking rows of denied fields. */
  tracking?: { message: number; denied: number[] };
}

/** Everything a client can get back about res.partner and the models, without naming a denied thing. */
async function everyOutput(c: Caller, hidden: HiddenRows): Promise<unknown[]> {
  const tools: Array<[string, Record<string, unknown>]> = [
    ["odoo_search_read", { model: "ir.attachment", fields: ["name", "res_model", "datas"] }],
    ["odoo_search_read", { model: "ir.attachment", domain: [["res_id", "=", 2]] }],
    ["odoo_read", { model: "ir.attachment", ids: [hidden.attachment] }],
    ["odoo_read", { model: "ir.attachment", ids: [hidden.fieldAttachment ?? 0] }],
    ["odoo_search_read", { model: "ir.attachment", domain: [["res_field", "ilike", "image_19"]] }],
    ["odoo_search_read", { model: "ir.attachment", domain: [["res_field", "!=", false]], fields: ["datas"] }],
    ["odoo_name_search", { model: "ir.attachment", name: "hidden" }],
    ["odoo_aggregate", { model: "ir.attachment", groupby: ["res_model"] }],
    ["odoo_call_method", { model: "ir.attachment", method: "search", args: [[]] }],
    ["odoo_call_method", { model: "mail.message", method: "search_read", args: [[]], kwargs: { fields: ["body"] } }],
    ["odoo_call_method", { model: "mail.message", method: "read", args: [[hidden.message]] }],
    ["odoo_call_method", { model: "mail.message", method: "name_search", args: ["hidden"] }],
    ["odoo_search_read", { model: "res.partner", limit: 50 }],
    ["odoo_search_read", { model: "res.partner", fields: ["emial"] }],
    ["odoo_read", { model: "res.partner", ids: [1, 3, 9, 10] }],
    ["odoo_read", { model: "res.partner", ids: [999999] }],
    ["odoo_search_count", { model: "res.partner" }],
    ["odoo_name_search", { model: "res.partner", name: "a" }],
    ["odoo_list_models", {}],
    ["odoo_list_models", { search: "res" }],
    ["odoo_describe_model", { model: "res.partner" }],
    ["odoo_describe_model", { model: "res.user" }],
    ["odoo_search_read", { model: "res.user" }],
    ["odoo_aggregate", { model: "res.partner", groupby: ["country_id"] }],
    ["odoo_call_method", { model: "res.partner", method: "read", args: [[1, 3]] }],
    ["odoo_call_method", { model: "res.partner", method: "fields_get", args: [] }],
    ["odoo_call_method", { model: "res.partner", method: "search_read", args: [[]] }],
    [
      "odoo_call_method",
      { model: "res.partner", method: "web_search_read", args: [[]], kwargs: { specification: {} } },
    ],
    ["odoo_call_method", { model: "res.partner", method: "name_get", args: [[1]] }],
    ["odoo_call_method", { model: "ir.model", method: "search_read", args: [[]], kwargs: { fields: ["model"] } }],
    ["odoo_call_method", { model: "ir.model.fields", method: "search_read", args: [[["model", "=", "res.partner"]]] }],
    ["odoo_call_method", { model: "ir.model.fields", method: "name_search", args: ["mail"] }],
    ["odoo_write", { model: "res.partner", ids: [3], values: { name: "Mitchell Admin" } }],
    // The chatter's tracked changes: old and new values of the denied email/phone, of the relation to res.users.
    ["odoo_search_read", { model: "mail.tracking.value" }],
    ["odoo_search_count", { model: "mail.tracking.value" }],
    ["odoo_read", { model: "mail.tracking.value", ids: hidden.tracking?.denied ?? [0] }],
    ["odoo_aggregate", { model: "mail.tracking.value", groupby: ["field_id"] }],
    ["odoo_name_search", { model: "mail.tracking.value", name: "" }],
    [
      "odoo_call_method",
      { model: "mail.tracking.value", method: "read_group", args: [[], ["field_id"], ["field_id"]] },
    ],
    [
      "odoo_call_method",
      {
        model: "mail.message",
        method: "web_read",
        args: [[hidden.tracking?.message ?? 0]],
        kwargs: {
          specification: { tracking_value_ids: { fields: { field_id: {}, new_value_char: {}, old_value_char: {} } } },
        },
      },
    ],
    // 17's chatter format (18 and 19 have no message_format: an error that must not show a value either).
    ["odoo_call_method", { model: "mail.message", method: "message_format", args: [[hidden.tracking?.message ?? 0]] }],
  ];
  const out: unknown[] = [];
  for (const [name, args] of tools) out.push(await c.tool(name, args));
  for (const uri of [
    "odoo://res.partner/1",
    "odoo://res.partner/3",
    "odoo://res.partner/list?limit=100",
    "odoo://res.partner/binary/imgae_1920/1",
    "odoo://res.user/2",
    `odoo://ir.attachment/${hidden.attachment}`,
    `odoo://ir.attachment/binary/datas/${hidden.attachment}`,
    `odoo://ir.attachment/binary/datas/${hidden.fieldAttachment ?? 0}`,
    "odoo://ir.attachment/list",
    `odoo://mail.message/${hidden.message}`,
    "odoo://mail.message/list",
    "odoo://mail.tracking.value/list",
    `odoo://mail.tracking.value/${hidden.tracking?.denied[0] ?? 0}`,
  ]) {
    out.push(await c.read(uri));
  }
  if (c.complete) {
    out.push(await c.complete("odoo://{model}/{id}", "model", "res"));
    out.push(await c.complete("odoo://{model}/{id}", "model", "user"));
    out.push(await c.complete("odoo://{model}/binary/{field}/{id}", "field", "", { model: "res.partner" }));
    out.push(await c.complete("odoo://{model}/binary/{field}/{id}", "field", "im", { model: "res.partner" }));
  }
  return out;
}

// 19 once more with per-user identity, each HTTP client holding only its bearer API key (JSON-2 names the user).
describe.each([
  ["17.0", "shared"],
  ["18.0", "shared"],
  ["19.0", "shared"],
  ["19.0", "bearer"],
] as Array<[FakeVersion, "shared" | "bearer"]>)(
  "a denied field and model appear nowhere (Odoo %s, %s identity)",
  (version, identity) => {
    let bearer: string | undefined;
    let odoo: FakeOdoo;
    let running: RunningHttp;
    let raw: OdooClient;
    let deps: Parameters<typeof connect>[0];
    let secrets: string[] = [];
    let hidden: HiddenRows;
    beforeAll(async () => {
      odoo = await startFakeOdoo({ version });
      const config = v.parse(ConfigSchema, {
        odoo_url: odoo.url,
        database: odoo.database,
        uid: odoo.users.admin.login,
        password: odoo.users.admin.password,
        connection_type: "sse",
        http: { port: 0, identity: identity === "bearer" ? "per_user" : "shared" },
        // Per-user: each identity polls on its own (the test waits for its round rather than running one).
        ...(identity === "bearer" ? { realtime: { poll_interval: 0.2 } } : {}),
        requests_per_minute: 0,
        logging: { handlers: [] },
        policy: POLICY,
      });
      const log = createLogger(config.logging, { stderr: { write() {} } });
      raw = odooClientFromConfig(config, log);
      deps = { config, odoo: raw, log };
      running = await startHttp({ config, odoo: raw, log, demo: false });
      if (identity === "bearer") bearer = `Bearer ${odoo.users.admin.apiKey}`;
      // The values the policy hides, read around it: none of them may come back through the server.
      const rows = await raw.executeKw<Array<Record<string, unknown>>>("res.partner", "search_read", [[]], {
        fields: ["email", "phone"],
        context: { active_test: false },
      });
      secrets = rows.flatMap((r) => [r.email, r.phone]).filter((x): x is string => typeof x === "string" && x !== "");
      const logins = await raw.executeKw<Array<{ login: string }>>("res.users", "search_read", [[]], {
        fields: ["login"],
      });
      secrets.push(...logins.map((u) => u.login).filter((l) => l !== "admin" && l.length > 3));
      // An attachment and a chatter message of a hidden model's record (res.users): never shown, like the model.
      const content = "hidden users attachment content";
      hidden = {
        attachment: await raw.executeKw<number>("ir.attachment", "create", [
          { name: "hidden-users-file.txt", res_model: "res.users", res_id: 2, datas: btoa(content) },
        ]),
        message: await raw.executeKw<number>("mail.message", "create", [
          { model: "res.users", res_id: 2, body: "<p>hidden users note</p>", subject: "hidden users subject" },
        ]),
      };
      // An attachment storing a denied binary field's value (attachment=True fields keep it in ir.attachment).
      const image = "partner image bytes kept as an attachment";
      hidden.fieldAttachment = await raw.executeKw<number>("ir.attachment", "create", [
        { name: "image_1920", res_model: "res.partner", res_id: 3, res_field: "image_1920", datas: btoa(image) },
      ]);
      secrets.push("hidden-users-file", btoa(content), "hidden users note", "hidden users subject", btoa(image));
      // Tracked changes of denied fields (email, phone) and of the relation to the hidden res.users (user_id), next to
      // one of a visible field (vat) that must come through.
      await raw.executeKw("res.partner", "write", [
        [3],
        { email: "tracked.secret@example.com", phone: "+32 TRACKED 0", user_id: 2, vat: "BE0TRACKED" },
      ]);
      const tracking = await raw.executeKw<
        Array<{ id: number; field_id: [number, string]; mail_message_id: [number, string] }>
      >("mail.tracking.value", "search_read", [[]], { fields: ["field_id", "mail_message_id"] });
      hidden.tracking = {
        message: tracking[0]!.mail_message_id[0],
        denied: tracking.filter((r) => !r.field_id[1].startsWith("Tax ID")).map((r) => r.id),
      };
      expect(hidden.tracking.denied).toHaveLength(3);
      // The old values (partner 3's email and phone before) are among the secrets read above.
      secrets.push("tracked.secret@example.com", "+32 TRACKED 0");
      expect(secrets.length).toBeGreaterThan(5);
    });
    afterAll(async () => {
      await running?.stop();
      await raw?.close();
      await odoo?.stop();
    });

    const leaks = (text: string) => [
      ...["res.users", '"email', '"phone', '"image_1920"', "'email", "'phone", "'image"].filter((w) =>
        text.includes(w),
      ),
      ...secrets.filter((s) => text.includes(s)),
    ];

    for (const transport of TRANSPORTS) {
      test(`${transport}: tools, resources, binaries, completions, errors and suggestions`, async () => {
        const c = await open(transport, running.url, deps, bearer);
        try {
          const outputs = await everyOutput(c, hidden);
          const text = JSON.stringify(outputs);
          expect(leaks(text)).toEqual([]);
          // The paths did answer: a search found partners, the model list found res.partner.
          expect(text).toContain("Deco Addict");
          expect(text).toContain("res.partner");
          expect(text).toContain("company_logo.png");
          expect(text).toContain("BE0TRACKED");
          // Naming a denied field or model is refused, and the refusal shows no value.
          for (const [name, args] of [
            ["odoo_read", { model: "res.partner", ids: [1], fields: ["email"] }],
            ["odoo_search_read", { model: "res.partner", domain: [["email", "ilike", "@"]] }],
            ["odoo_write", { model: "res.partner", ids: [3], values: { phone: "+32 0" } }],
            ["odoo_aggregate", { model: "res.partner", groupby: ["email"] }],
            ["odoo_search_read", { model: "res.partner", order: "email desc" }],
            ["odoo_search_read", { model: "res.users" }],
            // Dotted paths: the denied field of the model a step reaches, a hidden model further along.
            ["odoo_search_read", { model: "res.partner", domain: [["parent_id.email", "ilike", "@"]] }],
            ["odoo_search_count", { model: "res.partner", domain: [["parent_id.user_id.login", "=", "demo"]] }],
            ["odoo_search_read", { model: "res.partner", order: "parent_id.phone" }],
            // The hidden model's attachment is missing, as far as the client can tell, and cannot be written.
            ["odoo_read", { model: "ir.attachment", ids: [hidden.attachment] }],
            ["odoo_write", { model: "ir.attachment", ids: [hidden.attachment], values: { description: "x" } }],
            ["odoo_create", { model: "ir.attachment", values: { name: "x", res_model: "res.users", res_id: 2 } }],
          ] as const) {
            const refused = JSON.stringify(await c.tool(name, args));
            expect(refused).toContain("isError");
            expect(secrets.filter((s) => refused.includes(s))).toEqual([]);
          }
          for (const uri of ["odoo://res.partner/binary/image_1920/1", "odoo://res.users/2"]) {
            const refused = JSON.stringify(await c.read(uri));
            expect(refused).toMatch(/not available|No field/);
            expect(refused).not.toContain("base64");
            expect(secrets.filter((s) => refused.includes(s))).toEqual([]);
          }
        } finally {
          await c.close();
        }
      });
    }

    test("subscriptions: the update pushed on /events carries no denied field", async () => {
      const auth: Record<string, string> = bearer ? { authorization: bearer } : {};
      const events = await fetch(`${running.url}/events`, { headers: { accept: "text/event-stream", ...auth } });
      const reader = new SseReader(events.body as ReadableStream<Uint8Array>);
      const first = await reader.nextEvent();
      const clientId = (JSON.parse(first?.data ?? "{}") as { params: { client_id: string } }).params.client_id;
      const web = webCaller(running.url, bearer);
      const post = (method: string, params: Record<string, unknown>) => webCall(running.url, method, params, auth);
      expect(await post("subscribe_resource", { uri: "odoo://res.partner/3", client_id: clientId })).toMatchObject({
        result: { subscribed: true },
      });
      // A hidden model's attachment cannot be watched: it is missing, as for a read.
      const refused = await post("subscribe_resource", {
        uri: `odoo://ir.attachment/${hidden.attachment}`,
        client_id: clientId,
      });
      expect(JSON.stringify(refused)).toContain("does not exist");
      await web.tool("odoo_write", { model: "res.partner", ids: [3], values: { name: `Renamed on ${version}` } });
      await running.http.realtime!.poller.round();
      const update = await reader.nextEvent((e) => e.event === "notifications/resources/updated");
      expect(update?.data).toContain(`Renamed on ${version}`);
      expect(leaks(update?.data ?? "")).toEqual([]);
      await reader.close();
    });
  },
);

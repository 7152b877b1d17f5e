import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SseTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as V1StreamableTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { type RunningHttp, startHttp } from "../../../src/http/serve.ts";
import { createLogger } from "../../../src/log.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { groupsOf } from "../../../src/trust/who.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";
import { fakeConfig } from "../../support/odoo.ts";
import { SseReader } from "../http/sse-reader.ts";
import { connect, startBackend } from "../mcp/harness.ts";

// Policy profiles chosen by Odoo group membership, implied groups included (read once at login): the administrator
// has Access Rights only through Settings (on 19 only all_group_ids says so), the demo user is an employee. First
// match wins: the administrator may do everything but delete, the employee only read.
const POLICY = {
  profiles: [
    { groups: ["base.group_erp_manager"], tools: { disabled: ["odoo_unlink"] } },
    { groups: ["base.group_user"], read_only: true },
  ],
};
/** Whether the tool list is the administrator's profile (writes, no delete) or the employee's (reads only). */
const profileOf = (tools: string[]) =>
  tools.includes("odoo_write") && !tools.includes("odoo_unlink")
    ? "administrator"
    : !tools.includes("odoo_write") && tools.includes("odoo_search_read")
      ? "employee"
      : `neither: ${tools.join(", ")}`;
const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;
const VERSIONS: FakeVersion[] = ["17.0", "18.0", "19.0"];

describe.each(VERSIONS)("Odoo groups in the fake (%s)", (version) => {
  let odoo: FakeOdoo;
  let raw: OdooClient;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version });
    const config = fakeConfig(odoo, {
      logging: { handlers: [] },
    });
    raw = odooClientFromConfig(config, createLogger(config.logging, { stderr: { write() {} } }));
  });
  afterAll(async () => {
    await raw?.close();
    await odoo?.stop();
  });

  test("users' groups as the series stores them: groups_id up to 18, group_ids and all_group_ids from 19", async () => {
    const fields = await raw.executeKw<Record<string, unknown>>("res.users", "fields_get", [], {
      attributes: ["type", "relation"],
    });
    const [admin] = await raw.executeKw<Array<Record<string, unknown>>>("res.users", "read", [[2]], {
      fields: version === "19.0" ? ["group_ids", "all_group_ids"] : ["groups_id"],
    });
    if (version === "19.0") {
      expect(Object.keys(fields)).not.toContain("groups_id");
      expect(fields.group_ids).toMatchObject({ type: "many2many", relation: "res.groups" });
      // Assigned by hand: Settings and Contact Creation; Settings implies Access Rights, which implies User.
      expect(admin?.group_ids).toEqual([6, 4]);
      expect(admin?.all_group_ids).toEqual([1, 4, 5, 6]);
    } else {
      expect(Object.keys(fields)).not.toContain("group_ids");
      expect(admin?.groups_id).toEqual([1, 4, 5, 6]);
    }
    const implied = await raw.executeKw<Array<{ implied_ids: number[] }>>("res.groups", "read", [[6]], {
      fields: ["implied_ids"],
    });
    expect(implied[0]?.implied_ids).toEqual([5]);
  });

  test("groupsOf gives XML ids, implied groups included", async () => {
    expect([...(await groupsOf(raw, 2))].sort()).toEqual([
      "base.group_erp_manager",
      "base.group_partner_manager",
      "base.group_system",
      "base.group_user",
    ]);
    expect([...(await groupsOf(raw, odoo.users.demo.uid))].sort()).toEqual([
      "base.group_partner_manager",
      "base.group_user",
    ]);
  });
});

describe.each(VERSIONS)("a profile chosen by group, over stdio as the configured user (Odoo %s)", (version) => {
  for (const user of ["admin", "demo"] as const) {
    test(`${user}: ${user === "admin" ? "the Access Rights profile (an implied group)" : "the read-only profile"}`, async () => {
      const backend = await startBackend({ version, user, config: { policy: POLICY } });
      const s = await connect(backend.deps, "v1");
      try {
        const tools = (await s.client.listTools()).tools.map((t) => t.name);
        expect(profileOf(tools)).toBe(user === "admin" ? "administrator" : "employee");
      } finally {
        await s.close();
        await backend.stop();
      }
    });
  }
});

type Transport = "streamable-2025" | "streamable-2026" | "legacy-sse" | "web-channel";
const TRANSPORTS: Transport[] = ["streamable-2025", "streamable-2026", "legacy-sse", "web-channel"];

/** The tool names listed to `authorization` over one HTTP transport. */
async function toolsOver(base: string, transport: Transport, authorization: string): Promise<string[]> {
  const headers = { authorization };
  if (transport === "web-channel") {
    const res = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "list_tools", params: {} }),
    });
    return ((await res.json()) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
  }
  const client =
    transport === "streamable-2026"
      ? new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } })
      : new V1Client({ name: "t", version: "1" });
  const url = new URL(`${base}/${transport === "legacy-sse" ? "sse" : "mcp"}`);
  const t =
    transport === "streamable-2026"
      ? new StreamableHTTPClientTransport(url, { requestInit: { headers } })
      : transport === "legacy-sse"
        ? new V1SseTransport(url, {
            requestInit: { headers },
            eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }) },
          })
        : new V1StreamableTransport(url, { requestInit: { headers } });
  await (client as V1Client).connect(t as never);
  try {
    return (await (client as V1Client).listTools()).tools.map((x) => x.name);
  } finally {
    await client.close();
  }
}

describe.each(VERSIONS)("a profile chosen by group, per-user HTTP (Odoo %s)", (version) => {
  let odoo: FakeOdoo;
  let running: RunningHttp;
  let shared: OdooClient;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version });
    const config = fakeConfig(odoo, {
      http: { identity: "per_user" },
      requests_per_minute: 0,
      logging: { handlers: [] },
      policy: POLICY,
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    shared = odooClientFromConfig(config, log);
    running = await startHttp({ config, odoo: shared, log, demo: false });
  });
  afterAll(async () => {
    await running?.stop();
    await shared?.close();
    await odoo?.stop();
  });

  for (const transport of TRANSPORTS) {
    test(`${transport}: the administrator gets its group's profile, the employee the read-only one`, async () => {
      const { admin, demo } = odoo.users;
      expect(profileOf(await toolsOver(running.url, transport, basic(admin.login, admin.apiKey)))).toBe(
        "administrator",
      );
      expect(profileOf(await toolsOver(running.url, transport, basic(demo.login, demo.password)))).toBe("employee");
      if (version === "19.0") {
        expect(profileOf(await toolsOver(running.url, transport, `Bearer ${demo.apiKey}`))).toBe("employee");
        expect(profileOf(await toolsOver(running.url, transport, `Bearer ${admin.apiKey}`))).toBe("administrator");
      }
    });
  }
});

describe("the configured user's profile also governs what /events pushes (shared HTTP)", () => {
  test("a field its profile denies is not in the pushed record, though the global policy allows it", async () => {
    const odoo = await startFakeOdoo({ version: "18.0" });
    const config = fakeConfig(odoo, {
      requests_per_minute: 0,
      logging: { handlers: [] },
      policy: { profiles: [{ groups: ["base.group_system"], fields: { deny: ["res.partner:email"] } }] },
    });
    const log = createLogger(config.logging, { stderr: { write() {} } });
    const raw = odooClientFromConfig(config, log);
    const running = await startHttp({ config, odoo: raw, log, demo: false });
    try {
      const events = await fetch(`${running.url}/events`, { headers: { accept: "text/event-stream" } });
      const reader = new SseReader(events.body as ReadableStream<Uint8Array>);
      const first = await reader.nextEvent();
      const clientId = (JSON.parse(first?.data ?? "{}") as { params: { client_id: string } }).params.client_id;
      const post = async (method: string, params: Record<string, unknown>) =>
        (
          await fetch(`${running.url}/mcp`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
          })
        ).json();
      expect(await post("subscribe_resource", { uri: "odoo://res.partner/3", client_id: clientId })).toMatchObject({
        result: { subscribed: true },
      });
      await raw.executeKw("res.partner", "write", [
        [3],
        { name: "Renamed by profile test", email: "kept@secret.test" },
      ]);
      await running.http.realtime?.poller.round();
      const update = await reader.nextEvent((e) => e.event === "notifications/resources/updated");
      expect(update?.data).toContain("Renamed by profile test");
      expect(update?.data).not.toContain("kept@secret.test");
      expect(update?.data).not.toContain('"email"');
      await reader.close();
    } finally {
      await running.stop();
      await raw.close();
      await odoo.stop();
    }
  });
});

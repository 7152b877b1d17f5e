import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as V2Client } from "@modelcontextprotocol/client";
import { StdioClientTransport as V2Stdio } from "@modelcontextprotocol/client/stdio";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as V1Stdio } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import { TOOLS } from "../../src/tools/index.ts";
import { ensureBinary } from "./binary.ts";

let odoo: FakeOdoo;
let binary: string;
const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-e2e-"));

/** Writes a config file for the fake Odoo; `extra` lines are appended verbatim. */
function configFile(name: string, extra = ""): string {
  const path = join(dir, name);
  const { admin } = odoo.users;
  writeFileSync(
    path,
    `odoo_url: ${odoo.url}\ndatabase: ${odoo.database}\nuid: ${admin.login}\npassword: ${admin.password}\n` +
      `logging:\n  level: DEBUG\n${extra}`,
  );
  return path;
}

beforeAll(async () => {
  [odoo, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
}, 120_000);
afterAll(() => odoo?.stop());

type AnyClient = {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  readResource(p: { uri: string }): Promise<{ contents: Array<Record<string, unknown>> }>;
  listResourceTemplates(): Promise<{ resourceTemplates: Array<{ uriTemplate: string }> }>;
  close(): Promise<void>;
};

// Resource-not-found is -32002 for 2025-era clients and -32602 from 2026-07-28 on (SEP-2164).
const clients: Array<[string, number, (config: string) => Promise<AnyClient>]> = [
  [
    "v1 SDK client (2025-era hosts)",
    -32002,
    async (config) => {
      const client = new V1Client({ name: "e2e-v1", version: "1.0.0" });
      await client.connect(new V1Stdio({ command: binary, args: ["--config", config], stderr: "pipe" }));
      return client as unknown as AnyClient;
    },
  ],
  [
    "v2 client (2026-07-28)",
    -32602,
    async (config) => {
      const client = new V2Client({ name: "e2e-v2", version: "1.0.0" });
      await client.connect(new V2Stdio({ command: binary, args: ["--config", config], stderr: "pipe" }));
      return client as unknown as AnyClient;
    },
  ],
];

const text = (result: unknown) =>
  ((result as { content: Array<{ type: string; text?: string }> }).content[0]?.text ?? "") as string;

describe.each(clients)("the compiled binary over stdio with the %s", (_label, notFound, connect) => {
  let client: AnyClient;
  beforeAll(async () => {
    odoo.reset();
    // The documented round trip deletes without a person's approval (its default is tested in tests/unit/trust).
    client = await connect(configFile("plain.yaml", "approval:\n  tools: []\n"));
  }, 30_000);
  afterAll(() => client?.close());

  test("lists every tool and the three resource templates", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    expect(tools.map((t) => t.name)).toContain("odoo_call_method");
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "odoo://{model}/binary/{field}/{id}",
      "odoo://{model}/list",
      "odoo://{model}/{id}",
    ]);
  });

  test("every documented tool call works as written", async () => {
    const found = (await client.callTool({
      name: "odoo_search_read",
      arguments: {
        model: "res.partner",
        domain: [["active", "=", true]],
        fields: ["name", "email"],
        limit: 10,
        offset: 0,
      },
    })) as { structuredContent: { records: Array<{ id: number; name: string }> }; isError?: boolean };
    expect(found.isError).toBeFalsy();
    expect(found.structuredContent.records.length).toBeGreaterThan(0);
    expect(JSON.parse(text(found))).toEqual(found.structuredContent);

    const created = (await client.callTool({
      name: "odoo_create",
      arguments: { model: "res.partner", values: { name: "John Doe", email: "john@example.com" } },
    })) as { structuredContent: { id?: number; ids?: number[] } };
    const id = created.structuredContent.id ?? created.structuredContent.ids?.[0];
    expect(typeof id).toBe("number");

    const written = (await client.callTool({
      name: "odoo_write",
      arguments: { model: "res.partner", ids: [id], values: { name: "John Doe Updated" } },
    })) as { isError?: boolean };
    expect(written.isError).toBeFalsy();

    const read = (await client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: [id], fields: ["name", "email"] },
    })) as { structuredContent: { records: Array<{ name: string; email: string }> } };
    expect(read.structuredContent.records[0]).toMatchObject({ name: "John Doe Updated", email: "john@example.com" });

    const names = await client.callTool({
      name: "odoo_call_method",
      arguments: { model: "res.partner", method: "name_get", args: [[id]], kwargs: {} },
    });
    expect(text(names)).toContain("John Doe Updated");

    const unlinked = (await client.callTool({
      name: "odoo_unlink",
      arguments: { model: "res.partner", ids: [id] },
    })) as {
      isError?: boolean;
    };
    expect(unlinked.isError).toBeFalsy();
    const gone = (await client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [id] } })) as {
      isError?: boolean;
    };
    expect(text(gone)).toContain(String(id));
  });

  test("the slips models make are understood: a Python domain string, fields as text, one id, nulls", async () => {
    const found = (await client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", domain: "[('name', '=', 'YourCompany')]", fields: "name,email", limit: null },
    })) as { structuredContent: { records: Array<{ id: number; name: string }> } };
    expect(found.structuredContent.records.map((r) => r.name)).toEqual(["YourCompany"]);
    const read = (await client.callTool({
      name: "odoo_read",
      arguments: { model: "res.partner", ids: String(found.structuredContent.records[0]?.id), fields: ["name"] },
    })) as { structuredContent: { records: Array<{ name: string }> } };
    expect(read.structuredContent.records[0]?.name).toBe("YourCompany");
  });

  test("Odoo failures come back as readable tool errors", async () => {
    const bad = (await client.callTool({
      name: "odoo_search_read",
      arguments: { model: "res.partner", fields: ["emial"] },
    })) as { isError?: boolean };
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("email");
    const priv = (await client.callTool({
      name: "odoo_call_method",
      arguments: { model: "res.partner", method: "_compute_display_name", args: [], kwargs: {} },
    })) as { isError?: boolean };
    expect(priv.isError).toBe(true);
    expect(text(priv).toLowerCase()).toContain("private");
  });

  test("reads the three resource kinds, and a bad URI is resource-not-found", async () => {
    const record = await client.readResource({ uri: "odoo://res.partner/1" });
    expect(record.contents[0]?.mimeType).toBe("application/json");
    expect(JSON.parse(String(record.contents[0]?.text))).toMatchObject({ id: 1 });
    const list = await client.readResource({ uri: "odoo://res.partner/list" });
    expect(String(list.contents[0]?.text)).toContain("YourCompany");
    const blob = await client.readResource({ uri: "odoo://ir.attachment/binary/datas/1" });
    expect(typeof blob.contents[0]?.blob).toBe("string");
    expect(String(blob.contents[0]?.mimeType)).toMatch(/\//);
    for (const uri of ["odoo://res.partner/abc", "odoo://no.such.model/1", "odoo://res.partner/999999"]) {
      const error = await client.readResource({ uri }).then(
        () => undefined,
        (e: { code?: number; message?: string }) => e,
      );
      expect(error?.code).toBe(notFound);
      expect(error?.message).toContain(uri);
    }
  });
});

describe("the stdio process", () => {
  test("stdout carries only JSON-RPC, initialize is answered before Odoo's login completes, and EOF ends it cleanly", async () => {
    odoo.reset();
    odoo.faults.latencyMs = 1500;
    const proc = Bun.spawn([binary, "--config", configFile("slow.yaml")], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    proc.stdin.write(`${JSON.stringify(init)}\n`);
    await proc.stdin.flush();
    const reader = proc.stdout.getReader();
    const { value } = await reader.read();
    const first = new TextDecoder().decode(value);
    // The answer arrived while the fake was still holding the login for 1.5 s.
    expect(odoo.counters.sessionLogins).toBe(0);
    const message = JSON.parse(first.trim().split("\n")[0] as string);
    expect(message).toMatchObject({ jsonrpc: "2.0", id: 1, result: { serverInfo: { name: expect.any(String) } } });
    proc.stdin.end();
    const rest = await new Response(
      new ReadableStream({
        async pull(controller) {
          const chunk = await reader.read();
          if (chunk.done) controller.close();
          else controller.enqueue(chunk.value);
        },
      }),
    ).text();
    for (const line of `${first}${rest}`.split("\n").filter((l) => l.trim())) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(await proc.exited).toBe(0);
    odoo.faults.latencyMs = 0;
  });

  test("a login failure is reported on the first call as a readable error and retried on the next", async () => {
    odoo.reset();
    const path = join(dir, "badpw.yaml");
    writeFileSync(path, `odoo_url: ${odoo.url}\ndatabase: ${odoo.database}\nuid: admin\npassword: wrong\n`);
    const client = new V1Client({ name: "e2e", version: "1" });
    await client.connect(new V1Stdio({ command: binary, args: ["--config", path], stderr: "pipe" }));
    const first = (await client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } })) as {
      isError?: boolean;
    };
    expect(first.isError).toBe(true);
    expect(text(first).toLowerCase()).toMatch(/login|credential|password|access denied/);
    const attempts = odoo.counters.sessionLogins + odoo.counters.commonAuthenticates;
    await client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } });
    expect(odoo.counters.sessionLogins + odoo.counters.commonAuthenticates).toBeGreaterThan(attempts);
    await client.close();
  });

  test("a configuration error names the key and the file, on stderr, with exit code 2", async () => {
    const path = join(dir, "typo.yaml");
    writeFileSync(path, `odoo_url: ${odoo.url}\ndatabse: x\nuid: admin\npassword: admin\n`);
    const proc = Bun.spawn([binary, "--config", path], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stdout).text()).toBe("");
    const err = await new Response(proc.stderr).text();
    expect(err).toContain("typo.yaml:2");
    expect(err).toContain("databse");
    expect(err).toContain("database");
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { type Backend, connect, type Flavour, type Session, startBackend } from "./harness.ts";

let backend: Backend;
let session: Session | undefined;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.stop());
afterEach(async () => {
  backend.fake.reset();
  await session?.close();
  session = undefined;
});

type LogParams = { level: string; logger?: string; data: unknown };
const logs = (messages: JSONRPCMessage[]): LogParams[] =>
  messages.flatMap((m) =>
    "method" in m && m.method === "notifications/message" ? [m.params as unknown as LogParams] : [],
  );

async function failingCall(flavour: Flavour): Promise<Session> {
  session = await connect(backend.deps, flavour);
  return session;
}

const dropOdoo = () => {
  backend.fake.faults.drop = 10;
};
const readPartner = (s: Session) =>
  s.client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1], fields: ["name"] } });

describe("MCP logging (2025-era clients)", () => {
  test("the logging capability is declared", async () => {
    const s = await failingCall("v1");
    const init = s.received.find((m) => "id" in m && m.id === 0 && "result" in m) as {
      result: Record<string, unknown>;
    };
    expect(init.result["capabilities"]).toMatchObject({ logging: {} });
  });

  test("a failing Odoo call reaches the client as a warning notifications/message", async () => {
    const s = await failingCall("v1");
    dropOdoo();
    expect((await readPartner(s)).isError).toBe(true);
    const warning = logs(s.received).find((l) => l.level === "warning");
    expect(warning?.logger).toStartWith("odoo_mcp.");
    expect(String(warning?.data)).toContain("res.partner.read failed");
  });

  test("without logging/setLevel only warnings and above are forwarded", async () => {
    const s = await failingCall("v1");
    await readPartner(s);
    backend.log.info("an info line");
    backend.log.warning("a warning line");
    await s.client.listResourceTemplates(); // a round trip: everything sent before it has arrived
    const forwarded = logs(s.received).map((l) => l.data);
    expect(forwarded).toContain("a warning line");
    expect(forwarded).not.toContain("an info line");
  });

  test("logging/setLevel moves the threshold both ways", async () => {
    const s = await failingCall("v2");
    await s.client.setLoggingLevel("debug");
    backend.log.debug("debug now visible");
    await s.client.setLoggingLevel("error");
    backend.log.warning("warning now hidden");
    backend.log.error("error still visible");
    await s.client.listResourceTemplates();
    const forwarded = logs(s.received).map((l) => l.data);
    expect(forwarded).toContain("debug now visible");
    expect(forwarded).toContain("error still visible");
    expect(forwarded).not.toContain("warning now hidden");
  });

  test("a session subscribes to the logger while connected and unsubscribes when it closes", async () => {
    let active = 0;
    const log = {
      ...backend.log,
      subscribe: (listener: Parameters<typeof backend.log.subscribe>[0]) => {
        active++;
        const off = backend.log.subscribe(listener);
        return () => {
          active--;
          off();
        };
      },
    };
    const s = await connect({ ...backend.deps, log }, "v1");
    expect(active).toBe(1);
    await s.close();
    expect(active).toBe(0);
  });

  test("2026-07-28 sessions get no unsolicited log messages", async () => {
    const s = await failingCall("v2-modern");
    backend.log.error("not for modern sessions");
    await readPartner(s);
    await s.client.listResourceTemplates();
    expect(logs(s.received)).toEqual([]);
  });
});

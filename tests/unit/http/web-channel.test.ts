import { describe, expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { openEvents as openEventsFor } from "../../../src/http/events.ts";
import { handleWebCall } from "../../../src/http/web-channel.ts";
import { postMcp, tinyApps } from "./fixtures.ts";
import { SseReader } from "./sse-reader.ts";

// The documented web channel, in-process through app.handle: JSON POST /mcp without a handshake, and GET /events.

const make = tinyApps();
const post = postMcp;

const openEvents = async (h: HttpApp, query = "", headers: Record<string, string> = {}) => {
  const res = await h.app.handle(new Request(`http://localhost:8080/events${query}`, { headers }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toStartWith("text/event-stream");
  const reader = new SseReader(res.body!);
  const established = await reader.nextEvent();
  expect(established?.event).toBe("notifications/connection/established");
  const data = JSON.parse(established!.data!);
  return { reader, clientId: data.params.client_id as string, data, established: established! };
};

describe("documented channel: POST /mcp", () => {
  test("the documentation's call_tool request (no id, no handshake) is answered with id null", async () => {
    const h = make();
    const res = await post(h, {
      jsonrpc: "2.0",
      method: "call_tool",
      params: { name: "echo", arguments: { text: "hello" } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      result: { content: [{ type: "text", text: "hello" }] },
    });
  });

  test("ids are echoed; MCP method names work on this channel too", async () => {
    const h = make();
    const res = await post(h, {
      jsonrpc: "2.0",
      id: "a-1",
      method: "tools/call",
      params: { name: "echo", arguments: { text: "x" } },
    });
    expect(await res.json()).toMatchObject({ id: "a-1", result: { content: [{ text: "x" }] } });
    const ping = await post(h, { jsonrpc: "2.0", id: 7, method: "ping" });
    expect(await ping.json()).toEqual({ jsonrpc: "2.0", id: 7, result: {} });
  });

  test("list_tools, read_resource and list_resources answer plain MCP results (no 2026 wire fields)", async () => {
    const h = make();
    const tools = (await (await post(h, { jsonrpc: "2.0", id: 1, method: "list_tools" })).json()) as {
      result: Record<string, unknown> & { tools: Array<{ name: string }> };
    };
    expect(tools.result.tools.map((t) => t.name)).toEqual(["echo"]);
    expect(Object.keys(tools.result)).toEqual(["tools"]);
    const read = await post(h, {
      jsonrpc: "2.0",
      id: 2,
      method: "read_resource",
      params: { uri: "odoo://res.partner/7" },
    });
    expect(await read.json()).toMatchObject({
      id: 2,
      result: { contents: [{ uri: "odoo://res.partner/7", text: JSON.stringify({ model: "res.partner", id: "7" }) }] },
    });
    const list = await post(h, { jsonrpc: "2.0", id: 3, method: "list_resources" });
    expect(await list.json()).toEqual({ jsonrpc: "2.0", id: 3, result: { resources: [] } });
  });

  test("errors use the documented codes: -32003 method, -32004 params, -32002 request", async () => {
    const h = make();
    const unknown = await post(h, { jsonrpc: "2.0", id: 1, method: "call_tol" });
    expect(await unknown.json()).toMatchObject({
      id: 1,
      error: { code: -32003, message: expect.stringContaining("call_tol") },
    });
    const noTool = await post(h, {
      jsonrpc: "2.0",
      id: 2,
      method: "call_tool",
      params: { name: "nope", arguments: {} },
    });
    expect(await noTool.json()).toMatchObject({ id: 2, error: { code: -32004 } });
    const badParams = await post(h, { jsonrpc: "2.0", id: 3, method: "call_tool", params: [1] });
    expect(await badParams.json()).toMatchObject({ id: 3, error: { code: -32004 } });
    const badVersion = await post(h, { jsonrpc: "1.0", id: 4, method: "list_tools" });
    expect(badVersion.status).toBe(400);
    expect(await badVersion.json()).toMatchObject({ id: 4, error: { code: -32002 } });
    for (const id of [{ x: 1 }, [1], true]) {
      const badId = await post(h, { jsonrpc: "2.0", id, method: "ping" });
      expect(badId.status).toBe(400);
      expect(await badId.json()).toMatchObject({
        id: null,
        error: { code: -32002, message: expect.stringContaining("id") },
      });
    }
  });

  test("a body that is no request (1, {}, a method that is no string) is the channel's -32002, HTTP 400", async () => {
    const h = make();
    for (const body of [1, "x", true, null, {}, { jsonrpc: "2.0" }, { jsonrpc: "2.0", id: 5, method: 1 }]) {
      const res = await post(h, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: -32002, message: expect.stringContaining("request") } });
    }
    // A response is MCP's (docs: who gets what), not this channel's.
    const response = await post(h, { jsonrpc: "2.0", id: 1, result: {} });
    expect(((await response.json()) as { error: { code: number } }).error.code).not.toBe(-32002);
  });

  test("an unknown method's name is quoted, not repeated whole", async () => {
    const h = make();
    const res = await post(h, { jsonrpc: "2.0", id: 1, method: `m${"x".repeat(100_000)}` });
    const { error } = (await res.json()) as { error: { code: number; message: string } };
    expect(error.code).toBe(-32003);
    expect(error.message.length).toBeLessThan(1_000);
    expect(error.message).toContain("100001 characters");
  });

  test("a missing resource is -32002 Resource not found with its uri, as on 2025-era MCP connections", async () => {
    const h = make();
    const res = await post(h, { jsonrpc: "2.0", id: 9, method: "read_resource", params: { uri: "odoo://nothing" } });
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      id: 9,
      error: { code: -32002, message: expect.stringContaining("odoo://nothing"), data: { uri: "odoo://nothing" } },
    });
  });

  test("a tool that rejects its arguments answers an isError result (the model can act on it)", async () => {
    const h = make();
    const res = await post(h, {
      jsonrpc: "2.0",
      id: 1,
      method: "call_tool",
      params: { name: "echo", arguments: { text: 5 } },
    });
    expect(await res.json()).toMatchObject({ id: 1, result: { isError: true } });
  });

  test("a 2025 initialize is MCP, not this channel: it opens a session", async () => {
    const h = make();
    const res = await post(
      h,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      },
      { Accept: "application/json, text/event-stream" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("mcp-session-id")).toBeTruthy();
  });
});

describe("documented channel: GET /events", () => {
  test("first event is connection/established with the documented envelope and a client id", async () => {
    const h = make();
    const { data, established, reader } = await openEvents(h);
    expect(data).toEqual({
      jsonrpc: "2.0",
      method: "notifications/connection/established",
      params: { client_id: expect.any(String), resumed: false },
    });
    expect(established.id).toBe(`${data.params.client_id}:0`);
    await reader.close();
  });

  test("subscribe_resource ties the URI to the client's stream; a publish arrives as resources/updated", async () => {
    const h = make();
    const { reader, clientId } = await openEvents(h);
    const sub = await post(
      h,
      { jsonrpc: "2.0", id: 1, method: "subscribe_resource", params: { uri: "odoo://res.partner/1" } },
      { "X-Client-Id": clientId },
    );
    expect(await sub.json()).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: { uri: "odoo://res.partner/1", client_id: clientId, subscribed: true },
    });
    expect(h.hub.publish("odoo://res.partner/1", { id: 1, name: "Azure Interior" })).toBe(1);
    const ev = await reader.nextEvent();
    expect(ev?.event).toBe("notifications/resources/updated");
    expect(ev?.id).toBe(`${clientId}:1`);
    expect(JSON.parse(ev!.data!)).toEqual({
      jsonrpc: "2.0",
      method: "notifications/resources/updated",
      params: { uri: "odoo://res.partner/1", data: { id: 1, name: "Azure Interior" } },
    });
    // client_id as a param works too; after unsubscribing, only the other URI's update arrives
    await post(h, {
      jsonrpc: "2.0",
      id: 2,
      method: "subscribe_resource",
      params: { uri: "odoo://res.partner/2", client_id: clientId },
    });
    await post(h, {
      jsonrpc: "2.0",
      id: 3,
      method: "unsubscribe_resource",
      params: { uri: "odoo://res.partner/1", client_id: clientId },
    });
    h.hub.publish("odoo://res.partner/1", "not for you");
    h.hub.publish("odoo://res.partner/2", "for you");
    expect(JSON.parse((await reader.nextEvent())!.data!).params).toEqual({
      uri: "odoo://res.partner/2",
      data: "for you",
    });
    await reader.close();
  });

  test("subscribing needs the id of an open stream and an odoo:// URI", async () => {
    const h = make();
    const noClient = await post(h, {
      jsonrpc: "2.0",
      id: 1,
      method: "subscribe_resource",
      params: { uri: "odoo://res.partner/1" },
    });
    expect(await noClient.json()).toMatchObject({
      id: 1,
      error: { code: -32004, message: expect.stringContaining("client_id") },
    });
    const unknown = await post(h, {
      jsonrpc: "2.0",
      id: 2,
      method: "subscribe_resource",
      params: { uri: "odoo://res.partner/1", client_id: "nobody" },
    });
    expect(await unknown.json()).toMatchObject({ error: { code: -32004 } });
    const { reader, clientId } = await openEvents(h);
    const badUri = await post(h, {
      jsonrpc: "2.0",
      id: 3,
      method: "subscribe_resource",
      params: { uri: "file:///etc/passwd", client_id: clientId },
    });
    expect(await badUri.json()).toMatchObject({ error: { code: -32004, message: expect.stringContaining("odoo://") } });
    for (const uri of ["odoo://", "odoo://res.partner/abc", "odoo://../etc/1", "odoo://x/binary/1"]) {
      const res = await post(h, {
        jsonrpc: "2.0",
        id: 4,
        method: "subscribe_resource",
        params: { uri, client_id: clientId },
      });
      expect(await res.json()).toMatchObject({ error: { code: -32004 } });
    }
    await reader.close();
  });

  test("a reconnect with Last-Event-ID resumes the client: subscriptions kept, updates queued meanwhile delivered", async () => {
    const h = make();
    const first = await openEvents(h);
    await post(
      h,
      { jsonrpc: "2.0", method: "subscribe_resource", params: { uri: "odoo://res.partner/3" } },
      { "X-Client-Id": first.clientId },
    );
    await first.reader.close();
    h.hub.publish("odoo://res.partner/3", "while away");
    const again = await openEvents(h, "", { "Last-Event-ID": `${first.clientId}:0` });
    expect(again.clientId).toBe(first.clientId);
    expect(again.data.params.resumed).toBe(true);
    expect(JSON.parse((await again.reader.nextEvent())!.data!).params.data).toBe("while away");
    await again.reader.close();
  });

  test("a client id belongs to the address that opened it: another address can neither take it nor subscribe it", async () => {
    const h = make();
    const mine = openEventsFor(new Request("http://localhost:8080/events?client_id=dash"), h.hub, "10.0.0.1");
    expect(mine.status).toBe(200);
    const claim = openEventsFor(new Request("http://localhost:8080/events?client_id=dash"), h.hub, "10.0.0.2");
    expect(claim.status).toBe(409);
    expect(await claim.json()).toMatchObject({ error: { code: -32004 } });
    // a browser reconnect naming it (Last-Event-ID) is not refused: it gets a client of its own
    const reconnect = openEventsFor(
      new Request("http://localhost:8080/events", { headers: { "Last-Event-ID": "dash:3" } }),
      h.hub,
      "10.0.0.2",
    );
    const reconnected = new SseReader(reconnect.body!);
    const own = JSON.parse((await reconnected.nextEvent())!.data!).params;
    expect(own.client_id).not.toBe("dash");
    expect(own.resumed).toBe(false);
    const sub = { jsonrpc: "2.0", id: 1, method: "subscribe_resource", params: { uri: "odoo://res.partner/1" } };
    const other = await handleWebCall(
      new Request("http://localhost:8080/mcp", { method: "POST", headers: { "X-Client-Id": "dash" } }),
      sub,
      h.channel,
      { hub: h.hub, owner: "10.0.0.2" },
    );
    expect(await other.json()).toMatchObject({ error: { code: -32004 } });
    expect(h.hub.publish("odoo://res.partner/1", 1)).toBe(0);
    await mine.body?.cancel();
    await reconnected.close();
  });

  test("a reconnect with a Last-Event-ID that names no valid client starts a new one", async () => {
    const h = make();
    const { clientId, data, reader } = await openEvents(h, "", { "Last-Event-ID": "not a client:7" });
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.params.resumed).toBe(false);
    await reader.close();
  });

  test("a client may name itself with ?client_id=, and bad ids are refused", async () => {
    const h = make();
    const named = await openEvents(h, "?client_id=dashboard-1");
    expect(named.clientId).toBe("dashboard-1");
    await named.reader.close();
    const bad = await h.app.handle(new Request("http://localhost:8080/events?client_id=a%20b"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32004 } });
  });
});

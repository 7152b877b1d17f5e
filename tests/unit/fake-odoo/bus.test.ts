import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { login } from "./replay-request.ts";
import { executeKw, post } from "./rpc.ts";
import { openWs } from "./ws-client.ts";

let fake: FakeOdoo;
beforeAll(async () => {
  fake = await startFakeOdoo({ version: "19.0" });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const wsUrl = () => `${fake.url.replace("http", "ws")}/websocket?version=19.0-1`;

describe("websocket bus", () => {
  test("refuses a handshake without Origin", async () => {
    const cookie = await login(fake, "admin");
    const res = await fetch(`${fake.url}/websocket`, {
      headers: {
        Cookie: cookie,
        Upgrade: "websocket",
        Connection: "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
      },
    });
    expect(res.status).toBe(400);
    await res.text();
  });

  test("closes with 4001 (session expired) without a logged-in session", async () => {
    const client = await openWs(wsUrl(), { Origin: fake.url });
    expect((await client.closed).code).toBe(4001);
  });

  test("delivers bus.send on subscribed channels; plain writes send nothing", async () => {
    const cookie = await login(fake, "admin");
    const client = await openWs(wsUrl(), { Cookie: cookie, Origin: fake.url });
    client.send({ event_name: "subscribe", data: { channels: ["my_channel"], last: 0 } });
    expect((await executeKw(fake, "res.partner", "write", [[9], { name: "Acme Corp." }])).result).toBe(true);
    fake.bus.send("other_channel", "ignored", {});
    fake.bus.send("my_channel", "mcp/record_changed", { model: "res.partner", id: 9 });
    const frame = (await client.next()) as { id: number; message: unknown }[];
    expect(frame).toHaveLength(1);
    expect(frame[0]!.message).toEqual({ type: "mcp/record_changed", payload: { model: "res.partner", id: 9 } });
    client.ws.close();
    await client.closed;
  });

  test("a re-subscribe with `last` replays only later notifications", async () => {
    const cookie = await login(fake, "admin");
    fake.bus.send("chan", "one", 1);
    fake.bus.send("chan", "two", 2);
    const client = await openWs(wsUrl(), { Cookie: cookie, Origin: fake.url });
    client.send({ event_name: "subscribe", data: { channels: ["chan"], last: 0 } });
    const backlog = (await client.next()) as { id: number; message: { type: string } }[];
    expect(backlog.map((n) => n.message.type)).toEqual(["one", "two"]);
    client.send({ event_name: "subscribe", data: { channels: ["chan"], last: backlog[0]!.id } });
    expect(((await client.next()) as { message: { type: string } }[]).map((n) => n.message.type)).toEqual(["two"]);
    client.ws.close();
    await client.closed;
  });
});

describe("peek_notifications", () => {
  test("needs a first poll on the session, then returns channels and notifications", async () => {
    const cookie = await login(fake, "admin");
    const early = await post(fake, "/websocket/peek_notifications", { channels: ["x"], last: 0 }, cookie);
    expect(early.error?.code).toBe(100);
    fake.bus.send("x", "hello", { a: 1 });
    const first = await post(
      fake,
      "/websocket/peek_notifications",
      { channels: ["x"], last: 0, is_first_poll: true },
      cookie,
    );
    const result = first.result as { channels: unknown[]; notifications: { message: unknown }[] };
    expect(result.channels[0]).toEqual([fake.database, "x"]);
    expect(result.channels).toContainEqual([fake.database, "res.partner", 3]);
    expect(result.notifications.map((n) => n.message)).toEqual([{ type: "hello", payload: { a: 1 } }]);
  });
});

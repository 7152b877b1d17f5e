import { expect } from "bun:test";
import type { FakeOdoo } from "../../../src/fake-odoo/index.ts";
import { AUTOMATION } from "./replay-automation.ts";
import { errorDiff } from "./replay-compare.ts";
import { login } from "./replay-request.ts";
import { executeKw } from "./rpc.ts";
import { openWs } from "./ws-client.ts";

type Notification = { id: number; message: { type: string; payload: unknown } };
type Frame = Notification[];
type Peek = { request: unknown; response: { result: { channels: unknown[]; notifications: Notification[] } } };

/** The recorded steps of `peek_notifications_polling.json`. */
interface PollingCapture {
  peek_without_first_poll: unknown;
  peek_first: Peek;
  peek_after_message: Peek;
  longpolling_poll_with_session: { status: number };
  json2_no_session: { status: number; location: string };
  json2_with_session: { status: number };
}

/** The recording of `bus_probe_*.json`. */
interface ProbeCapture {
  frames: { frame?: Frame }[];
}

async function peek(fake: FakeOdoo, cookie: string, params: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${fake.url}/websocket/peek_notifications`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params }),
  });
  return (await res.json()) as Record<string, unknown>;
}

const messages = (list: Notification[]) => list.map((n) => n.message);

/** `peek_notifications_polling`: each recorded step that the fake models, replayed in order. */
async function peekPolling(fake: FakeOdoo, raw: unknown): Promise<void> {
  const capture = raw as PollingCapture;
  const cookie = await login(fake, "admin");
  // A poll without is_first_poll on a session that never polled: SessionExpired with an empty message.
  const first = await peek(fake, cookie, { channels: ["mcp_probe_channel"], last: 0 });
  expect(errorDiff(capture.peek_without_first_poll, first)).toEqual([]);

  const backlog = (await peek(fake, cookie, { channels: [], last: 0, is_first_poll: true })).result as {
    notifications: Notification[];
  };
  const seen = Math.max(0, ...backlog.notifications.map((n) => n.id));
  const sent: Notification[] = capture.peek_first.response.result.notifications;
  for (const n of sent) fake.bus.send("mcp_probe_channel", n.message.type, n.message.payload);
  const polled = (await peek(fake, cookie, capture.peek_first.request)).result as {
    channels: unknown[];
    notifications: Notification[];
  };
  expect(polled.channels[0]).toEqual(capture.peek_first.response.result.channels[0]);
  const mine = polled.notifications.filter((n) => n.id > seen);
  expect(messages(mine)).toEqual(messages(sent));

  // demo_post_in_general is a discuss message_post: chatter is not modelled, the notification it caused is sent by hand.
  const last = Math.max(...polled.notifications.map((n) => n.id));
  const later: Notification[] = capture.peek_after_message.response.result.notifications;
  for (const n of later) fake.bus.send("mcp_probe_channel", n.message.type, n.message.payload);
  const after = (await peek(fake, cookie, { channels: ["mcp_probe_channel"], last })).result as {
    notifications: Notification[];
  };
  expect(messages(after.notifications)).toEqual(messages(later));

  const poll = await fetch(`${fake.url}/longpolling/poll`, { method: "POST", headers: { Cookie: cookie } });
  expect(poll.status).toBe(capture.longpolling_poll_with_session.status);
  await poll.text();

  const json2 = `${fake.url}/json/2/res.partner/search_read`;
  const anonymous = await fetch(json2, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  expect(anonymous.status).toBe(capture.json2_no_session.status);
  expect(anonymous.headers.get("location")).toBe(capture.json2_no_session.location);
  await anonymous.text();
  const withSession = await fetch(json2, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: "{}",
  });
  expect(withSession.status).toBe(capture.json2_with_session.status);
  expect(await withSession.text()).toContain("Session expired (invalid CSRF token)");
}

/**
 * `bus_probe_*`: a 20-second recording of a websocket while records changed. Replayed: the handshake with a
 * session and Origin, subscribe, the pending notifications, that a plain write sends nothing, and that a
 * server-side `_sendone` arrives as the recorded frame. Chatter/discuss frames are not modelled.
 */
function busProbe(checkBacklog: boolean) {
  return async (fake: FakeOdoo, raw: unknown): Promise<void> => {
    const capture = raw as ProbeCapture;
    const cookie = await login(fake, "admin");
    const client = await openWs(`${fake.url.replace("http", "ws")}/websocket?version=18.0-2`, {
      Cookie: cookie,
      Origin: fake.url,
    });
    client.send({
      event_name: "subscribe",
      data: { channels: ["mcp_probe_channel", "odoo-presence-res.partner_7"], last: 0 },
    });
    const frames = capture.frames;
    // On 8069 the recording starts with the backlog the fake seeds (the 18.0 admin's pending notifications);
    // the 8072 recording came later in the same database, with another backlog.
    if (checkBacklog) expect(await client.next()).toEqual(frames[0]!.frame);
    else await client.next();
    const demo = { uid: fake.users.demo.uid, secret: fake.users.demo.password };
    const write = await executeKw(fake, "res.partner", "write", [[15], { comment: "<p>probe</p>" }], {}, demo);
    expect(write.result).toBe(true);
    const changed = frames.flatMap((f) => f.frame ?? []).find((n) => n.message.type === "mcp/record_changed")!;
    fake.bus.send("mcp_probe_channel", changed.message.type, changed.message.payload);
    const next = (await client.next()) as Frame;
    // The write sent nothing: the next frame is the `_sendone` one, shaped like the recording.
    expect(next.map((n) => n.message)).toEqual([changed.message]);
    expect(typeof next[0]!.id).toBe("number");
    client.ws.close();
    await client.closed;
  };
}

/** Captures that record a sequence rather than one exchange; each replays what it can. */
export const SPECIAL: Record<string, (fake: FakeOdoo, capture: unknown) => Promise<void>> = {
  peek_notifications_polling: peekPolling,
  bus_probe_8069: busProbe(true),
  bus_probe_8072: busProbe(false),
  ...AUTOMATION,
};

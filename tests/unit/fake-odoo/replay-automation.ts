import { expect } from "bun:test";
import type { FakeOdoo } from "../../../src/fake-odoo/index.ts";
import { diff } from "./replay-compare.ts";
import { type Capture, login } from "./replay-request.ts";
import { executeKw } from "./rpc.ts";
import { openWs } from "./ws-client.ts";

type Args = [string, number, string, string, string, unknown[], Record<string, unknown>];
const argsOf = (capture: Capture) => (capture.request.body as { params: { args: Args } }).params.args;
const resultOf = (capture: Capture) => (capture.response.body as { result: unknown }).result;

/** The fake's ir.model id of a model (the captured database's ids differ: 85/87/90 for res.partner). */
async function modelId(fake: FakeOdoo, model: string): Promise<number> {
  const found = await executeKw(fake, "ir.model", "search", [[["model", "=", model]]]);
  return (found.result as number[])[0]!;
}

const PUSH_CODE =
  "for rec in records:\n    env['bus.bus']._sendone('odoo-mcp-<channel-secret>', 'odoo_mcp/record_changed', " +
  "{'model': rec._name, 'id': rec.id, 'write_date': str(rec.write_date)})\n";

/** Creates the push server action (the capture's step before its search_read); returns its id. */
async function createAction(fake: FakeOdoo, code = PUSH_CODE): Promise<number> {
  const values = {
    name: "odoo-mcp push res.partner",
    model_id: await modelId(fake, "res.partner"),
    state: "code",
    code,
  };
  const created = await executeKw(fake, "ir.actions.server", "create", [values]);
  expect(created.error).toBeUndefined();
  return created.result as number;
}

/** `jsonrpc_server_action_create`: the server action as search_read returns it (ids are the database's). */
async function serverAction(fake: FakeOdoo, raw: unknown): Promise<void> {
  const capture = raw as Capture;
  const id = await createAction(fake);
  const [, , , model, method, , kwargs] = argsOf(capture);
  const read = await executeKw(fake, model, method, [[["id", "=", id]]], kwargs);
  const expected = structuredClone(resultOf(capture)) as Record<string, unknown>[];
  expected[0]!.id = id;
  (expected[0]!.model_id as unknown[])[0] = await modelId(fake, "res.partner");
  expect(diff(expected, read.result, "exact")).toEqual([]);
}

/** `jsonrpc_base_automation_create`: the rule is created with the action linked; the first rule is id 1. */
async function automationCreate(fake: FakeOdoo, raw: unknown): Promise<void> {
  const capture = raw as Capture;
  const action = await createAction(fake);
  const [, , , model, method, [values], kwargs] = argsOf(capture);
  const vals = {
    ...(values as object),
    model_id: await modelId(fake, "res.partner"),
    action_server_ids: [[6, 0, [action]]],
  };
  const created = await executeKw(fake, model, method, [vals], kwargs);
  expect(created.result).toEqual(resultOf(capture));
  const linked = await executeKw(fake, "base.automation", "read", [[created.result], ["action_server_ids"]]);
  expect(linked.result).toEqual([{ id: created.result, action_server_ids: [action] }]);
}

/** `base_automation_fields`: fields_get's type, required and selection of each recorded field. */
async function automationFields(fake: FakeOdoo, raw: unknown): Promise<void> {
  const capture = raw as Record<string, Record<string, unknown>>;
  const got = await executeKw(fake, "base.automation", "fields_get", [Object.keys(capture)], {
    attributes: ["type", "required", "selection"],
  });
  const fields = got.result as Record<string, Record<string, unknown>>;
  for (const [name, expected] of Object.entries(capture)) {
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, fields[name]?.[k]]));
    expect({ [name]: actual }).toEqual({ [name]: expected });
  }
}

interface PushCapture {
  websocket_worker_version: string;
  frame: { id: number; message: { type: string; payload: { model: string; id: number; write_date: string } } };
}

/**
 * `bus_push_automation`: the recorded steps — websocket subscribed to the channel, server action + rule created,
 * a partner written over /jsonrpc — deliver one frame shaped like the recording, whose write_date keeps microseconds
 * and reads back (whole seconds) through the API.
 */
async function busPush(fake: FakeOdoo, raw: unknown): Promise<void> {
  const capture = raw as PushCapture;
  const cookie = await login(fake, "admin");
  const client = await openWs(
    `${fake.url.replace("http", "ws")}/websocket?version=${capture.websocket_worker_version}`,
    {
      Cookie: cookie,
      Origin: fake.url,
    },
  );
  const channel = "odoo-mcp-<channel-secret>";
  client.send({ event_name: "subscribe", data: { channels: [channel], last: 0 } });
  const action = await createAction(fake);
  const rule = await executeKw(fake, "base.automation", "create", [
    {
      name: "odoo-mcp push res.partner",
      model_id: await modelId(fake, "res.partner"),
      trigger: "on_create_or_write",
      action_server_ids: [[6, 0, [action]]],
    },
  ]);
  expect(typeof rule.result).toBe("number");
  await executeKw(fake, "res.partner", "write", [[10], { comment: "<p>push</p>" }]);
  const expected = capture.frame;
  // Subscribing with last 0 first delivers the session's pending notifications (the 18.0 seed has some).
  let frame: PushCapture["frame"] | undefined;
  for (let i = 0; i < 5 && !frame; i++) {
    frame = ((await client.next()) as PushCapture["frame"][]).find((n) => n.message.type === expected.message.type);
  }
  expect(frame!.message.type).toBe(expected.message.type);
  expect(Object.keys(frame!.message.payload)).toEqual(Object.keys(expected.message.payload));
  expect(frame!.message.payload).toMatchObject({ model: "res.partner", id: 10 });
  expect(frame!.message.payload.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  const read = await executeKw(fake, "res.partner", "read", [[10], ["write_date"]]);
  expect((read.result as { write_date: string }[])[0]!.write_date).toBe(frame!.message.payload.write_date.slice(0, 19));
  client.ws.close();
  await client.closed;
}

/** The automation captures: sequences and database-specific ids, each replayed as far as the fake models it. */
export const AUTOMATION: Record<string, (fake: FakeOdoo, capture: unknown) => Promise<void>> = {
  jsonrpc_server_action_create: serverAction,
  jsonrpc_base_automation_create: automationCreate,
  base_automation_fields: automationFields,
  bus_push_automation: busPush,
};

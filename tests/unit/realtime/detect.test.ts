import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { ProtocolError, ResourceNotFoundError } from "@modelcontextprotocol/server";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { Realtime } from "../../../src/realtime/realtime.ts";
import { type Backend, startBackend } from "../mcp/harness.ts";

// Change detection against the fake Odoo over real HTTP: rounds are run by hand (the interval is an hour).

let b: Backend;
let rt: Realtime;
let got: string[];
let client: { id: string; close: () => void };

const odoo = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
  b.deps.odoo.executeKw(model, method, args, kwargs);
/** Odoo calls made while `fn` runs. */
async function callsDuring(fn: () => Promise<unknown>) {
  const from = b.calls.length;
  await fn();
  return b.calls.slice(from);
}
const settle = () => Bun.sleep(1100);

beforeAll(async () => {
  b = await startBackend({ config: { realtime: { poll_interval: 3600 } } });
});
afterAll(() => b.stop());
beforeEach(() => {
  b.fake.reset();
  rt?.close();
  rt = new Realtime(b.deps);
  got = [];
  client = rt.session((uri) => got.push(uri));
});

describe("what is announced", () => {
  test("a write to ANY field (comment, outside the default field set) is announced once; nothing without a change", async () => {
    await rt.subscribe(client.id, "odoo://res.partner/9");
    await settle();
    await rt.poller.round();
    expect(got).toEqual([]);
    await odoo("res.partner", "write", [[9], { comment: "<p>new note</p>" }]);
    await rt.poller.round();
    expect(got).toEqual(["odoo://res.partner/9"]);
    await rt.poller.round();
    await settle();
    await rt.poller.round();
    expect(got).toEqual(["odoo://res.partner/9"]);
  });

  test("two writes within one second (write_date equal) are both seen: the second is compared by content", async () => {
    b.fake.setClock(() => "2026-12-02 10:00:00.500000");
    try {
      await rt.subscribe(client.id, "odoo://res.partner/9");
      await odoo("res.partner", "write", [[9], { phone: "1" }]);
      await rt.poller.round();
      expect(got).toHaveLength(1);
      await odoo("res.partner", "write", [[9], { phone: "2" }]);
      await rt.poller.round();
      expect(got).toHaveLength(2);
    } finally {
      b.fake.setClock(undefined);
    }
  });

  test("a write between a round's search and its read starts a new second: a later write in it is seen", async () => {
    // The round that settles record 9 reads it after another connection wrote it again (a new second, 10:00:06); a
    // third write within 10:00:06 leaves write_date as that read saw it and must still be compared by content.
    let between: (() => Promise<unknown>) | undefined;
    const inner = b.deps.odoo;
    const odooWithGap = new Proxy(inner, {
      get(target, key) {
        if (key === "executeKw")
          return async (model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>) => {
            const run = method === "read" ? between : undefined;
            if (run) {
              between = undefined;
              await run();
            }
            return target.executeKw(model, method, args, kwargs);
          };
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    rt.close();
    rt = new Realtime({ ...b.deps, odoo: odooWithGap });
    client = rt.session((uri) => got.push(uri));
    let second = "05";
    b.fake.setClock(() => `2026-12-02 10:00:${second}.500000`);
    try {
      await rt.subscribe(client.id, "odoo://res.partner/9");
      await odoo("res.partner", "write", [[9], { phone: "A" }]);
      await rt.poller.round();
      expect(got).toHaveLength(1);
      await settle();
      between = () => {
        second = "06";
        return odoo("res.partner", "write", [[9], { phone: "B" }]);
      };
      await rt.poller.round();
      expect(got).toHaveLength(2);
      await odoo("res.partner", "write", [[9], { phone: "C" }]);
      await rt.poller.round();
      expect(got).toHaveLength(3);
    } finally {
      b.fake.setClock(undefined);
    }
  });

  test("a write that leaves every value as it was announces nothing", async () => {
    await rt.subscribe(client.id, "odoo://res.partner/9");
    const [row] = (await odoo("res.partner", "read", [[9], ["phone"]])) as { phone: string }[];
    await odoo("res.partner", "write", [[9], { phone: row!.phone }]);
    await rt.poller.round();
    expect(got).toEqual([]);
  });

  test("unsubscribed clients get nothing; the same URI for many clients is watched once", async () => {
    const other: string[] = [];
    const second = rt.session((uri) => other.push(uri));
    await rt.subscribe(client.id, "odoo://res.partner/9");
    await rt.subscribe(second.id, "odoo://res.partner/9");
    expect(rt.hub.uris()).toEqual(["odoo://res.partner/9"]);
    rt.unsubscribe(second.id, "odoo://res.partner/9");
    await odoo("res.partner", "write", [[9], { comment: "x" }]);
    await rt.poller.round();
    expect(got).toEqual(["odoo://res.partner/9"]);
    expect(other).toEqual([]);
    client.close();
    expect(rt.hub.uris()).toEqual([]);
  });

  test("a deleted record is announced (data null on /events)", async () => {
    const id = (await odoo("res.partner", "create", [{ name: "Short-lived" }])) as number;
    const data: unknown[] = [];
    rt.hub.onPublish((_uri, d) => data.push(d));
    await rt.subscribe(client.id, `odoo://res.partner/${id}`);
    await odoo("res.partner", "unlink", [[id]]);
    await rt.poller.round();
    expect(got).toEqual([`odoo://res.partner/${id}`]);
    expect(data).toEqual([null]);
  });

  test("a list subscription sees a creation, a change and a deletion of any record of the model", async () => {
    await rt.subscribe(client.id, "odoo://res.partner/list");
    await settle();
    await rt.poller.round();
    expect(got).toEqual([]);
    const id = (await odoo("res.partner", "create", [{ name: "Newcomer" }])) as number;
    await rt.poller.round();
    expect(got).toHaveLength(1);
    await settle();
    await rt.poller.round();
    expect(got).toHaveLength(1);
    await odoo("res.partner", "write", [[12], { comment: "changed" }]);
    await rt.poller.round();
    expect(got).toHaveLength(2);
    await settle();
    await odoo("res.partner", "unlink", [[id]]);
    await rt.poller.round();
    expect(got).toEqual(Array(3).fill("odoo://res.partner/list"));
  });

  test("a binary is never re-read to detect a change: its record's write_date and size say enough", async () => {
    const uri = "odoo://ir.attachment/binary/datas/3";
    const calls = await callsDuring(async () => {
      await rt.subscribe(client.id, uri);
      await settle();
      await rt.poller.round();
      await odoo("ir.attachment", "write", [[3], { datas: btoa("a different, longer text file") }]);
      await rt.poller.round();
    });
    expect(got).toEqual([uri]);
    const transfers = calls.filter(
      (c) =>
        c.model === "ir.attachment" &&
        JSON.stringify(c.kwargs.fields ?? []).includes("datas") &&
        !(c.kwargs.context as { bin_size?: boolean } | undefined)?.bin_size,
    );
    expect(transfers.filter((c) => c.method !== "write")).toEqual([]);
  });
});

describe("what it costs Odoo", () => {
  test("1,000 subscribed records of one model: one Odoo call per round, nothing while nothing is subscribed", async () => {
    const ids = (await odoo("res.partner", "create", [
      Array.from({ length: 1000 }, (_, i) => ({ name: `Bulk ${i}` })),
    ])) as number[];
    for (const id of ids) rt.hub.subscribe(`odoo://res.partner/${id}`, client.id);
    await rt.poller.round();
    await settle();
    await rt.poller.round();
    const calls = await callsDuring(() => rt.poller.round());
    expect(calls.map((c) => `${c.model}.${c.method}`)).toEqual(["res.partner.search_read"]);
    await odoo("res.partner", "write", [[ids[500]!], { comment: "one of many" }]);
    const changed = await callsDuring(() => rt.poller.round());
    expect(changed.map((c) => `${c.model}.${c.method}`)).toEqual(["res.partner.search_read", "res.partner.read"]);
    expect(changed[1]!.args[0]).toEqual([ids[500]]);
    expect(got).toEqual([`odoo://res.partner/${ids[500]}`]);
    client.close();
    expect(await callsDuring(() => rt.poller.round())).toEqual([]);
  }, 30_000);

  test("Odoo down then back: the round fails, the subscriptions stay, the change is seen once Odoo answers", async () => {
    await rt.subscribe(client.id, "odoo://res.partner/9");
    await odoo("res.partner", "write", [[9], { comment: "while down" }]);
    b.fake.faults.http500 = 5;
    await rt.poller.round();
    expect(got).toEqual([]);
    expect(rt.poller.delay()).toBeGreaterThanOrEqual(3600_000);
    expect(rt.hub.uris()).toEqual(["odoo://res.partner/9"]);
    b.fake.faults.http500 = 0;
    await rt.poller.round();
    expect(got).toEqual(["odoo://res.partner/9"]);
  });
});

describe("what is refused", () => {
  test("a subscription is refused with the error a read gives: unknown model, missing record, not a binary", async () => {
    for (const uri of [
      "odoo://res.partnerx/1",
      "odoo://res.partner/999999",
      "odoo://res.partner/binary/name/1",
      "odoo://res.partner/binary/image_1920/999999",
    ]) {
      const error = await rt.subscribe(client.id, uri).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceNotFoundError);
    }
    expect(rt.hub.uris()).toEqual([]);
  });

  test("non-canonical spellings are refused naming the one to use (each would be watched apart)", async () => {
    for (const uri of [
      "odoo://res.partner/01",
      "odoo://res.partner/1/",
      "odoo://res.partner/1?v=2",
      "odoo://res.partner/list?limit=5&offset=0",
      "odoo://res%2Epartner/1",
    ]) {
      const error = (await rt.subscribe(client.id, uri).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(ResourceNotFoundError);
      expect(error.message).toMatch(/(use odoo:\/\/res\.partner\/(1|list\?offset=0&limit=5))|takes no \?query/);
    }
  });

  test("at most 1,000 subscriptions per client", async () => {
    for (let id = 1; id <= 1000; id++) rt.hub.subscribe(`odoo://res.partner/${id}`, client.id);
    const error = await rt.subscribe(client.id, "odoo://res.partner/list").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toContain("at most 1000");
  });
});

describe("the server's policy", () => {
  test("a model the policy hides cannot be subscribed to: it is refused as an unknown model, as a read is", async () => {
    const config = v.parse(ConfigSchema, {
      odoo_url: b.fake.url,
      database: b.fake.database,
      uid: "admin",
      password: "admin",
      policy: { models: { deny: ["res.partner"] } },
    });
    const guarded = new Realtime({ ...b.deps, config });
    try {
      const error = await guarded.subscribe("c", "odoo://res.partner/9").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceNotFoundError);
      expect(guarded.hub.uris()).toEqual([]);
    } finally {
      guarded.close();
    }
  });
});

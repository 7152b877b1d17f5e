import { afterEach, describe, expect, test } from "bun:test";
import { Hub } from "../../../src/realtime/hub.ts";
import { type Snapshot, Watcher } from "../../../src/realtime/watch.ts";

const hubs: Hub[] = [];
afterEach(() => {
  for (const h of hubs.splice(0)) h.close();
});

/** A hub with one client subscribed to `uris`, a watcher over `state`, and what the client received. */
function setup(uris: string[], state: Map<string, Snapshot | Error>, perRound?: number) {
  const hub = new Hub({ queueMax: 100 });
  hubs.push(hub);
  const { client } = hub.attach("c");
  for (const uri of uris) hub.subscribe(uri, "c");
  const reads: string[] = [];
  const errors: string[] = [];
  const watcher = new Watcher({
    hub,
    perRound,
    read: async (uri) => {
      reads.push(uri);
      const now = state.get(uri) ?? "gone";
      if (now instanceof Error) throw now;
      return now;
    },
    onError: (uri) => errors.push(uri),
  });
  const received = async () => {
    const got: unknown[] = [];
    for (let r = await client.next(0); "item" in r; r = await client.next(0)) got.push([r.item.uri, r.item.data]);
    return got;
  };
  return { hub, watcher, reads, errors, received };
}

describe("Watcher", () => {
  test("publishes a resource whose content changed since the last round, with the new content", async () => {
    const state = new Map<string, Snapshot | Error>([["odoo://p/1", { data: { name: "a" } }]]);
    const { watcher, received } = setup(["odoo://p/1"], state);
    await watcher.round();
    expect(await received()).toEqual([]);
    await watcher.round();
    expect(await received()).toEqual([]);
    state.set("odoo://p/1", { data: { name: "b" } });
    await watcher.round();
    expect(await received()).toEqual([["odoo://p/1", { name: "b" }]]);
  });

  test("a baseline taken on subscribing makes the very next change count", async () => {
    const state = new Map<string, Snapshot | Error>([["odoo://p/1", { data: 1 }]]);
    const { watcher, received, reads } = setup(["odoo://p/1"], state);
    await watcher.baseline("odoo://p/1");
    await watcher.baseline("odoo://p/1");
    expect(reads).toEqual(["odoo://p/1"]);
    state.set("odoo://p/1", { data: 2 });
    await watcher.round();
    expect(await received()).toEqual([["odoo://p/1", 2]]);
  });

  test("a resource that disappears is published once with null; a failed read publishes nothing", async () => {
    const state = new Map<string, Snapshot | Error>([
      ["odoo://p/1", { data: 1 }],
      ["odoo://p/2", { data: 2 }],
    ]);
    const { watcher, received, errors } = setup(["odoo://p/1", "odoo://p/2"], state);
    await watcher.round();
    state.delete("odoo://p/1");
    state.set("odoo://p/2", new Error("Odoo is down"));
    await watcher.round();
    await watcher.round();
    expect(await received()).toEqual([["odoo://p/1", null]]);
    expect(errors).toEqual(["odoo://p/2", "odoo://p/2"]);
    state.set("odoo://p/2", { data: 2 });
    await watcher.round();
    expect(await received()).toEqual([]);
  });

  test("reads at most perRound resources a round, taking the list in turns", async () => {
    const uris = ["odoo://p/1", "odoo://p/2", "odoo://p/3"];
    const { watcher, reads } = setup(uris, new Map(), 2);
    await watcher.round();
    await watcher.round();
    await watcher.round();
    expect(reads).toEqual(["odoo://p/1", "odoo://p/2", "odoo://p/3", "odoo://p/1", "odoo://p/2", "odoo://p/3"]);
  });

  test("forgets what it read of a resource nobody subscribes to any more", async () => {
    const state = new Map<string, Snapshot | Error>([["odoo://p/1", { data: 1 }]]);
    const { hub, watcher, received } = setup(["odoo://p/1"], state);
    await watcher.round();
    hub.unsubscribe("odoo://p/1", "c");
    await watcher.round();
    state.set("odoo://p/1", { data: 2 });
    hub.subscribe("odoo://p/1", "c");
    await watcher.round();
    expect(await received()).toEqual([]);
  });
});

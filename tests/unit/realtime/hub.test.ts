import { afterEach, describe, expect, test } from "bun:test";
import { metrics } from "../../../src/metrics.ts";
import { Hub, HubFullError, HubOwnerError, HubSubscriptionsError } from "../../../src/realtime/hub.ts";

const hubs: Hub[] = [];
const newHub = (o: Partial<ConstructorParameters<typeof Hub>[0]> = {}) => {
  const hub = new Hub({ queueMax: 10, ...o });
  hubs.push(hub);
  return hub;
};
afterEach(() => {
  for (const h of hubs.splice(0)) h.close();
});

describe("Hub", () => {
  test("publish reaches exactly the clients subscribed to the URI, in order, with growing seq", async () => {
    const hub = newHub();
    const a = hub.attach("a").client;
    const b = hub.attach("b").client;
    expect(hub.subscribe("odoo://res.partner/1", "a")).toBe(true);
    expect(hub.subscribe("odoo://res.partner/2", "b")).toBe(true);
    expect(hub.publish("odoo://res.partner/1", { name: "x" })).toBe(1);
    expect(hub.publish("odoo://res.partner/1", { name: "y" })).toBe(1);
    expect(hub.publish("odoo://res.partner/3", {})).toBe(0);
    expect(await a.next(1)).toEqual({ item: { seq: 1, uri: "odoo://res.partner/1", data: { name: "x" } } });
    expect(await a.next(1)).toEqual({ item: { seq: 2, uri: "odoo://res.partner/1", data: { name: "y" } } });
    expect(await b.next(1)).toEqual({ none: "timeout" });
    expect(hub.uris().sort()).toEqual(["odoo://res.partner/1", "odoo://res.partner/2"]);
  });

  test("unknown clients cannot subscribe; unsubscribe stops delivery and forgets idle URIs", async () => {
    const hub = newHub();
    expect(hub.subscribe("odoo://x/1", "ghost")).toBe(false);
    const c = hub.attach("c").client;
    hub.subscribe("odoo://x/1", "c");
    expect(hub.unsubscribe("odoo://x/1", "c")).toBe(true);
    expect(hub.unsubscribe("odoo://x/1", "c")).toBe(false);
    expect(hub.publish("odoo://x/1", 1)).toBe(0);
    expect(hub.uris()).toEqual([]);
    expect(await c.next(1)).toEqual({ none: "timeout" });
  });

  test("a slow client's queue stays bounded: the oldest events are dropped and counted", async () => {
    const hub = newHub({ queueMax: 3, kind: "test-drop" });
    const before = metrics.queueDropped.get({ kind: "test-drop" });
    const c = hub.attach("slow").client;
    hub.subscribe("odoo://x/1", "slow");
    for (let i = 1; i <= 100; i++) hub.publish("odoo://x/1", i);
    expect(metrics.queueDropped.get({ kind: "test-drop" }) - before).toBe(97);
    const got = [];
    for (let r = await c.next(1); "item" in r; r = await c.next(1)) got.push(r.item.data);
    expect(got).toEqual([98, 99, 100]);
  });

  test("with the disconnect policy a client that cannot keep up is removed", async () => {
    const hub = newHub({ queueMax: 2, overflow: "disconnect", kind: "test-disc" });
    const c = hub.attach("slow").client;
    hub.subscribe("odoo://x/1", "slow");
    hub.publish("odoo://x/1", 1);
    hub.publish("odoo://x/1", 2);
    expect(hub.publish("odoo://x/1", 3)).toBe(0);
    expect(hub.has("slow")).toBe(false);
    expect(await c.next(1)).toEqual({ none: "closed" });
  });

  test("re-attaching the same id resumes its subscriptions and queue and supersedes the old stream", async () => {
    const hub = newHub();
    const first = hub.attach("web-1");
    expect(first.resumed).toBe(false);
    hub.subscribe("odoo://x/1", "web-1");
    const pending = first.client.next();
    const second = hub.attach("web-1");
    expect(second.resumed).toBe(true);
    expect(await pending).toEqual({ none: "superseded" });
    expect(await first.client.next(1)).toEqual({ none: "superseded" });
    hub.publish("odoo://x/1", "after");
    expect(await second.client.next(1)).toEqual({ item: { seq: 1, uri: "odoo://x/1", data: "after" } });
    expect([...second.client.subscriptions]).toEqual(["odoo://x/1"]);
    first.detach();
    expect(second.client.attached).toBe(true);
  });

  test("detaching wakes a stream still waiting, so an event published after it is kept for the reconnect", async () => {
    const hub = newHub();
    const first = hub.attach("w");
    hub.subscribe("odoo://x/1", "w");
    const stale = first.client.next();
    first.detach();
    expect(await stale).toEqual({ none: "superseded" });
    hub.publish("odoo://x/1", "kept");
    expect(await hub.attach("w").client.next(1)).toEqual({ item: { seq: 1, uri: "odoo://x/1", data: "kept" } });
  });

  test("a detached client is kept for the retention time, then swept with its subscriptions", () => {
    const hub = newHub({ retentionMs: 1000 });
    const { detach } = hub.attach("gone");
    hub.subscribe("odoo://x/1", "gone");
    detach();
    hub.sweep(Date.now() + 10);
    expect(hub.has("gone")).toBe(true);
    hub.sweep(Date.now() + 5000);
    expect(hub.has("gone")).toBe(false);
    expect(hub.uris()).toEqual([]);
  });

  test("attach generates an id when none is given and refuses clients beyond maxClients", () => {
    const hub = newHub({ maxClients: 2 });
    const one = hub.attach().client.id;
    expect(one).toMatch(/^[0-9a-f-]{36}$/);
    hub.attach("two");
    expect(() => hub.attach("three")).toThrow(HubFullError);
    expect(hub.attach("two").resumed).toBe(true);
  });

  test("at maxClients a new client replaces the one gone longest; only when all are attached is it refused", () => {
    const hub = newHub({ maxClients: 2 });
    const a = hub.attach("a");
    const b = hub.attach("b");
    hub.subscribe("odoo://x/1", "a");
    b.detach();
    a.detach();
    const c = hub.attach("c");
    expect([hub.known("a"), hub.known("b"), hub.known("c")]).toEqual([true, false, true]);
    hub.attach("d");
    expect(hub.known("a")).toBe(false);
    expect(hub.uris()).toEqual([]);
    expect(() => hub.attach("e")).toThrow(HubFullError);
    // a stream that ends after its client was forgotten does not bring it back
    hub.remove("c");
    c.detach();
    expect(hub.known("c")).toBe(false);
  });

  test("a client id belongs to its owner: another owner can neither attach it nor see it", () => {
    const hub = newHub();
    hub.attach("dash", "ip:10.0.0.1").detach();
    expect(() => hub.attach("dash", "ip:10.0.0.2")).toThrow(HubOwnerError);
    expect(hub.has("dash", "ip:10.0.0.2")).toBe(false);
    expect(hub.has("dash", "ip:10.0.0.1")).toBe(true);
    expect(hub.known("dash")).toBe(true);
    expect(hub.attach("dash", "ip:10.0.0.1").resumed).toBe(true);
  });

  test("one client holds at most maxSubscriptions URIs; re-subscribing one it has is fine", () => {
    const hub = newHub({ maxSubscriptions: 2 });
    hub.attach("c");
    hub.subscribe("odoo://x/1", "c");
    hub.subscribe("odoo://x/2", "c");
    expect(hub.subscribe("odoo://x/2", "c")).toBe(true);
    expect(() => hub.subscribe("odoo://x/3", "c")).toThrow(HubSubscriptionsError);
    hub.unsubscribe("odoo://x/1", "c");
    expect(hub.subscribe("odoo://x/3", "c")).toBe(true);
  });

  test("onPublish listeners see every publish, subscribed or not, until they unsubscribe", () => {
    const hub = newHub();
    const seen: string[] = [];
    const off = hub.onPublish((uri) => seen.push(uri));
    hub.publish("odoo://x/1", null);
    off();
    hub.publish("odoo://x/2", null);
    expect(seen).toEqual(["odoo://x/1"]);
  });

  test("close ends every client's stream", async () => {
    const hub = newHub();
    const c = hub.attach("x").client;
    const waiting = c.next();
    hub.close();
    expect(await waiting).toEqual({ none: "closed" });
    expect(hub.has("x")).toBe(false);
  });
});

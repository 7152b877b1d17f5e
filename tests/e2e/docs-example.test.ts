import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EventSource } from "eventsource";
import { type FakeOdoo, startFakeOdoo } from "../../src/fake-odoo/index.ts";
import type { RunningHttp } from "../../src/http/serve.ts";
import { type LiveHttp, startLiveHttp } from "../support/live-http.ts";
import { ensureBinary } from "./binary.ts";
import { httpConfig, type Served, spawnHttp } from "./http-spawn.ts";

// The user documentation's "SSE Connection" JavaScript example, run as written (only the port differs: the
// documented 8080 becomes the port the server got), with a spec-following EventSource and fetch.

// The user documentation, as promised to users; kept in the repo so a fresh clone tests on its own.
const SPEC = join(import.meta.dir, "..", "fixtures", "spec", "odoo-mcp-server-documentation.md");

function documentedExample(): string {
  const doc = readFileSync(SPEC, "utf8");
  const m = /Example JavaScript client:\s*```javascript\n([\s\S]*?)\n```/.exec(doc);
  if (!m?.[1]) throw new Error("the SSE Connection JavaScript example is gone from the documentation");
  return m[1];
}

type Log = unknown[];

/** Runs the example against `base`; returns its EventSource, its searchPartners and what it logged. */
function runExample(base: string) {
  const logs: Log[] = [];
  const waiters: Array<{ pred: (l: Log) => boolean; resolve: (l: Log) => void }> = [];
  const console = {
    log: (...args: unknown[]) => {
      logs.push(args);
      for (const w of waiters.filter((w) => w.pred(args))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(args);
      }
    },
  };
  const code = documentedExample().replaceAll("http://localhost:8080", base);
  const run = new Function("EventSource", "console", "fetch", `${code}\nreturn { eventSource, searchPartners };`);
  const { eventSource, searchPartners } = run(EventSource, console, fetch) as {
    eventSource: EventSource;
    searchPartners: () => Promise<{ jsonrpc: string; id: unknown; result: { content: Array<{ text: string }> } }>;
  };
  const logged = (pred: (l: Log) => boolean) =>
    new Promise<Log>((resolve) => {
      const seen = logs.find(pred);
      if (seen) resolve(seen);
      else waiters.push({ pred, resolve });
    });
  return { eventSource, searchPartners, logged };
}

const localhost = (url: string) => url.replace("127.0.0.1", "localhost");

/** A documented-channel call, the way the example's page would make it. */
async function call(base: string, method: string, params: Record<string, unknown>) {
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method, params }),
  });
  return (await res.json()) as { id: unknown; result?: Record<string, unknown>; error?: unknown };
}

/** Subscribes the example's client to `uri`, then renames partner 1 through the write tool. */
async function subscribeAndRename(base: string, clientId: unknown, uri: string, name: string) {
  expect(await call(base, "subscribe_resource", { uri, client_id: clientId })).toMatchObject({
    result: { subscribed: true },
  });
  const written = await call(base, "call_tool", {
    name: "odoo_write",
    arguments: { model: "res.partner", ids: [1], values: { name } },
  });
  expect(written.result?.isError).toBeFalsy();
}

describe("the documented example against the binary", () => {
  let odoo: FakeOdoo;
  let served: Served;
  beforeAll(async () => {
    const [fake, binary] = await Promise.all([startFakeOdoo({ version: "18.0" }), ensureBinary()]);
    odoo = fake;
    served = await spawnHttp(binary, ["--config", httpConfig(odoo, "docs-example.yaml")]);
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await odoo?.stop();
  });

  test("connects, logs its client id, and searchPartners() returns the partners", async () => {
    const ex = runExample(localhost(served.url));
    try {
      const [label, clientId] = await ex.logged((l) => l[0] === "Connected with client ID:");
      expect(label).toBe("Connected with client ID:");
      expect(clientId).toBeString();
      const response = await ex.searchPartners();
      expect(response.jsonrpc).toBe("2.0");
      expect(response.id).toBeNull();
      const text = response.result.content[0]!.text;
      expect(JSON.parse(text).records.length).toBe(10);
      expect(text).toContain("Azure Interior");
    } finally {
      ex.eventSource.close();
    }
  });

  test("a change in Odoo after subscribe_resource reaches the example's resources/updated listener", async () => {
    const base = localhost(served.url);
    const ex = runExample(base);
    try {
      const [, clientId] = await ex.logged((l) => l[0] === "Connected with client ID:");
      await subscribeAndRename(base, clientId, "odoo://res.partner/1", "Renamed by the e2e test");
      // the server polls subscribed resources every few seconds: this waits for its next round
      const [, uri, data] = await ex.logged((l) => l[0] === "Resource updated:");
      expect(uri).toBe("odoo://res.partner/1");
      expect(data).toMatchObject({ id: 1, name: "Renamed by the e2e test" });
    } finally {
      ex.eventSource.close();
    }
  }, 30_000);
});

describe("the documented example with a resource update", () => {
  let live: LiveHttp;
  let running: RunningHttp;
  beforeAll(async () => {
    live = await startLiveHttp({ approval: { tools: [] } });
    running = live.running;
  });
  afterAll(() => live?.stop());

  test("after subscribe_resource, a publish reaches the example's resources/updated listener", async () => {
    const base = localhost(running.url);
    const ex = runExample(base);
    try {
      const [, clientId] = await ex.logged((l) => l[0] === "Connected with client ID:");
      const subscribed = await call(base, "subscribe_resource", { uri: "odoo://res.partner/1", client_id: clientId });
      expect(subscribed).toMatchObject({ id: null, result: { subscribed: true } });
      running.http.hub.publish("odoo://res.partner/1", { id: 1, name: "YourCompany" });
      const [label, uri, data] = await ex.logged((l) => l[0] === "Resource updated:");
      expect([label, uri, data]).toEqual(["Resource updated:", "odoo://res.partner/1", { id: 1, name: "YourCompany" }]);
      expect((await ex.searchPartners()).result.content[0]!.text).toContain("Azure Interior");
    } finally {
      ex.eventSource.close();
    }
  });

  test("the change watcher turns an Odoo write into that event; a deleted record into data null", async () => {
    const base = localhost(running.url);
    const ex = runExample(base);
    try {
      const [, clientId] = await ex.logged((l) => l[0] === "Connected with client ID:");
      await subscribeAndRename(base, clientId, "odoo://res.partner/1", "Changed in Odoo");
      await running.http.realtime!.poller.round();
      const [, uri, data] = await ex.logged((l) => l[0] === "Resource updated:" && l[1] === "odoo://res.partner/1");
      expect(uri).toBe("odoo://res.partner/1");
      expect(data).toMatchObject({ id: 1, name: "Changed in Odoo" });
      const created = await call(base, "call_tool", {
        name: "odoo_create",
        arguments: { model: "res.partner", values: { name: "Short-lived" } },
      });
      const { id } = (created.result as { structuredContent: { id: number } }).structuredContent;
      const doomed = `odoo://res.partner/${id}`;
      expect(await call(base, "subscribe_resource", { uri: doomed, client_id: clientId })).toMatchObject({
        result: { subscribed: true },
      });
      await call(base, "call_tool", { name: "odoo_unlink", arguments: { model: "res.partner", ids: [id] } });
      await running.http.realtime!.poller.round();
      const [, goneUri, goneData] = await ex.logged((l) => l[0] === "Resource updated:" && l[1] === doomed);
      expect([goneUri, goneData]).toEqual([doomed, null]);
    } finally {
      ex.eventSource.close();
    }
  });
});

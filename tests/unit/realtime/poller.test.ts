import { describe, expect, test } from "bun:test";
import type { Change, Detector } from "../../../src/realtime/detect.ts";
import { Hub } from "../../../src/realtime/hub.ts";
import { Poller } from "../../../src/realtime/poller.ts";

// The poller's pace, on a clock moved by hand: what it decides, not how long timers take.

const INTERVAL = 1000;

/** A poller (never started: rounds run by hand) over a detector whose rounds take `roundMs` and find `changes()`. */
function setup(roundMs = 0, changes: () => Change[] = () => []) {
  const clock = { now: 0 };
  const hub = new Hub({ queueMax: 10 });
  hub.addSession("s", () => {});
  hub.subscribe("odoo://res.partner/9", "s");
  const detector = {
    calls: 0,
    async round() {
      clock.now += roundMs;
      detector.calls += 1;
      return { changes: changes(), errors: [] };
    },
  };
  const poller = new Poller({
    hub,
    detector: detector as unknown as Detector,
    intervalMs: INTERVAL,
    maxCallsPerMinute: 1_000_000,
    now: () => clock.now,
  });
  return { clock, hub, poller };
}

describe("pace", () => {
  test("a server that has seen no change yet polls at the interval, not at the slow pace", () => {
    expect(setup().poller.delay()).toBe(INTERVAL);
  });

  test("rounds are spaced start to start: a round that took 300 ms is followed 700 ms later", async () => {
    const { poller } = setup(300);
    await poller.round();
    expect(poller.delay()).toBe(INTERVAL - 300);
  });

  test("a round longer than the interval is followed after the 50 ms floor, not at once", async () => {
    const { poller } = setup(1500);
    await poller.round();
    expect(poller.delay()).toBe(50);
  });

  test("half the interval while changes flow, the interval after 10 quiet rounds, twice it after 150", async () => {
    let change = true;
    const { poller } = setup(0, () => (change ? [{ uri: "odoo://res.partner/9", data: null }] : []));
    await poller.round();
    expect(poller.delay()).toBe(INTERVAL / 2);
    change = false;
    for (let i = 0; i < 10; i++) await poller.round();
    expect(poller.delay()).toBe(INTERVAL);
    for (let i = 0; i < 141; i++) await poller.round();
    expect(poller.delay()).toBe(2 * INTERVAL);
  });

  test("after everything was unsubscribed, a new first subscription waits a whole interval", async () => {
    const { clock, hub, poller } = setup(0);
    await poller.round();
    hub.unsubscribe("odoo://res.partner/9", "s");
    await Bun.sleep(0);
    clock.now += 10 * INTERVAL;
    hub.subscribe("odoo://res.partner/9", "s");
    await Bun.sleep(0);
    expect(poller.delay()).toBe(INTERVAL);
  });
});

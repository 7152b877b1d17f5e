import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { freshProbe, idleTimeoutSeconds, StartRefused, startHttp } from "../../../src/http/serve.ts";
import { createLogger } from "../../../src/log.ts";
import { adminClient, fakeConfig } from "../../support/odoo.ts";

let odoo: FakeOdoo;
beforeAll(async () => {
  odoo = await startFakeOdoo({ version: "18.0" });
});
afterAll(() => odoo?.stop());

const silent = { write() {} };
function deps(http: Record<string, unknown> = {}) {
  const config = fakeConfig(odoo, { http });
  return { config, odoo: adminClient(odoo), log: createLogger(config.logging, { stderr: silent }), demo: false };
}

describe("startHttp", () => {
  test("binds the configured loopback port (0 = any), serves, and releases it on stop", async () => {
    const running = await startHttp(deps());
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", odoo: { reachable: true, version: "18.0" } });
    await running.stop();
    expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });

  test("refuses a non-loopback bind without a token, and a port already taken, with StartRefused", async () => {
    expect(startHttp(deps({ host: "0.0.0.0" }))).rejects.toBeInstanceOf(StartRefused);
    const first = await startHttp(deps());
    const port = Number(new URL(first.url).port);
    try {
      expect(startHttp(deps({ port }))).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+/);
    } finally {
      await first.stop();
    }
  });

  test("the idle limit leaves a slow Odoo call room for a login and a retry, within Bun's 255 s", () => {
    expect(idleTimeoutSeconds(30)).toBe(70);
    expect(idleTimeoutSeconds(5)).toBe(60);
    expect(idleTimeoutSeconds(90)).toBe(190);
    expect(idleTimeoutSeconds(600)).toBe(255);
  });

  test("the health probe asks Odoo every time (the client caches its version, health must not)", async () => {
    const other = await startFakeOdoo({ version: "17.0" });
    const probe = freshProbe({ odoo_url: other.url, protocol: "auto" });
    expect((await probe()).serverVersion).toBe("17.0");
    await other.stop();
    expect(probe()).rejects.toThrow();
  });
});

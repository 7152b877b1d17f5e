import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createOdooClient } from "../../../src/odoo/client.ts";
import {
  type CachedSession,
  cacheDir,
  cacheFile,
  fileStore,
  type SessionStore,
} from "../../../src/odoo/session-cache.ts";
import type { OdooClient } from "../../../src/odoo/types.ts";
import { OdooMeta } from "../../../src/tools/meta.ts";

describe("the cache file", () => {
  test("lives in $XDG_CACHE_HOME/odoo-mcp, else ~/.cache/odoo-mcp", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" })).toBe("/x/cache/odoo-mcp");
    expect(cacheDir({ HOME: "/home/u" })).toBe("/home/u/.cache/odoo-mcp");
  });

  test("one file per URL, database and login; the name reveals none of them", () => {
    const a = cacheFile("/d", "https://odoo.example.com/", "prod", "admin");
    expect(a).toBe(cacheFile("/d", "https://odoo.example.com", "prod", "admin"));
    expect(a).not.toBe(cacheFile("/d", "https://odoo.example.com", "prod", "demo"));
    expect(a).not.toBe(cacheFile("/d", "https://odoo.example.com", "test", "admin"));
    expect(a).not.toContain("example");
  });

  test("is written 0600 in a 0700 directory, read back, and a damaged file counts as empty", () => {
    const root = mkdtempSync(join(tmpdir(), "odoo-mcp-cache-"));
    const dir = join(root, "odoo-mcp");
    const path = join(dir, "s.json");
    fileStore(path, dir).update(() => ({ session: { cookie: "session_id=abc", uid: 2, login: "admin" } }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(fileStore(path, dir).read()).toEqual({ session: { cookie: "session_id=abc", uid: 2, login: "admin" } });
    writeFileSync(path, "{not json");
    expect(fileStore(path, dir).read()).toEqual({});
    writeFileSync(path, JSON.stringify({ session: { cookie: 1 }, fields: { models: {} } }));
    expect(fileStore(path, dir).read()).toEqual({});
    rmSync(root, { recursive: true });
  });
});

const stale = { serverVersion: "17.0", major: 17, minor: 0 };

describe("a kept web session (fake Odoo 18)", () => {
  let odoo: FakeOdoo;
  let root: string;
  let store: () => SessionStore;
  const clients: OdooClient[] = [];
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: "18.0" });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await odoo.stop();
  });
  beforeEach(() => {
    odoo.reset();
    root = mkdtempSync(join(tmpdir(), "odoo-mcp-cache-"));
    // A new store object per process, as after a restart: only the file carries anything over.
    store = () => fileStore(join(root, "s.json"), root);
  });
  const client = (s: SessionStore, extra: { password?: string; login?: string; protocol?: "jsonrpc" } = {}) => {
    const c = createOdooClient({
      url: odoo.url,
      database: odoo.database,
      login: "demo",
      password: odoo.users.demo.password,
      protocol: "auto",
      timeoutMs: 5000,
      store: s,
      ...extra,
    });
    clients.push(c);
    return c;
  };

  test("the next process calls at once on the saved session: no probe, no login, one request", async () => {
    const first = client(store());
    expect(await first.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
    await first.close();
    expect(odoo.counters.sessionLogins).toBe(1);
    const text = readFileSync(join(root, "s.json"), "utf8");
    expect(JSON.parse(text)).toEqual({
      session: {
        cookie: expect.stringMatching(/^session_id=/),
        uid: 6,
        login: "demo",
        version: { serverVersion: odoo.version, major: 18, minor: 0 },
      },
    });

    const before = odoo.counters.requests;
    const second = client(store());
    expect(await second.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
    // The version was saved with the session: no probe for it either (views and version-dependent tools ask it).
    expect((await second.version()).major).toBe(18);
    await Bun.sleep(20);
    expect(odoo.counters.requests - before).toBe(1);
    expect(odoo.counters.sessionLogins).toBe(1);
  });

  test("a session saved without the version (protocol jsonrpc: no probe at login) gets it once it is probed", async () => {
    const first = client(store(), { protocol: "jsonrpc" });
    await first.executeKw("res.partner", "search_count", [[]]);
    expect(store().read().session?.version).toBeUndefined();
    expect((await first.version()).major).toBe(18);
    expect(store().read().session?.version?.major).toBe(18);
  });

  test("a dead saved session takes its saved version with it: the new login probes afresh", async () => {
    await client(store()).executeKw("res.partner", "search_count", [[]]);
    store().update((e) => ({ ...e, session: { ...(e.session as CachedSession), version: stale } }));
    odoo.faults.expireSessions = true;
    const c = client(store());
    await c.executeKw("res.partner", "search_count", [[]]);
    expect((await c.version()).major).toBe(18);
    expect(store().read().session?.version?.major).toBe(18);
  });

  test("a session Odoo no longer knows is replaced by a new login, and the new one is saved", async () => {
    const first = client(store());
    await first.executeKw("res.partner", "search_count", [[]]);
    const old = store().read().session?.cookie;
    odoo.faults.expireSessions = true;
    const second = client(store());
    expect(await second.executeKw("res.partner", "search_count", [[]])).toBeGreaterThan(0);
    expect(odoo.counters.sessionLogins).toBe(2);
    expect(store().read().session?.cookie).not.toBe(old);
  });

  test("calls in flight together on a dead saved session all go through after one new login", async () => {
    await client(store()).executeKw("res.partner", "search_count", [[]]);
    odoo.faults.expireSessions = true;
    const c = client(store());
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => c.executeKw<number>("res.partner", "search_count", [[]])),
    );
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(odoo.counters.sessionLogins).toBe(2);
  });

  test("the saved session needs the configured password: with a wrong one the renewal fails and says so", async () => {
    await client(store()).executeKw("res.partner", "search_count", [[]]);
    odoo.faults.expireSessions = true;
    await expect(client(store(), { password: "wrong" }).executeKw("res.partner", "search_count", [[]])).rejects.toThrow(
      /refused|denied|login/i,
    );
  });

  test("a user who may not read ir.module.module (Settings only, 17+) has no signature: nothing is saved", async () => {
    const meta = new OdooMeta(client(store()));
    expect((await meta.fields("res.partner"))["country_id"]?.type).toBe("many2one");
    await Bun.sleep(100);
    expect(store().read().fields).toBeUndefined();
  });

  test("field lists are kept under the registry signature and dropped when the module list changes", async () => {
    const asked = () => odoo.counters.requests;
    // The admin: the signature is ir.module.module's last write, which only Administration / Settings may read.
    const asAdmin = { login: "admin", password: odoo.users.admin.password };
    const meta1 = new OdooMeta(client(store(), asAdmin));
    const fields = await meta1.fields("res.partner");
    expect(fields["country_id"]?.type).toBe("many2one");
    // The save waits for the signature, read in the background.
    for (let i = 0; i < 300 && !store().read().fields; i++) await Bun.sleep(10);
    expect(Object.keys(store().read().fields?.models ?? {})).toEqual(["res.partner"]);

    // Next process: the saved list answers without fields_get.
    const c2 = client(store(), asAdmin);
    const meta2 = new OdooMeta(c2);
    const before = asked();
    expect((await meta2.fields("res.partner"))["country_id"]?.type).toBe("many2one");
    // (bounded waits: the machine may be busy)
    for (let i = 0; i < 300 && asked() === before; i++) await Bun.sleep(10);
    await Bun.sleep(50);
    // Only the background signature check went to Odoo (and the session was reused).
    expect(asked() - before).toBe(1);

    // A module is upgraded: its row is written, the signature moves, the saved lists go.
    const admin = createOdooClient({
      url: odoo.url,
      database: odoo.database,
      login: "admin",
      password: odoo.users.admin.password,
      protocol: "auto",
      timeoutMs: 5000,
    });
    clients.push(admin);
    await admin.executeKw("ir.module.module", "write", [[2], { sequence: 5 }]);
    const c3 = client(store(), asAdmin);
    const meta3 = new OdooMeta(c3);
    await meta3.fields("res.partner");
    for (let i = 0; i < 300 && Object.keys(store().read().fields?.models ?? {}).length; i++) await Bun.sleep(10);
    expect(store().read().fields?.models ?? {}).toEqual({});
    // An upgrade writes the module rows: the version saved with the session is not trusted past it either.
    expect(store().read().session?.version).toBeUndefined();
    expect(store().read().session?.cookie).toStartWith("session_id=");
    const before4 = asked();
    await meta3.fields("res.partner");
    expect(asked() - before4).toBe(1); // fields_get again
  });
});

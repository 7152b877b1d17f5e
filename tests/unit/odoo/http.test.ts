import { afterAll, describe, expect, test } from "bun:test";
import { startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createOdooClient, type OdooClientOptions } from "../../../src/odoo/client.ts";
import { OdooError } from "../../../src/odoo/errors.ts";
import type { FetchLike } from "../../../src/odoo/types.ts";
import { capture, responseOf } from "./captures.ts";
import { failure } from "./rejection.ts";

const stops: Array<() => void> = [];
afterAll(() => {
  for (const stop of stops) stop();
});

/** A real HTTP server: the session login works, call_kw answers with `callKw`. */
function serve(callKw: (req: Request) => Response | Promise<Response>): string {
  const server = Bun.serve({
    port: 0,
    fetch: (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/web/session/authenticate") return responseOf(capture("18.0", "session_authenticate_ok"));
      return callKw(req);
    },
  });
  stops.push(() => server.stop(true));
  return `http://127.0.0.1:${server.port}`;
}

const options = (url: string, extra: Partial<OdooClientOptions> = {}): OdooClientOptions => ({
  url,
  database: "odoo",
  login: "admin",
  password: "hunter2-secret",
  protocol: "jsonrpc",
  timeoutMs: 5000,
  ...extra,
});

describe("transport faults over real HTTP", () => {
  test("no answer within timeoutMs: a timeout error", async () => {
    const url = serve(() => new Promise<Response>(() => {}));
    const client = createOdooClient(options(url, { timeoutMs: 300 }));
    await client.connect();
    const err = await failure(client.executeKw("res.partner", "search_count", [[]]));
    expect(err).toBeInstanceOf(OdooError);
    expect(err).toMatchObject({ kind: "timeout" });
    expect((err as OdooError).message).toContain("0.3 s");
  });

  test("a caller abort is rethrown as the abort, not as a timeout", async () => {
    const url = serve(() => new Promise<Response>(() => {}));
    const client = createOdooClient(options(url));
    await client.connect();
    const controller = new AbortController();
    const pending = failure(client.executeKw("res.partner", "search_count", [[]], {}, { signal: controller.signal }));
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(OdooError);
    expect((err as Error).name).toBe("AbortError");
  });

  // Bun's fetch has been seen to leave its AbortSignal unheeded on a busy machine (oven-sh/bun#18536, #13302; a
  // one-off hang of a bench call here): the timeout and a cancellation must not depend on fetch honouring it.
  test("a fetch that never heeds its signal still ends at timeoutMs, or at the caller's abort", async () => {
    const url = serve(() => new Promise<Response>(() => {}));
    const deaf: FetchLike = (input, init) =>
      new URL(String(input)).pathname.startsWith("/web/session/")
        ? fetch(input, init)
        : new Promise<Response>(() => {});
    const client = createOdooClient(options(url, { timeoutMs: 300, fetch: deaf }));
    await client.connect();
    const started = performance.now();
    const err = await failure(client.executeKw("res.partner", "search_count", [[]]));
    expect(err).toMatchObject({ kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(3000);

    const patient = createOdooClient(options(url, { timeoutMs: 60_000, fetch: deaf }));
    await patient.connect();
    const controller = new AbortController();
    const pending = failure(patient.executeKw("res.partner", "search_count", [[]], {}, { signal: controller.signal }));
    const reason = new Error("cancelled by the client");
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  test("an already aborted signal fails before sending, even while the login is pending", async () => {
    let calls = 0;
    const url = serve(() => {
      calls++;
      return Response.json({ jsonrpc: "2.0", id: 1, result: 1 });
    });
    const err = await failure(
      createOdooClient(options(url)).executeKw(
        "res.partner",
        "search_count",
        [[]],
        {},
        { signal: AbortSignal.abort() },
      ),
    );
    expect((err as Error).name).toBe("AbortError");
    expect(calls).toBe(0);
  });

  test("a 500 HTML page (a proxy, a crash) is a network error with the status", async () => {
    const url = serve(
      () =>
        new Response("<html><title>502 Bad Gateway</title></html>", {
          status: 502,
          headers: { "Content-Type": "text/html" },
        }),
    );
    const client = createOdooClient(options(url));
    const err = await failure(client.executeKw("res.partner", "search_count", [[]]));
    expect(err).toMatchObject({ kind: "network", details: { status: 502 } });
    expect((err as OdooError).message).toContain("502 Bad Gateway");
  });

  test("a redirect is reported with its target instead of being followed as GET", async () => {
    const url = serve(() => new Response(null, { status: 301, headers: { Location: "https://odoo.example.com/" } }));
    const err = await failure(createOdooClient(options(url)).executeKw("res.partner", "search_count", [[]]));
    expect(err).toMatchObject({ kind: "network", details: { status: 301 } });
    expect((err as OdooError).message).toContain("https://odoo.example.com/");
  });

  test("a redirect of the same path (http → https, a prefix) names the odoo_url that would not be redirected", async () => {
    for (const base of ["https://odoo.example.com", "https://odoo.example.com/erp"]) {
      const url = serve(
        (req) => new Response(null, { status: 301, headers: { Location: `${base}${new URL(req.url).pathname}` } }),
      );
      const err = await failure(createOdooClient(options(url)).executeKw("res.partner", "search_count", [[]]));
      expect((err as OdooError).message).toEndWith(`set odoo_url to ${base}`);
    }
  });

  test("a redirect to the login page: odoo_url is a page of the web client, not Odoo's base URL", async () => {
    const url = serve(
      () => new Response(null, { status: 303, headers: { Location: "/web/login?redirect=%2Fodoo%3F" } }),
    );
    const err = await failure(createOdooClient(options(url)).executeKw("res.partner", "search_count", [[]]));
    expect((err as OdooError).message).toContain("odoo_url must be the base URL of Odoo");
  });

  test("a dropped connection is a network error", async () => {
    const listener = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: { data: (socket: { end(): void }) => socket.end() },
    });
    stops.push(() => listener.stop(true));
    const err = await failure(createOdooClient(options(`http://127.0.0.1:${listener.port}`)).connect());
    expect(err).toBeInstanceOf(OdooError);
    expect(err).toMatchObject({ kind: "network" });
  });

  test("nothing listening: a network error naming the URL, without the password", async () => {
    const server = Bun.serve({ port: 0, fetch: () => new Response("") });
    const port = server.port;
    server.stop(true);
    const err = await failure(createOdooClient(options(`http://127.0.0.1:${port}`)).connect());
    expect(err).toMatchObject({ kind: "network" });
    expect((err as OdooError).message).toContain(`127.0.0.1:${port}`);
    expect((err as OdooError).message).not.toContain("hunter2");
  });

  test("TLS failures say TLS/certificate; credentials in the URL never show", async () => {
    const tlsFail: FetchLike = async () => {
      throw Object.assign(new Error("unable to verify the first certificate"), {
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
    };
    const err = await failure(
      createOdooClient(options("https://user:pa55word@odoo.example.com", { fetch: tlsFail })).connect(),
    );
    expect(err).toMatchObject({ kind: "network" });
    expect((err as OdooError).message).toMatch(/TLS\/certificate problem connecting to https:\/\/odoo\.example\.com/);
    expect((err as OdooError).message).not.toContain("pa55word");
  });
});

describe("Odoo behind a reverse proxy at a path prefix", () => {
  test("every protocol works under https://host/odoo, whatever the cookie's Path, Secure and SameSite say", async () => {
    const fake = await startFakeOdoo({ version: "19.0" });
    stops.push(() => void fake.stop());
    // The proxy strips /odoo and rewrites cookies as proxies do (proxy_cookie_path / SameSite hardening).
    const proxy = Bun.serve({
      port: 0,
      fetch: async (req) => {
        const url = new URL(req.url);
        if (!url.pathname.startsWith("/odoo/")) return new Response("not here", { status: 404 });
        const body = req.method === "POST" ? await req.text() : undefined;
        const res = await fetch(`${fake.url}${url.pathname.slice(5)}`, {
          method: req.method,
          headers: req.headers,
          body,
        });
        const headers = new Headers(res.headers);
        headers.delete("set-cookie");
        for (const c of res.headers.getSetCookie()) {
          headers.append("set-cookie", c.replace("Path=/", "Path=/odoo; Secure; SameSite=Strict"));
        }
        return new Response(await res.text(), { status: res.status, headers });
      },
    });
    stops.push(() => proxy.stop(true));
    const url = `http://127.0.0.1:${proxy.port}/odoo/`;
    const admin = fake.users.admin;
    for (const [protocol, credential, mode] of [
      ["auto", { password: admin.password }, "session"],
      ["auto", { apiKey: admin.apiKey }, "bearer"],
      ["xmlrpc", { password: admin.password }, "stateless"],
    ] as const) {
      const client = createOdooClient({
        url,
        database: fake.database,
        login: admin.login,
        protocol,
        timeoutMs: 5000,
        ...credential,
      });
      expect((await client.connect()).mode).toBe(mode);
      expect(await client.executeKw("res.partner", "search_count", [[["id", "=", 3]]])).toBe(1);
      await client.close();
    }
  });
});

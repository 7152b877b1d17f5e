import { afterEach, describe, expect, test } from "bun:test";
import type { HttpApp } from "../../../src/http/app.ts";
import { healthHandler } from "../../../src/http/health.ts";
import { LabelCap, Registry, recordOdooCall, registry } from "../../../src/metrics.ts";
import { OdooError } from "../../../src/odoo/errors.ts";
import { VERSION } from "../../../src/version.ts";
import { tinyApp } from "./fixtures.ts";

const apps: HttpApp[] = [];
afterEach(async () => {
  for (const h of apps.splice(0)) await h.close();
});

const odooAt = (version: () => Promise<string>) => {
  let probes = 0;
  return {
    get probes() {
      return probes;
    },
    protocol: "jsonrpc" as const,
    version: async () => {
      probes += 1;
      return { serverVersion: await version(), major: 18, minor: 0 };
    },
  };
};

describe("GET /health", () => {
  test("ok with Odoo's version and protocol, the demo flag and our version", async () => {
    const h = tinyApp({ odoo: odooAt(async () => "18.0") });
    apps.push(h);
    const res = await h.app.handle(new Request("http://localhost:8080/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      odoo: { reachable: true, version: "18.0", protocol: "jsonrpc" },
      demo: false,
      version: VERSION,
    });
  });

  test("503 degraded with the reason when Odoo does not answer", async () => {
    const odoo = odooAt(async () => {
      throw new OdooError("network", "connect ECONNREFUSED 127.0.0.1:8069");
    });
    const h = tinyApp({ odoo, demo: true });
    apps.push(h);
    const res = await h.app.handle(new Request("http://localhost:8080/health"));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "degraded",
      odoo: { reachable: false, error: expect.stringContaining("ECONNREFUSED") },
      demo: true,
    });
  });

  test("with a token, /health stays open but only the token holder learns why Odoo is unreachable", async () => {
    const odoo = odooAt(async () => {
      throw new OdooError("network", "Cannot connect to Odoo at http://odoo.internal:8069");
    });
    const h = tinyApp({ odoo, settings: { authToken: "tok" } });
    apps.push(h);
    const open = await h.app.handle(new Request("http://localhost:8080/health"));
    expect(open.status).toBe(503);
    const body = await open.text();
    expect(body).not.toContain("odoo.internal");
    expect(JSON.parse(body)).toMatchObject({
      status: "degraded",
      odoo: { reachable: false, error: expect.any(String) },
    });
    const authed = await h.app.handle(
      new Request("http://localhost:8080/health", { headers: { authorization: "Bearer tok" } }),
    );
    expect(await authed.json()).toMatchObject({ odoo: { error: expect.stringContaining("odoo.internal") } });
  });

  test("the probe is cached: a burst of health checks reaches Odoo once", async () => {
    const odoo = odooAt(async () => "17.0");
    const health = healthHandler({ odoo, demo: false, cacheMs: 60_000 });
    await Promise.all([health(true), health(true), health(false)]);
    await health(true);
    expect(odoo.probes).toBe(1);
    const uncached = healthHandler({ odoo, demo: false, cacheMs: 0 });
    await uncached(true);
    await uncached(true);
    expect(odoo.probes).toBe(3);
  });

  test("a probe that never answers counts as unreachable", async () => {
    const health = healthHandler({ odoo: odooAt(() => new Promise(() => {})), demo: false, timeoutMs: 1 });
    const res = await health(true);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ odoo: { reachable: false, error: expect.stringContaining("no answer") } });
  });
});

describe("GET /metrics", () => {
  test("Prometheus text with request, Odoo-call, stream and rate-limit series", async () => {
    const h = tinyApp();
    apps.push(h);
    await h.app.handle(
      new Request("http://localhost:8080/mcp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "call_tool",
          params: { name: "echo", arguments: { text: "m" } },
        }),
      }),
    );
    recordOdooCall({ model: "res.partner", method: "search_read", ms: 12, ok: true });
    const res = await h.app.handle(new Request("http://localhost:8080/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toContain("# TYPE odoo_mcp_requests_total counter");
    expect(text).toMatch(/odoo_mcp_requests_total\{transport="web",method="call_tool",tool="echo",status="200"\} \d+/);
    expect(text).toMatch(/odoo_mcp_odoo_calls_total\{model="res.partner",method="search_read",outcome="ok"\} \d+/);
    expect(text).toMatch(
      /odoo_mcp_odoo_call_duration_seconds_bucket\{model="res.partner",method="search_read",le="0.025"\} \d+/,
    );
    for (const name of ["odoo_mcp_open_streams", "odoo_mcp_queue_dropped_total", "odoo_mcp_rate_limited_total"]) {
      expect(text).toContain(`# HELP ${name} `);
    }
    expect(text.endsWith("\n")).toBe(true);
  });
});

describe("metrics registry", () => {
  test("counters, gauges and cumulative histograms render in the exposition format, labels escaped", () => {
    const r = new Registry();
    const c = r.counter("t_total", "a counter");
    c.inc({ path: 'a"b\\c\nd' });
    c.inc({ path: 'a"b\\c\nd' }, 2);
    const g = r.gauge("t_open", "a gauge");
    g.inc({ kind: "x" });
    g.inc({ kind: "x" });
    g.dec({ kind: "x" });
    const hist = r.histogram("t_seconds", "a histogram", [0.1, 1]);
    hist.observe({}, 0.05);
    hist.observe({}, 0.5);
    hist.observe({}, 5);
    expect(r.render()).toBe(
      [
        "# HELP t_total a counter",
        "# TYPE t_total counter",
        't_total{path="a\\"b\\\\c\\nd"} 3',
        "# HELP t_open a gauge",
        "# TYPE t_open gauge",
        't_open{kind="x"} 1',
        "# HELP t_seconds a histogram",
        "# TYPE t_seconds histogram",
        't_seconds_bucket{le="0.1"} 1',
        't_seconds_bucket{le="1"} 2',
        't_seconds_bucket{le="+Inf"} 3',
        "t_seconds_sum 5.55",
        "t_seconds_count 3",
        "",
      ].join("\n"),
    );
  });

  test("recordOdooCall counts failures separately and observes latency in seconds", () => {
    recordOdooCall({ model: "x.model", method: "write", ms: 2500, ok: false });
    const text = registry.render();
    expect(text).toMatch(/odoo_mcp_odoo_calls_total\{model="x.model",method="write",outcome="error"\} 1/);
    expect(text).toContain('odoo_mcp_odoo_call_duration_seconds_bucket{model="x.model",method="write",le="2.5"} 1');
    expect(text).toContain('odoo_mcp_odoo_call_duration_seconds_bucket{model="x.model",method="write",le="1"} 0');
  });
});

test("client-chosen label values are capped: beyond the first N distinct values they count as 'other'", () => {
  const cap = new LabelCap(2);
  expect(["a", "b", "c", "a", "d"].map((v) => cap.of(v))).toEqual(["a", "b", "other", "a", "other"]);
});

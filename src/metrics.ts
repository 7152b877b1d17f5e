/** Label values of one series, keyed by label name. */
export type Labels = Record<string, string>;

type Kind = "counter" | "gauge" | "histogram";

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const fmtLabels = (labels: Labels, extra?: [string, string]) => {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
};
// Every request counts and times itself: the key is built per observation, so cheaply (names sorted by code unit).
const keyOf = (labels: Labels) => {
  let key = "";
  let previous = "";
  // Call sites name their labels in order: sorting is only needed when one does not.
  for (const n in labels) {
    if (n < previous) return sortedKey(labels);
    previous = n;
    key += `${n}\u0000${labels[n]}\u0001`;
  }
  return key;
};
const sortedKey = (labels: Labels) => {
  let key = "";
  for (const n of Object.keys(labels).sort()) key += `${n}\u0000${labels[n]}\u0001`;
  return key;
};

abstract class Metric<T> {
  protected readonly series = new Map<string, { labels: Labels; value: T }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly kind: Kind,
  ) {}
  protected slot(labels: Labels, init: () => T): { labels: Labels; value: T } {
    const key = keyOf(labels);
    const s = this.series.get(key) ?? { labels, value: init() };
    this.series.set(key, s);
    return s;
  }
  /** The Prometheus text lines of every series of this metric. */
  abstract lines(): string[];
}

/** A monotonically increasing count. */
export class Counter extends Metric<number> {
  inc(labels: Labels = {}, by = 1): void {
    this.slot(labels, () => 0).value += by;
  }
  get(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.value ?? 0;
  }
  lines(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${fmtLabels(s.labels)} ${s.value}`);
  }
}

/** A value that goes up and down (open streams, sessions). */
export class Gauge extends Metric<number> {
  set(labels: Labels, value: number): void {
    this.slot(labels, () => 0).value = value;
  }
  inc(labels: Labels = {}, by = 1): void {
    this.slot(labels, () => 0).value += by;
  }
  dec(labels: Labels = {}, by = 1): void {
    this.slot(labels, () => 0).value -= by;
  }
  get(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.value ?? 0;
  }
  lines(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${fmtLabels(s.labels)} ${s.value}`);
  }
}

interface HistogramValue {
  counts: number[];
  sum: number;
  count: number;
}

/** Cumulative buckets, sum and count of observed values (seconds). */
export class Histogram extends Metric<HistogramValue> {
  constructor(
    name: string,
    help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  ) {
    super(name, help, "histogram");
  }
  observe(labels: Labels, value: number): void {
    const s = this.slot(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 })).value;
    this.buckets.forEach((le, i) => {
      if (value <= le) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  count(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.value.count ?? 0;
  }
  lines(): string[] {
    return [...this.series.values()].flatMap(({ labels, value }) => [
      ...this.buckets.map((le, i) => `${this.name}_bucket${fmtLabels(labels, ["le", String(le)])} ${value.counts[i]}`),
      `${this.name}_bucket${fmtLabels(labels, ["le", "+Inf"])} ${value.count}`,
      `${this.name}_sum${fmtLabels(labels)} ${value.sum}`,
      `${this.name}_count${fmtLabels(labels)} ${value.count}`,
    ]);
  }
}

/** A set of metrics rendered together in the Prometheus text exposition format (version 0.0.4). */
export class Registry {
  private readonly metrics: Array<Metric<unknown>> = [];
  private add<M extends Metric<unknown>>(m: M): M {
    this.metrics.push(m as Metric<unknown>);
    return m;
  }
  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help, "counter"));
  }
  gauge(name: string, help: string): Gauge {
    return this.add(new Gauge(name, help, "gauge"));
  }
  histogram(name: string, help: string, buckets?: number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }
  render(): string {
    const out = this.metrics.flatMap((m) => [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.kind}`, ...m.lines()]);
    return `${out.join("\n")}\n`;
  }
}

/** The process-wide registry `/metrics` serves. */
export const registry = new Registry();

/** The instruments every part of odoo-mcp records into. */
export const metrics = {
  requests: registry.counter(
    "odoo_mcp_requests_total",
    "MCP and documented-channel requests by transport, JSON-RPC method, tool and HTTP status",
  ),
  requestSeconds: registry.histogram(
    "odoo_mcp_request_duration_seconds",
    "Time to answer a request (to the response headers for streams), by transport and method",
  ),
  odooCalls: registry.counter("odoo_mcp_odoo_calls_total", "Calls to Odoo by model, method and outcome"),
  odooSeconds: registry.histogram(
    "odoo_mcp_odoo_call_duration_seconds",
    "Latency of calls to Odoo by model and method",
  ),
  openStreams: registry.gauge("odoo_mcp_open_streams", "Open server-sent-event streams by kind"),
  sessions: registry.gauge("odoo_mcp_sessions", "Live sessions by transport"),
  queueDropped: registry.counter(
    "odoo_mcp_queue_dropped_total",
    "Events dropped from full per-client queues (slow consumers), by stream kind",
  ),
  queueDisconnects: registry.counter(
    "odoo_mcp_queue_disconnects_total",
    "Streams closed because their client could not keep up, by stream kind",
  ),
  rateLimited: registry.counter("odoo_mcp_rate_limited_total", "Requests refused by the per-client rate limit"),
  refused: registry.counter("odoo_mcp_http_refused_total", "Requests refused by a security guard, by reason"),
  authFailures: registry.counter(
    "odoo_mcp_auth_failures_total",
    "Per-user credentials Odoo refused (http.identity: per_user)",
  ),
  published: registry.counter("odoo_mcp_resource_updates_total", "Resource updates published to subscribers"),
  subscriptions: registry.gauge("odoo_mcp_subscriptions", "Live resource subscriptions, every transport together"),
  watched: registry.gauge(
    "odoo_mcp_watched",
    "What change detection watches: distinct uris, records, lists and models",
  ),
  polls: registry.counter("odoo_mcp_polls_total", "Change-detection rounds, by outcome"),
  pollCalls: registry.counter("odoo_mcp_poll_odoo_calls_total", "Odoo calls spent on change detection"),
  pushes: registry.counter("odoo_mcp_pushes_total", "Record changes pushed by Odoo's bus (push mode)"),
  notifications: registry.counter(
    "odoo_mcp_notifications_total",
    "Resource-updated notifications handed to subscribers (sessions, streams and /events clients)",
  ),
  busState: registry.gauge("odoo_mcp_bus_connected", "1 while the push-mode websocket to Odoo's bus is open, else 0"),
  busStates: registry.gauge("odoo_mcp_bus_state", "Push mode's websocket to Odoo's bus: 1 for its current state"),
  busReconnects: registry.counter("odoo_mcp_bus_reconnects_total", "Reconnects of push mode's websocket to Odoo's bus"),
};

/**
 * Keeps a label's distinct values bounded: the first `max` values seen are kept, later ones become "other", and so
 * does any value that is not a plain name of at most 64 characters (`shape`). Label values that come from clients
 * (model and method names) would otherwise grow the registry without end, or make one series megabytes long.
 */
export class LabelCap {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly shape = /^[A-Za-z0-9_./-]{1,64}$/,
  ) {}
  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || value.length > 64 || !this.shape.test(value)) return "other";
    this.seen.add(value);
    return value;
  }
}

const models = new LabelCap(200);
const odooMethods = new LabelCap(200);

/** Records one call to Odoo (wired to the Odoo client's `onCall` hook). */
export function recordOdooCall(call: { model: string; method: string; ms: number; ok: boolean }): void {
  const labels = { model: models.of(call.model), method: odooMethods.of(call.method) };
  metrics.odooCalls.inc({ ...labels, outcome: call.ok ? "ok" : "error" });
  metrics.odooSeconds.observe(labels, call.ms / 1000);
}

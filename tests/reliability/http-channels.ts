import { SseReader } from "../unit/http/sse-reader.ts";
import { type Answer, type Codes, MCP_CODES } from "./hostile.ts";

// The four ways a client talks to odoo-mcp over HTTP, each as a channel that sends one raw message (any text) and
// returns what came back: the HTTP status and the JSON-RPC answers of the response (the legacy transport's answers
// arrive on its event stream instead).

/** One HTTP exchange: the status, the answers in its body, and the body as text (for the secrets scan). */
export interface Reply {
  status: number;
  answers: Answer[];
  body: string;
}

/** A connected HTTP client of one kind. */
export interface Channel {
  name: string;
  codes: Codes;
  /** The transport's name for an MCP method (the web channel renames them). */
  method: (mcp: string) => string;
  /** Whether a JSON-RPC batch is served (each message answered) rather than refused. */
  batches: boolean;
  /** Whether the channel serves an MCP method at all. */
  serves: (mcp: string) => boolean;
  send(text: string): Promise<Reply>;
  /** Whether accepted messages (HTTP 202) are answered on an event stream, into `streamed`. */
  onStream: boolean;
  /** Answers that arrived apart from any reply (the legacy event stream). */
  streamed: Answer[];
  /** Codes this channel may answer a given message with besides the generator's expectation, and why. */
  alsoAccepted(text: string, answer: Answer): boolean;
  close(): Promise<void>;
}

/** The error codes the documented web channel uses (docs/http-channel.md "Errors"). */
export const WEB_CODES: Codes = {
  parse: -32700,
  invalidRequest: -32002,
  methodNotFound: -32003,
  invalidParams: -32004,
  resourceNotFound: -32002,
};

/** 2026-07-28 Streamable HTTP: a missing resource is -32602 with `data.uri` (the revision's own code). */
export const MODERN_CODES: Codes = { ...MCP_CODES, resourceNotFound: -32602 };

const WEB_NAMES: Record<string, string> = {
  "tools/call": "call_tool",
  "resources/read": "read_resource",
  "tools/list": "list_tools",
  "resources/list": "list_resources",
  "resources/templates/list": "list_resource_templates",
  "resources/subscribe": "subscribe_resource",
  "resources/unsubscribe": "unsubscribe_resource",
  ping: "ping",
};

/** A channel with MCP's names and defaults: every method served, batches refused, answers in the replies. */
const channel = (name: string, codes: Codes, own: Pick<Channel, "send"> & Partial<Channel>): Channel => ({
  name,
  codes,
  method: (m) => m,
  serves: () => true,
  batches: false,
  onStream: false,
  streamed: [],
  alsoAccepted: () => false,
  close: async () => {},
  ...own,
});

/** The JSON-RPC messages in a response body: JSON (one or a batch) or an event stream's `message` events. */
export async function answersOf(res: Response): Promise<Reply> {
  const body = await res.text();
  const type = res.headers.get("content-type") ?? "";
  const parse = (text: string): Answer[] => {
    try {
      const v = JSON.parse(text) as Answer | Answer[];
      return Array.isArray(v) ? v : [v];
    } catch {
      return [];
    }
  };
  if (type.startsWith("text/event-stream")) {
    const reader = new SseReader(new Response(body).body as ReadableStream<Uint8Array>);
    const answers: Answer[] = [];
    for (let e = await reader.nextEvent(); e; e = await reader.nextEvent())
      if (e.data && (e.event ?? "message") === "message") answers.push(...parse(e.data));
    return { status: res.status, answers, body };
  }
  return { status: res.status, answers: body ? parse(body) : [], body };
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const clientInfo = { name: "hostile", version: "1" };

/** The documented web channel: plain JSON-RPC POSTs to /mcp, no handshake, its own error codes. */
export function webChannel(url: string, auth: Record<string, string>): Channel {
  return channel("web channel", WEB_CODES, {
    method: (m) => WEB_NAMES[m] ?? m,
    serves: (m) => m in WEB_NAMES,
    // A batch is MCP's (docs: "Who gets what"): refused as such, -32000 (no session) or -32600 (empty), HTTP 400.
    alsoAccepted: (text, a) => text.startsWith("[") && [-32000, -32600].includes(a.error?.code ?? 0),
    send: async (text) =>
      answersOf(await fetch(`${url}/mcp`, { method: "POST", headers: { ...JSON_HEADERS, ...auth }, body: text })),
  });
}

/** A 2025-11-25 Streamable HTTP session: initialize, then every message with its Mcp-Session-Id. */
export async function sessionChannel(url: string, auth: Record<string, string>): Promise<Channel> {
  const init = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { ...JSON_HEADERS, ...auth },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo },
    }),
  });
  const sid = init.headers.get("mcp-session-id");
  await init.text();
  if (init.status !== 200 || !sid) throw new Error(`initialize: HTTP ${init.status}`);
  const headers = { ...JSON_HEADERS, ...auth, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" };
  const post = (body: string) => fetch(`${url}/mcp`, { method: "POST", headers, body });
  await (await post(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }))).text();
  return channel("2025 session", MCP_CODES, {
    // The SDK serves batches in a session (up to 100 messages) though 2025-06-18 dropped them from MCP.
    batches: true,
    send: async (text) => answersOf(await post(text)),
    close: async () => void (await fetch(`${url}/mcp`, { method: "DELETE", headers })).body?.cancel(),
  });
}

const META_VERSION = "io.modelcontextprotocol/protocolVersion";
/** The methods whose `params.name` travels as the Mcp-Name header too (SEP-2243). */
const NAMED = new Set(["tools/call", "prompts/get"]);
/** MCP methods the 2026-07-28 revision dropped: "method not found" there. */
const DROPPED = new Set(["ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"]);
/** The longest header value the channel sends (Bun refuses request headers over 16 KiB with an empty 431). */
const MAX_HEADER = 4096;

/**
 * 2026-07-28 stateless Streamable HTTP: each message carries the `_meta` envelope and the Mcp-Method / Mcp-Name
 * headers (SEP-2243), as the v2 SDK client sends them. A header value too long to send is left out; the server then
 * answers -32020 (headers and body disagree), as the revision requires.
 */
export function modernChannel(url: string, auth: Record<string, string>): Channel {
  const envelope = {
    [META_VERSION]: "2026-07-28",
    "io.modelcontextprotocol/clientInfo": clientInfo,
    "io.modelcontextprotocol/clientCapabilities": {},
  };
  const omitted = new Set<string>();
  return channel("2026-07-28 stateless", MODERN_CODES, {
    serves: (m) => !DROPPED.has(m),
    // A batch is 2025-era traffic: without a session it is refused -32000 (HTTP 400).
    alsoAccepted: (text, a) =>
      (omitted.has(text) && a.error?.code === -32020) || (text.startsWith("[") && a.error?.code === -32000),
    async send(text) {
      const headers: Record<string, string> = { ...JSON_HEADERS, ...auth, "mcp-protocol-version": "2026-07-28" };
      let body = text;
      try {
        const msg = JSON.parse(text) as { method?: unknown; params?: unknown };
        if (typeof msg === "object" && msg !== null && !Array.isArray(msg) && typeof msg.method === "string") {
          const params = msg.params ?? {};
          const named =
            typeof params === "object" && params !== null && !Array.isArray(params)
              ? (params as Record<string, unknown>)
              : undefined;
          if (named) body = JSON.stringify({ ...msg, params: { ...named, _meta: { ...envelope } } });
          const name = NAMED.has(msg.method) ? named?.name : msg.method === "resources/read" ? named?.uri : undefined;
          for (const [header, value] of [
            ["mcp-method", msg.method],
            ["mcp-name", name],
          ] as const) {
            if (typeof value !== "string") continue;
            if (value.length > MAX_HEADER || !/^[\x20-\x7e]*$/.test(value)) omitted.add(text);
            else headers[header] = value;
          }
        }
      } catch {
        // Not JSON: sent as it is.
      }
      return answersOf(await fetch(`${url}/mcp`, { method: "POST", headers, body }));
    },
  });
}

/** The 2024-11-05 HTTP+SSE transport: GET /sse for the stream, POST /messages?sessionId= for each message. */
export async function legacyChannel(url: string, auth: Record<string, string>): Promise<Channel> {
  const stream = await fetch(`${url}/sse`, { headers: { accept: "text/event-stream", ...auth } });
  if (stream.status !== 200 || !stream.body) throw new Error(`/sse: HTTP ${stream.status}`);
  const reader = new SseReader(stream.body);
  const endpoint = (await reader.nextEvent((e) => e.event === "endpoint"))?.data;
  if (!endpoint) throw new Error("/sse: no endpoint event");
  const streamed: Answer[] = [];
  const pumping = (async () => {
    for (let e = await reader.nextEvent(); e; e = await reader.nextEvent()) {
      if (e.event === "message" && e.data) streamed.push(JSON.parse(e.data) as Answer);
    }
  })();
  const post = (body: string) =>
    fetch(`${url}${endpoint}`, { method: "POST", headers: { ...JSON_HEADERS, ...auth }, body });
  const init = { protocolVersion: "2024-11-05", capabilities: {}, clientInfo };
  await (await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: init }))).text();
  for (let i = 0; i < 500 && !streamed.some((a) => a.id === 1); i++) await Bun.sleep(10);
  await (await post(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }))).text();
  streamed.length = 0;
  return channel("legacy /sse", MCP_CODES, {
    batches: true,
    onStream: true,
    streamed,
    async send(text) {
      const reply = await answersOf(await post(text));
      return reply.status === 202 ? { ...reply, answers: [] } : reply;
    },
    async close() {
      await reader.close();
      await pumping.catch(() => {});
    },
  });
}

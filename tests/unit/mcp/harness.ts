import { afterAll, beforeAll, beforeEach } from "bun:test";
import { Client as V2Client } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { InMemoryTransport, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";
import * as v from "valibot";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { createLogger, type Logger } from "../../../src/log.ts";
import type { ServerDeps } from "../../../src/mcp/server.ts";
import { serveStdio } from "../../../src/stdio.ts";
import { odooClientFromConfig } from "../../../src/wire.ts";

/** One Odoo model method call seen on the wire. */
export interface OdooCall {
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** The AbortSignal the client gave fetch for this request. */
  signal?: AbortSignal;
}

/** A fake Odoo and the deps a registry is built from, logged in as `user`. */
export interface Backend {
  fake: FakeOdoo;
  deps: ServerDeps;
  log: Logger;
  /** Every model method the client sent to the fake, in order (session call_kw and /jsonrpc execute_kw). */
  calls: OdooCall[];
  stop(): Promise<void>;
}

/** The model call inside a JSON-RPC body, if it is one. */
function callOf(body: unknown): OdooCall | undefined {
  const params = (body as { params?: Record<string, unknown> } | null)?.params;
  if (!params) return undefined;
  if (typeof params["model"] === "string" && typeof params["method"] === "string") {
    const { model, method, args = [], kwargs = {} } = params as unknown as OdooCall;
    return { model, method, args, kwargs };
  }
  const a = params["args"];
  if (params["method"] === "execute_kw" && Array.isArray(a)) {
    return { model: a[3], method: a[4], args: a[5] ?? [], kwargs: a[6] ?? {} };
  }
  return undefined;
}

/** Which fake Odoo, which user and which config a backend gets. */
export interface BackendOptions {
  version?: FakeVersion;
  user?: "admin" | "demo";
  apiKey?: boolean;
  config?: Record<string, unknown>;
}

/** Starts a fake Odoo of `version` and the real client against it over HTTP (password, or the user's API key). */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const fake = await startFakeOdoo({ version: options.version ?? "18.0" });
  const user = fake.users[options.user ?? "admin"];
  const config = v.parse(ConfigSchema, {
    odoo_url: fake.url,
    database: fake.database,
    uid: user.login,
    ...(options.apiKey ? { api_key: user.apiKey } : { password: user.password }),
    logging: { level: "DEBUG", handlers: [] },
    ...options.config,
  });
  const log = createLogger(config.logging, { stderr: { write() {} } });
  const calls: OdooCall[] = [];
  // Real HTTP to the fake; the wrapper only notes what was asked.
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    if (typeof init?.body === "string") {
      try {
        const call = callOf(JSON.parse(init.body));
        if (call) calls.push({ ...call, ...(init.signal ? { signal: init.signal } : {}) });
      } catch {
        // not JSON (XML-RPC): not recorded
      }
    }
    return fetch(input, init);
  };
  const odoo = odooClientFromConfig(config, log, recording);
  return {
    fake,
    log,
    calls,
    deps: { config, odoo, log },
    stop: async () => {
      await odoo.close().catch(() => {});
      await fake.stop();
    },
  };
}

/**
 * The client flavours a host may use: the v1 SDK (2025 hosts) on 2025-11-25 and on 2025-06-18 (hosts not yet on the
 * newest revision), the v2 client on 2025-11-25 and on 2026-07-28.
 */
export type Flavour = "v1" | "v1-2025-06-18" | "v2" | "v2-modern";
export const FLAVOURS: Flavour[] = ["v1", "v1-2025-06-18", "v2", "v2-modern"];

/** The v1 client always offers its newest revision; an older host's `initialize` asks for 2025-06-18. */
function asOlderHost(message: JSONRPCMessage): JSONRPCMessage {
  if (!("method" in message) || message.method !== "initialize" || !message.params) return message;
  return { ...message, params: { ...message.params, protocolVersion: "2025-06-18" } };
}

/** What the tests need of a client, common to both SDKs. */
export interface AnyClient {
  listTools(): Promise<{ tools: Array<Record<string, unknown> & { name: string }> }>;
  callTool(
    params: { name: string; arguments: Record<string, unknown>; _meta?: Record<string, unknown> },
    options?: {
      onprogress?: (p: { progress: number; total?: number; message?: string }) => void;
      signal?: AbortSignal;
    },
  ): Promise<ToolResult>;
  readResource(params: { uri: string }): Promise<{ contents: Array<Record<string, unknown>> }>;
  listResourceTemplates(): Promise<{ resourceTemplates: Array<{ uriTemplate: string; name: string }> }>;
  complete(params: {
    ref: { type: "ref/resource"; uri: string };
    argument: { name: string; value: string };
    context?: { arguments?: Record<string, string> };
  }): Promise<{ completion: { values: string[]; hasMore?: boolean } }>;
  setLoggingLevel(level: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A tool result as the tests read it. */
export interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** The text of a tool result. */
export const text = (r: ToolResult) => r.content.map((c) => c.text ?? "").join("");

/** Per-request options both SDKs understand. */
export interface CallOptions {
  onprogress?: (p: { progress: number; total?: number; message?: string }) => void;
  signal?: AbortSignal;
}

/** A connected client over an in-memory pair through `serveStdio`, plus every message the server sent. */
export interface Session {
  client: AnyClient;
  /** `tools/call` with request options (the v1 and v2 signatures differ). */
  call(name: string, args: Record<string, unknown>, options: CallOptions): Promise<ToolResult>;
  /** Messages from server to client, in order. */
  received: JSONRPCMessage[];
  /** Resolves when serveStdio returns (the "stdin" closed). */
  served: Promise<void>;
  close(): Promise<void>;
}

/** Serves `deps` through `serveStdio` on one end of an in-memory pair and connects a client of `flavour`. */
export async function connect(
  deps: ServerDeps,
  flavour: Flavour,
  options: {
    now?: () => number;
    onNotification?: (m: JSONRPCMessage) => void;
    /** Declares form elicitation and answers every `elicitation/create` with this. */
    elicit?: (params: { message: string }) => {
      action: "accept" | "decline" | "cancel";
      content?: Record<string, unknown>;
    };
  } = {},
): Promise<Session> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  const served = serveStdio(deps, { transport: serverSide, ...(options.now ? { now: options.now } : {}) });
  const spy: Transport = {
    start: () => clientSide.start(),
    close: () => clientSide.close(),
    send: (m, o) => clientSide.send(flavour === "v1-2025-06-18" ? asOlderHost(m) : m, o),
  };
  clientSide.onmessage = (m, extra) => {
    received.push(m);
    options.onNotification?.(m);
    spy.onmessage?.(m, extra);
  };
  clientSide.onclose = () => spy.onclose?.();
  clientSide.onerror = (e) => spy.onerror?.(e);
  const v1 = flavour.startsWith("v1");
  const capabilities = options.elicit ? { capabilities: { elicitation: { form: {} } } } : {};
  const client = v1
    ? new V1Client({ name: "test-v1", version: "1.0.0" }, capabilities)
    : new V2Client(
        { name: "test-v2", version: "1.0.0" },
        flavour === "v2-modern"
          ? { versionNegotiation: { mode: { pin: "2026-07-28" } }, ...capabilities }
          : capabilities,
      );
  const elicit = options.elicit;
  if (elicit) {
    const answer = async (request: { params: { message: string } }) => elicit(request.params);
    if (v1) (client as V1Client).setRequestHandler(ElicitRequestSchema, answer);
    else (client as V2Client).setRequestHandler("elicitation/create", answer as never);
  }
  await client.connect(spy as never);
  const any = client as unknown as {
    callTool(params: unknown, a?: unknown, b?: unknown): Promise<ToolResult>;
  };
  return {
    client: client as unknown as AnyClient,
    call: (name, args, callOptions) =>
      v1
        ? any.callTool({ name, arguments: args }, undefined, callOptions)
        : any.callTool({ name, arguments: args }, callOptions),
    received,
    served,
    close: async () => {
      await client.close();
      await served;
    },
  };
}

/**
 * For the tests of a file or a describe block: a backend and a v1 session, started before the first test and
 * stopped after the last; the Odoo calls seen are forgotten before each test.
 */
export function suite(options: BackendOptions = {}): { readonly backend: Backend; readonly session: Session } {
  const live = {} as { backend: Backend; session: Session };
  beforeAll(async () => {
    live.backend = await startBackend(options);
    live.session = await connect(live.backend.deps, "v1");
  });
  afterAll(async () => {
    await live.session.close();
    await live.backend.stop();
  });
  beforeEach(() => {
    live.backend.calls.length = 0;
  });
  return live;
}

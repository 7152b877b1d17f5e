import type { SessionStore } from "./session-cache.ts";
/** The wire protocols odoo-mcp can speak to Odoo. `auto` picks the best one the server offers. */
export type Protocol = "jsonrpc" | "xmlrpc" | "json2";
export type ProtocolSetting = Protocol | "auto";

/** What the server says about itself (`common.version` / `/web/webclient/version_info`). */
export interface OdooVersion {
  /** e.g. "18.0", "saas~18.2", "19.0+e" */
  serverVersion: string;
  major: number;
  minor: number;
}

/** Who we are logged in as. */
export interface OdooIdentity {
  uid: number;
  login: string;
  /** How calls are made after login: a session cookie, or the credential on every call. */
  mode: "session" | "stateless" | "bearer";
}

export interface CallOptions {
  /** Aborts the HTTP request to Odoo (MCP cancellation). */
  signal?: AbortSignal;
  /** Merged over the client's default context (lang, tz, allowed_company_ids). */
  context?: Record<string, unknown>;
}

/** A file Odoo served over HTTP (a rendered report). */
export interface Download {
  status: number;
  contentType: string;
  bytes: Uint8Array;
}

/** One interface over JSON-RPC, XML-RPC and JSON-2; every failure is an `OdooError`. */
export interface OdooClient {
  /** The protocol in use (resolved after `connect()` when the setting was `auto`). */
  readonly protocol: Protocol;
  /** Detects the version, picks the protocol, logs in once; concurrent callers share one login. */
  connect(): Promise<OdooIdentity>;
  version(): Promise<OdooVersion>;
  /** `model.method(*args, **kwargs)`; a method that returns None resolves to `null`. */
  executeKw<T = unknown>(
    model: string,
    method: string,
    args?: unknown[],
    kwargs?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<T>;
  /**
   * GETs a web route with the logged-in web session (`/report/pdf/...`), renewing an expired session once; an
   * `OdooError` of kind "user" where calls carry the credential instead (API key, XML-RPC, JSON-2), since Odoo's web
   * routes only know sessions.
   */
  download?(path: string, options?: CallOptions): Promise<Download>;
  /** Ends the session where there is one. */
  close(): Promise<void>;
  /** Where this client keeps its session and metadata across restarts (config `session_cache`), if anywhere. */
  readonly store?: SessionStore;
}

/** `fetch` is injected so tests talk to the fake Odoo over real HTTP without module mocks. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Odoo series the fake can play. */
export type FakeVersion = "17.0" | "18.0" | "19.0";

/** A seeded login of the fake. */
export interface FakeUser {
  login: string;
  password: string;
  uid: number;
  partnerId: number;
  apiKey: string;
  totp?: boolean;
}

/** Faults injected into the next requests; tests set fields directly. */
export interface FakeFaults {
  latencyMs?: number;
  /** Added to every request that checks a password or API key (real Odoo hashes it, on purpose slowly). */
  credentialCheckMs?: number;
  expireSessions?: boolean;
  http500?: number;
  drop?: number;
  /** How long after a write the bus delivers what an automation rule sent (real Odoo: about 0.5 s). */
  busDelayMs?: number;
  /** `/websocket` answers 502 (no evented worker behind the proxy) while set; `bus.drop()` cuts open sockets. */
  busDown?: boolean;
  /** Requests handled in full (a write is applied), then their connection cut before the answer. */
  dropAfter?: number;
}

/** Counters of what the fake did since the last reset. */
export interface FakeCounters {
  requests: number;
  sessionLogins: number;
  commonAuthenticates: number;
  passwordChecks: number;
}

/** Test hook onto the fake's websocket bus. */
export interface FakeBus {
  send(channel: string, type: string, payload: unknown): void;
  /** Cuts every open websocket (a killed evented worker). */
  drop(): void;
  /** Open websockets. */
  readonly sockets: number;
}

/** A running fake Odoo. */
export interface FakeOdoo {
  url: string;
  port: number;
  version: FakeVersion;
  database: string;
  users: { admin: FakeUser; demo: FakeUser; totp: FakeUser };
  faults: FakeFaults;
  counters: FakeCounters;
  bus: FakeBus;
  /** Freezes the time stamped as write_date ("YYYY-MM-DD HH:MM:SS.ffffff"), or releases it with undefined. */
  setClock(now: (() => string) | undefined): void;
  reset(): void;
  stop(): Promise<void>;
}

/** JSON value as it travels over Odoo's wire protocols. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain record object, as stored and as read. */
export type Row = Record<string, Json>;

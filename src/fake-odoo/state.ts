import { runAutomations } from "./automations.ts";
import { Bus } from "./bus.ts";
import { TOTP_LOGIN, TOTP_UID } from "./models/seed.ts";
import { Db, odooNow } from "./orm/store.ts";
import type { FakeCounters, FakeFaults, FakeUser, FakeVersion } from "./types.ts";
import { profileOf, type VersionProfile } from "./versions.ts";

/** A web session (`session_id` cookie); `uid` is null while a 2FA login is pending. */
export interface Session {
  sid: string;
  uid: number | null;
  login: string;
  db: string;
  /** Set by the first `/websocket/peek_notifications` poll. */
  websocket?: boolean;
}

/** The users the fake seeds, with their credentials. */
export function usersOf(p: VersionProfile): { admin: FakeUser; demo: FakeUser; totp: FakeUser } {
  return {
    admin: { login: "admin", password: "admin", uid: 2, partnerId: 3, apiKey: "<admin-api-key>" },
    demo: { login: "demo", password: "demo", uid: p.demoUid, partnerId: p.demoPartnerId, apiKey: "<demo-api-key>" },
    totp: { login: TOTP_LOGIN, password: "totp", uid: TOTP_UID, partnerId: 30, apiKey: "<totp-api-key>", totp: true },
  };
}

// The captures use two spellings of the API key placeholders; both are valid keys of their user.
const KEY_ALIASES: Record<string, string> = { "<apikey_admin>": "admin", "<apikey_demo>": "demo" };

/** Everything the fake holds: version, database, sessions, counters, faults. */
export class FakeState {
  readonly profile: VersionProfile;
  readonly users: ReturnType<typeof usersOf>;
  db: Db;
  sessions = new Map<string, Session>();
  counters: FakeCounters = { requests: 0, sessionLogins: 0, commonAuthenticates: 0, passwordChecks: 0 };
  readonly faults: FakeFaults = {};
  baseUrl = "";
  readonly bus: Bus;

  constructor(version: FakeVersion) {
    this.profile = profileOf(version);
    this.users = usersOf(this.profile);
    this.bus = new Bus(this);
    this.db = this.newDb();
  }

  /** A database at its seed, its automation rules wired to the bus. */
  private newDb(): Db {
    const db = new Db(this.profile);
    if (this.clock) db.now = this.clock;
    db.onChange = (model, ids, op) => runAutomations(this, db, model, ids, op);
    return db;
  }

  /** Freezes (or, with undefined, releases) the transaction time stamped on writes. */
  setClock(now: (() => string) | undefined): void {
    this.clock = now;
    this.db.now = now ?? odooNow;
  }

  private clock?: () => string;

  /** Back to the seed: data, counters, sessions; faults cleared (same objects, tests hold them). */
  reset(): void {
    this.db = this.newDb();
    this.sessions.clear();
    this.bus.reset();
    Object.assign(this.counters, { requests: 0, sessionLogins: 0, commonAuthenticates: 0, passwordChecks: 0 });
    for (const k of Object.keys(this.faults)) delete this.faults[k as keyof FakeFaults];
  }

  /** The seeded user with this login or uid. */
  user(loginOrUid: string | number): FakeUser | undefined {
    return Object.values(this.users).find((u) => u.login === loginOrUid || u.uid === loginOrUid);
  }

  /** The user owning an API key (placeholder spellings included). */
  userByKey(key: string): FakeUser | undefined {
    const alias = KEY_ALIASES[key];
    if (alias) return this.users[alias as "admin" | "demo"];
    return Object.values(this.users).find((u) => u.apiKey === key);
  }

  /** One credential check (counted): password unless the user has 2FA, or an API key when allowed. */
  checkCredential(user: FakeUser | undefined, secret: unknown, allowApiKey: boolean): boolean {
    this.counters.passwordChecks++;
    if (!user || typeof secret !== "string") return false;
    if (secret === user.password && !user.totp) return true;
    return allowApiKey && this.userByKey(secret)?.uid === user.uid;
  }
}

import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { OdooVersion } from "./types.ts";

/** A web session kept across restarts: the cookie Odoo set and who it belongs to. Never a password or key. */
export interface CachedSession {
  cookie: string;
  uid: number;
  login: string;
  /** The version of the server the session was used on: reusing the session needs no version probe either. */
  version?: OdooVersion;
}

/** Field metadata of models, with the registry signature it was read under. */
export interface CachedFields {
  signature: string;
  models: Record<string, unknown>;
}

/** What one cache file holds (one file per Odoo URL, database and login). */
export interface CacheEntry {
  session?: CachedSession;
  fields?: CachedFields;
}

/** Reads and writes one cache entry; failures are swallowed (a cache never breaks a call). */
export interface SessionStore {
  read(): CacheEntry;
  update(change: (entry: CacheEntry) => CacheEntry): void;
}

/** `$XDG_CACHE_HOME/odoo-mcp`, else `~/.cache/odoo-mcp`. */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env["XDG_CACHE_HOME"] || join(env["HOME"] || homedir(), ".cache");
  return join(base, "odoo-mcp");
}

/** The file of one URL, database and login (a digest: the name says nothing about the server or the user). */
export function cacheFile(dir: string, url: string, database: string, login: string): string {
  const key = createHash("sha256")
    .update(`${url.replace(/\/+$/, "")}\0${database}\0${login}`)
    .digest("hex");
  return join(dir, `session-${key.slice(0, 32)}.json`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Only well-formed parts of what was read survive (a hand-edited or truncated file is ignored). */
function parse(text: string): CacheEntry {
  const raw: unknown = JSON.parse(text);
  if (!isObject(raw)) return {};
  const out: CacheEntry = {};
  const s = raw["session"];
  if (
    isObject(s) &&
    typeof s["cookie"] === "string" &&
    typeof s["uid"] === "number" &&
    typeof s["login"] === "string"
  ) {
    out.session = { cookie: s["cookie"], uid: s["uid"], login: s["login"] };
    const v = s["version"];
    if (
      isObject(v) &&
      typeof v["serverVersion"] === "string" &&
      Number.isInteger(v["major"]) &&
      Number.isInteger(v["minor"])
    )
      out.session.version = {
        serverVersion: v["serverVersion"],
        major: v["major"] as number,
        minor: v["minor"] as number,
      };
  }
  const f = raw["fields"];
  if (isObject(f) && typeof f["signature"] === "string" && isObject(f["models"]))
    out.fields = { signature: f["signature"], models: f["models"] };
  return out;
}

/** The store of one file, created 0600 in a 0700 directory; written whole through a rename. */
export function fileStore(path: string, dir: string): SessionStore {
  let cached: CacheEntry | undefined;
  const read = (): CacheEntry => {
    if (cached) return cached;
    try {
      cached = parse(readFileSync(path, "utf8"));
    } catch {
      cached = {};
    }
    return cached;
  };
  return {
    read,
    update(change) {
      const next = change(read());
      cached = next;
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
        chmodSync(tmp, 0o600);
        renameSync(tmp, path);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          // nothing was written
        }
      }
    },
  };
}

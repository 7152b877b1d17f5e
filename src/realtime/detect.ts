import { createHash } from "node:crypto";
import type { OdooClient } from "../odoo/types.ts";
import { formatOdooUri, type OdooUri, parseOdooUri } from "../resources/uri.ts";

type Row = Record<string, unknown>;

/** Odoo's write_date has whole-second precision: a second write within this long of the first can leave it equal. */
export const SECOND_MS = 1000;
/** Most rows a list's "written since" query returns per round; more still count as a change. */
const WINDOW_ROWS = 1000;

/** Fields read to compare a record (stored ones, binaries as sizes) and the ones `/events` clients get. */
export interface ModelFields {
  compare: string[];
  content: string[];
}

/** What change detection needs: Odoo, which fields to read, a list page's content. */
export interface DetectorDeps {
  odoo: Pick<OdooClient, "executeKw">;
  fields(model: string): Promise<ModelFields>;
  /** The content `/events` clients get for a changed list page. */
  readList(uri: string): Promise<unknown>;
  /** Whether anyone subscribed to `uri` wants the new content (else only the URI is announced). */
  wantsData(uri: string): boolean;
  /** A monotonic clock in ms, used only for durations (never compared with Odoo's times). */
  now?: () => number;
}

/** A change found by a round: the URI and the data `/events` clients get (`null`: deleted). */
export interface Change {
  uri: string;
  data: unknown;
}

interface Seen {
  /** The record's write_date as Odoo returned it; false once it is gone. */
  wd: string | false;
  /** Digest of the compared fields (write_date and write_uid excepted). */
  print?: string;
  /** Binary fields' sizes (or ir.attachment's checksum), by field. */
  bins?: Record<string, string>;
  /** While set, the record is compared by content too: a second write in the same second leaves write_date equal. */
  settleAt?: number;
}

interface ModelState {
  seen: Map<number, Seen>;
  /** Lists: the newest write_date seen; rows written at or after it are looked at each round. */
  cursor?: string;
  count?: number;
}

// Bookkeeping of the write itself: a write that changed no value changes only these.
const digest = (row: Row) => {
  const { write_date: _w, write_uid: _u, __last_update: _l, ...rest } = row;
  return createHash("sha256").update(JSON.stringify(rest)).digest("base64");
};

const binValue = (model: string, field: string, row: Row) =>
  String(model === "ir.attachment" && field === "datas" ? (row.checksum ?? row.file_size) : row[field]);

/**
 * Change detection by `write_date`: per model and round, one `search_read` of the write dates of every watched record
 * (and, for lists, of the records written since the last round), one batched `read` of the records that changed (or
 * were written within the last second, compared by content), and for lists a `search_count`. Calls depend on the
 * number of watched models, never on the number of records or subscribers.
 */
export class Detector {
  private readonly models = new Map<string, ModelState>();
  /** Odoo calls made (the poller's budget and metrics). */
  calls = 0;

  constructor(private readonly d: DetectorDeps) {}

  private now(): number {
    return this.d.now?.() ?? performance.now();
  }

  private state(model: string): ModelState {
    let s = this.models.get(model);
    if (!s) {
      s = { seen: new Map() };
      this.models.set(model, s);
    }
    return s;
  }

  private async call<T>(model: string, method: string, args: unknown[], kwargs: Row): Promise<T> {
    this.calls += 1;
    return this.d.odoo.executeKw<T>(model, method, args, kwargs);
  }

  private async readContent(model: string, ids: number[]): Promise<Map<number, Row>> {
    if (ids.length === 0) return new Map();
    const { compare, content } = await this.d.fields(model);
    const fields = [...new Set([...compare, ...content, "write_date"])];
    const rows = await this.call<Row[]>(model, "read", [ids], {
      fields,
      context: { bin_size: true, active_test: false },
    });
    return new Map(rows.map((r) => [Number(r.id), r]));
  }

  private remember(model: string, seen: Seen, row: Row, compare: string[], bins: string[]): void {
    seen.print = digest(Object.fromEntries(compare.map((f) => [f, row[f]])));
    seen.bins = Object.fromEntries(bins.map((f) => [f, binValue(model, f, row)]));
    seen.wd = typeof row.write_date === "string" ? row.write_date : seen.wd;
  }

  /** Takes the current state of `uri` as the base later rounds compare with (on subscribing). */
  async baseline(uri: string): Promise<void> {
    const u = parseOdooUri(uri);
    const s = this.state(u.model);
    if (u.kind === "list") {
      if (s.cursor !== undefined) return;
      const [top, count] = await Promise.all([
        this.call<Row[]>(u.model, "search_read", [[]], {
          fields: ["write_date"],
          order: "write_date desc, id desc",
          limit: 50,
          context: { active_test: false },
        }),
        this.call<number>(u.model, "search_count", [[]], {}),
      ]);
      const received = this.now();
      s.cursor = typeof top[0]?.write_date === "string" ? top[0].write_date : "1970-01-01 00:00:00";
      s.count = count;
      for (const row of top) {
        if (row.write_date === s.cursor && !s.seen.has(Number(row.id)))
          s.seen.set(Number(row.id), { wd: s.cursor, settleAt: received + SECOND_MS });
      }
      return;
    }
    const known = s.seen.get(u.id);
    if (known?.print !== undefined && (u.kind === "record" || known.bins?.[u.field] !== undefined)) return;
    const { compare } = await this.d.fields(u.model);
    const rows = await this.readContent(u.model, [u.id]);
    const row = rows.get(u.id);
    const seen: Seen = known ?? { wd: false };
    if (row) this.remember(u.model, seen, row, compare, u.kind === "binary" ? [u.field] : Object.keys(seen.bins ?? {}));
    seen.settleAt = this.now() + SECOND_MS;
    s.seen.set(u.id, seen);
  }

  /** One round over the watched URIs: what changed since the last one. A failing model is retried next round. */
  async round(uris: string[]): Promise<{ changes: Change[]; errors: unknown[] }> {
    const byModel = new Map<string, OdooUri[]>();
    for (const uri of uris) {
      const u = parseOdooUri(uri);
      byModel.set(u.model, [...(byModel.get(u.model) ?? []), u]);
    }
    for (const model of this.models.keys()) if (!byModel.has(model)) this.models.delete(model);
    const results = await Promise.allSettled([...byModel].map(([model, us]) => this.roundModel(model, us)));
    const changes: Change[] = [];
    const errors: unknown[] = [];
    for (const r of results) {
      if (r.status === "fulfilled") changes.push(...r.value);
      else errors.push(r.reason);
    }
    return { changes, errors };
  }

  private async roundModel(model: string, uris: OdooUri[]): Promise<Change[]> {
    const s = this.state(model);
    const ids = [...new Set(uris.flatMap((u) => (u.kind === "list" ? [] : [u.id])))];
    const lists = uris.filter((u) => u.kind === "list");
    const watched = new Set(ids);
    const window = lists.length > 0 && s.cursor !== undefined ? [["write_date", ">=", s.cursor]] : undefined;
    const byId = ids.length > 0 ? [["id", "in", ids]] : undefined;
    const domain = byId && window ? ["|", ...byId, ...window] : (byId ?? window ?? []);
    const sent = this.now();
    const [rows, count] = await Promise.all([
      this.call<Row[]>(model, "search_read", [domain], {
        fields: ["write_date"],
        ...(window ? { limit: ids.length + WINDOW_ROWS } : {}),
        context: { active_test: false },
      }),
      lists.length > 0 ? this.call<number>(model, "search_count", [[]], {}) : Promise.resolve(undefined),
    ]);
    const received = this.now();
    const changed = new Set<number>();
    const hot = new Set<number>();
    const gone = new Set<number>();
    let listChanged = count !== undefined && s.count !== undefined && count !== s.count;
    if (count !== undefined) s.count = count;
    if (window && rows.length >= ids.length + WINDOW_ROWS) listChanged = true;
    const present = new Set<number>();
    /** write_date per id as this round's search saw it. */
    const searched = new Map<number, string | false>();
    let newest = s.cursor;
    for (const row of rows) {
      const id = Number(row.id);
      const wd = typeof row.write_date === "string" ? row.write_date : false;
      present.add(id);
      searched.set(id, wd);
      if (wd && (newest === undefined || wd > newest)) newest = wd;
      const prev = s.seen.get(id);
      const inWindow = window !== undefined && wd !== false && wd >= String(s.cursor);
      if (!prev) {
        s.seen.set(id, { wd, settleAt: received + SECOND_MS });
        hot.add(id);
        if (inWindow) listChanged = true;
      } else if (prev.wd !== wd) {
        prev.wd = wd;
        prev.settleAt = received + SECOND_MS;
        changed.add(id);
      } else if (prev.settleAt !== undefined) hot.add(id);
    }
    for (const id of ids) {
      const prev = s.seen.get(id);
      if (!present.has(id) && prev && prev.wd !== false) {
        prev.wd = false;
        prev.print = undefined;
        prev.settleAt = undefined;
        gone.add(id);
      }
    }
    if (lists.length > 0) s.cursor = newest ?? s.cursor;
    const { compare } = await this.d.fields(model);
    const bins = [...new Set(uris.flatMap((u) => (u.kind === "binary" ? [u.field] : [])))];
    const content = await this.readContent(model, [...changed, ...hot]);
    const readAt = this.now();
    const printChanged = new Set<number>();
    const binChanged = new Set<string>();
    for (const [id, row] of content) {
      const prev = s.seen.get(id)!;
      const before = { print: prev.print, bins: prev.bins };
      this.remember(model, prev, row, compare, bins);
      // Only a difference counts: a write that left every value as it was announces nothing.
      if (before.print !== undefined && before.print !== prev.print) printChanged.add(id);
      for (const f of bins)
        if (before.bins?.[f] !== undefined && before.bins[f] !== prev.bins?.[f]) binChanged.add(`${f}/${id}`);
      // Written again between the search and the read: another write may yet come within that write's second.
      if (searched.has(id) && row.write_date !== searched.get(id)) prev.settleAt = readAt + SECOND_MS;
      // The round sent after the second of the write was over saw its last state: the record is settled.
      else if (prev.settleAt !== undefined && sent >= prev.settleAt && !changed.has(id)) prev.settleAt = undefined;
    }
    // Deleted between the two calls.
    for (const id of changed) {
      if (!content.has(id) && watched.has(id)) {
        gone.add(id);
        s.seen.get(id)!.wd = false;
      }
    }
    // Records seen only through a list's window, no longer at its edge, need not be remembered.
    for (const [id, seen] of s.seen) {
      if (!watched.has(id) && (s.cursor === undefined || String(seen.wd) < s.cursor)) s.seen.delete(id);
    }
    if (lists.length > 0 && (printChanged.size > 0 || gone.size > 0)) listChanged = true;
    return this.changesOf(model, uris, content, printChanged, binChanged, gone, listChanged);
  }

  private async changesOf(
    model: string,
    uris: OdooUri[],
    content: Map<number, Row>,
    printChanged: Set<number>,
    binChanged: Set<string>,
    gone: Set<number>,
    listChanged: boolean,
  ): Promise<Change[]> {
    const { content: fields } = await this.d.fields(model);
    const out: Change[] = [];
    for (const u of uris) {
      const uri = formatOdooUri(u);
      if (u.kind === "record") {
        if (gone.has(u.id)) out.push({ uri, data: null });
        else if (printChanged.has(u.id)) {
          const row = content.get(u.id)!;
          out.push({ uri, data: Object.fromEntries([["id", u.id], ...fields.map((f) => [f, row[f]])]) });
        }
      } else if (u.kind === "binary") {
        if (gone.has(u.id)) out.push({ uri, data: null });
        else if (binChanged.has(`${u.field}/${u.id}`)) {
          const row = content.get(u.id)!;
          out.push({ uri, data: { id: u.id, field: u.field, size: row[u.field], write_date: row.write_date } });
        }
      } else if (listChanged) {
        out.push({ uri, data: this.d.wantsData(uri) ? await this.d.readList(uri).catch(() => null) : null });
      }
    }
    return out;
  }

  /** Forgets everything (tests). */
  reset(): void {
    this.models.clear();
  }
}

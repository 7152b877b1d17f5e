import type { CallToolResult } from "@modelcontextprotocol/server";
import { useEffect, useState } from "preact/hooks";
import { mount, textOf, type ViewProps } from "./app.tsx";
import { hintsOf } from "./hints.ts";
import { RecordTable, type Sort } from "./table.tsx";

interface Page {
  records: Array<Record<string, unknown>>;
  count: number;
  offset: number;
  limit: number;
  next_offset: number | null;
  note?: string;
}

const pageOf = (r: CallToolResult | undefined) => r?.structuredContent as Page | undefined;

/** odoo_search_read's view: one page as a table, a count, sorting and paging through the tool itself. */
function Records({ app, result, host }: ViewProps) {
  const [current, setCurrent] = useState<CallToolResult | undefined>(result);
  const [sort, setSort] = useState<Sort | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => setCurrent(result), [result]);
  const page = pageOf(current);
  const hints = current ? hintsOf(current) : undefined;
  if (!current) return <p class="muted">Loading…</p>;
  if (current.isError || !page) return <p class="error">{textOf(current)}</p>;

  // Everything fits on this page: sort here; otherwise Odoo orders the whole set and we go back to its first page.
  const whole = page.offset === 0 && page.next_offset === null;
  const again = async (args: Record<string, unknown>) => {
    if (!hints) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await app.callServerTool({ name: "odoo_search_read", arguments: { ...hints.args, ...args } });
      if (r.isError) setError(textOf(r));
      else setCurrent(r);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const onSort = (s: Sort) => {
    setSort(s);
    if (!whole) void again({ order: `${s.field} ${s.desc ? "desc" : "asc"}`, offset: 0 });
  };
  const first = page.records.length ? page.offset + 1 : 0;
  const last = page.offset + page.records.length;
  const model = hints?.model ?? "";
  return (
    <div class={busy ? "view busy" : "view"}>
      <header>
        <strong class="title">{model}</strong>
        <span class="count" data-count={page.count}>
          {first}–{last} of {page.count} record{page.count === 1 ? "" : "s"}
        </span>
      </header>
      <RecordTable
        app={app}
        records={page.records}
        hints={hints}
        where={host}
        sort={sort}
        onSort={onSort}
        local={whole}
      />
      <nav>
        <button
          type="button"
          class="prev"
          disabled={busy || page.offset === 0}
          onClick={() => void again({ offset: Math.max(0, page.offset - page.limit) })}
        >
          ‹ Previous
        </button>
        <button
          type="button"
          class="next"
          disabled={busy || page.next_offset === null}
          onClick={() => void again({ offset: page.next_offset })}
        >
          Next ›
        </button>
      </nav>
      {page.note ? <p class="muted note">{page.note}</p> : null}
      {error ? <p class="error">{error}</p> : null}
    </div>
  );
}

mount("records", Records);

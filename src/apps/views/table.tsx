import type { App } from "@modelcontextprotocol/ext-apps";
import { openThroughHost } from "./app.tsx";
import { display, type Locale, sortKey } from "./format.ts";
import type { ViewHints } from "./hints.ts";
import { recordUrl } from "./weburl.ts";

type Row = Record<string, unknown>;

/** The columns worth a table cell: the name first, then the other fields read, without ids and files. */
export function columnsOf(records: Row[], hints: ViewHints | undefined): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  const skip = (k: string) => k === "id" || hints?.fields[k]?.type === "binary" || /^image_\d+$/.test(k);
  const first = ["display_name", "name"].find((k) => seen.has(k));
  const rest = [...seen].filter((k) => k !== first && !skip(k) && !(first === "display_name" && k === "name"));
  return first ? [first, ...rest] : rest;
}

const label = (name: string, hints: ViewHints | undefined) => hints?.fields[name]?.string ?? name;

/** How the table is ordered: locally, or by asking Odoo again (`order` on the tool). */
export interface Sort {
  field: string;
  desc: boolean;
}

interface TableProps {
  app: App;
  records: Row[];
  hints: ViewHints | undefined;
  where: Locale;
  sort: Sort | undefined;
  onSort: (s: Sort) => void;
  /** Sorts the rows here when set; the caller sorted them (through Odoo) otherwise. */
  local: boolean;
}

/** A sortable table of records, each name a link to the record in Odoo's web client. */
export function RecordTable({ app, records, hints, where, sort, onSort, local }: TableProps) {
  const columns = columnsOf(records, hints);
  const shown = records.map((r) => ({ r, cells: columns.map((c) => display(r[c], hints?.fields[c], r, where)) }));
  if (local && sort) {
    const i = columns.indexOf(sort.field);
    const key = (x: (typeof shown)[number]) => sortKey(x.r[sort.field], x.cells[i] ?? "");
    shown.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      const c = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
      return sort.desc ? -c : c;
    });
  }
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.field === c;
              const next = { field: c, desc: active ? !sort.desc : false };
              return (
                <th key={c} aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}>
                  <button type="button" data-field={c} onClick={() => onSort(next)}>
                    {label(c, hints)}
                    <span class="arrow">{active ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map(({ r, cells }) => {
            const id = typeof r["id"] === "number" ? r["id"] : undefined;
            const url = hints && id !== undefined ? recordUrl(hints.web, hints.major, hints.model, id) : undefined;
            return (
              <tr key={String(id)} data-id={id}>
                {cells.map((text, i) =>
                  i === 0 && url ? (
                    <td key={columns[i]}>
                      <a href={url} target="_blank" rel="noopener" onClick={(e) => openThroughHost(app, e, url)}>
                        {text || `#${id}`}
                      </a>
                    </td>
                  ) : (
                    <td key={columns[i]} class={typeof r[columns[i] ?? ""] === "number" ? "num" : undefined}>
                      {text}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

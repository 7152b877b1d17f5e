import { useState } from "preact/hooks";
import { contentOf, mount, textOf, type ViewProps } from "./app.tsx";
import { RecordCard } from "./card.tsx";
import { hintsOf } from "./hints.ts";
import { RecordTable, type Sort } from "./table.tsx";

/** odoo_read's view: one record as a card, several as a table sorted here. */
function Read({ app, result, host }: ViewProps) {
  const [sort, setSort] = useState<Sort | undefined>(undefined);
  if (!result) return <p class="muted">Loading…</p>;
  const records = contentOf(result)["records"] as Array<Record<string, unknown>> | undefined;
  if (result.isError || !records) return <p class="error">{textOf(result)}</p>;
  const hints = hintsOf(result);
  const [only] = records;
  if (records.length === 1 && only) return <RecordCard app={app} record={only} hints={hints} where={host} />;
  return (
    <div class="view">
      <header>
        <strong class="title">{hints?.model}</strong>
        <span class="count" data-count={records.length}>
          {records.length} record{records.length === 1 ? "" : "s"}
        </span>
      </header>
      <RecordTable app={app} records={records} hints={hints} where={host} sort={sort} onSort={setSort} local />
    </div>
  );
}

mount("record", Read);

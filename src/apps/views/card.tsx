import type { App } from "@modelcontextprotocol/ext-apps";
import { useEffect, useState } from "preact/hooks";
import { contentOf, openThroughHost } from "./app.tsx";
import { display, imageSrc, type Locale } from "./format.ts";
import type { ViewHints } from "./hints.ts";
import { recordUrl } from "./weburl.ts";

type Row = Record<string, unknown>;

const GROUPS: Array<[string, (type: string) => boolean]> = [
  ["Details", (t) => ["char", "selection", "boolean", "many2one", "reference"].includes(t)],
  ["Amounts", (t) => ["integer", "float", "monetary"].includes(t)],
  ["Dates", (t) => t === "date" || t === "datetime"],
  ["Related", (t) => t === "one2many" || t === "many2many"],
  ["Notes", (t) => t === "text" || t === "html"],
];

/** The record's fields in labelled groups (details, amounts, dates, related, notes), empty values left out. */
export function groupFields(record: Row, hints: ViewHints | undefined, where: Locale) {
  const skip = new Set(["id", "display_name"]);
  const groups = GROUPS.map(([title]) => ({ title, rows: [] as Array<{ name: string; label: string; text: string }> }));
  const other = { title: "Other", rows: [] as Array<{ name: string; label: string; text: string }> };
  for (const [name, value] of Object.entries(record)) {
    const field = hints?.fields[name];
    if (skip.has(name) || field?.type === "binary") continue;
    const text = display(value, field, record, where);
    if (!text) continue;
    const type = field?.type ?? (typeof value === "number" ? "float" : "char");
    const i = GROUPS.findIndex(([, test]) => test(type));
    (i >= 0 ? groups[i]! : other).rows.push({ name, label: field?.string ?? name, text });
  }
  return [...groups, other].filter((g) => g.rows.length > 0);
}

interface Message {
  id: number;
  date: string;
  author_id: [number, string] | false;
  body: string;
}

/** The chatter's last messages, read through odoo_search_read on mail.message (a card shows five). */
function Chatter({ app, model, id, where }: { app: App; model: string; id: number; where: Locale }) {
  const [messages, setMessages] = useState<Message[] | undefined>(undefined);
  useEffect(() => {
    const domain = [
      ["model", "=", model],
      ["res_id", "=", id],
      // What people wrote (comments, notes, e-mails), not tracking notifications; email_outgoing is 18+.
      ["message_type", "in", ["comment", "email", "email_outgoing"]],
    ];
    app
      .callServerTool({
        name: "odoo_search_read",
        arguments: { model: "mail.message", domain, fields: ["date", "author_id", "body"], limit: 5, order: "id desc" },
      })
      .then((r) => setMessages(r.isError ? [] : ((contentOf(r)["records"] as Message[]) ?? [])))
      .catch(() => setMessages([]));
  }, [app, model, id]);
  if (!messages?.length) return null;
  return (
    <section class="chatter">
      <h3>Last messages</h3>
      {messages.map((m) => (
        <div class="message" key={m.id}>
          <div class="muted">
            {m.author_id ? m.author_id[1] : ""} · {display(m.date, { type: "datetime" }, {}, where)}
          </div>
          <div>{display(m.body, { type: "html" }, {}, where)}</div>
        </div>
      ))}
    </section>
  );
}

/** One record as a card: its name and image, its fields grouped, a link to Odoo, the chatter when it has one. */
export function RecordCard({ app, record, hints, where }: { app: App; record: Row; hints?: ViewHints; where: Locale }) {
  const id = typeof record["id"] === "number" ? record["id"] : undefined;
  const title = String(record["display_name"] ?? record["name"] ?? (id ? `#${id}` : ""));
  const image = Object.entries(record)
    .filter(([k]) => hints?.fields[k]?.type === "binary" || /^image_/.test(k))
    .map(([, v]) => imageSrc(v))
    .find(Boolean);
  const url = hints && id ? recordUrl(hints.web, hints.major, hints.model, id) : undefined;
  return (
    <article class="card">
      <header>
        {image ? <img class="avatar" src={image} alt="" /> : null}
        <div>
          <h2>{title}</h2>
          <div class="muted">
            {hints?.model} {id ? `#${id}` : ""}
            {url ? (
              <>
                {" · "}
                <a href={url} target="_blank" rel="noopener" onClick={(e) => openThroughHost(app, e, url)}>
                  Open in Odoo
                </a>
              </>
            ) : null}
          </div>
        </div>
      </header>
      {groupFields(record, hints, where).map((g) => (
        <section key={g.title}>
          <h3>{g.title}</h3>
          <dl>
            {g.rows.map((r) => (
              <div class="pair" key={r.name} data-field={r.name}>
                <dt>{r.label}</dt>
                <dd>{r.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {hints?.chatter && id ? <Chatter app={app} model={hints.model} id={id} where={where} /> : null}
    </article>
  );
}

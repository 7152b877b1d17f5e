import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, type Env, isAdmin, missingError, recordsetRepr } from "./env.ts";
import { existing } from "./misc.ts";
import { odooNow } from "./store.ts";
import { createRecords } from "./write.ts";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;");

/**
 * mail.thread's `message_post` (mail/models/mail_thread.py, 17–19): one record; a str body is escaped unless
 * `body_is_html`; `user_notification` is refused; attachments the user uploaded pending
 * (`mail.compose.message`, res_id 0) move to the record; posting needs write access on the document
 * (`_mail_post_access = 'write'`). Returns the new message's id.
 */
export function messagePost(env: Env, def: ModelDef, ids: number[], a: Record<string, Json>): Json {
  if (ids.length !== 1) throw E.value(`Expected singleton: ${recordsetRepr(def.model, ids)}`);
  const [record] = existing(env, def.model, ids);
  if (!record) throw missingError(env, def.model, ids);
  checkAccess(env, def, "write");
  const messageType = typeof a.message_type === "string" ? a.message_type : "notification";
  if (messageType === "user_notification") {
    throw E.value("Use message_notify to send a notification to an user.");
  }
  const body = typeof a.body === "string" ? a.body : "";
  const html = a.body_is_html === true ? body : escapeHtml(body).replace(/\n/g, "<br>");
  const subtype = typeof a.subtype_xmlid === "string" ? a.subtype_xmlid : false;
  const attachmentIds = Array.isArray(a.attachment_ids) ? a.attachment_ids.filter((x) => typeof x === "number") : [];
  const pending = [...(env.db.table("ir.attachment")?.rows.values() ?? [])].filter((r: Row) =>
    attachmentIds.includes(Number(r.id)),
  );
  for (const att of pending) {
    if (att.res_model === "mail.compose.message" || att.res_model === "mail.message") {
      att.res_model = def.model;
      att.res_id = ids[0]!;
    }
  }
  const author = env.db.table("res.users")?.rows.get(env.uid)?.partner_id ?? false;
  const partners = Array.isArray(a.partner_ids) ? a.partner_ids.filter((x) => typeof x === "number") : [];
  const messages = env.db.table("mail.message")!.def;
  // The ORM creates the message as superuser once the document check passed (mail.thread's sudo()).
  const [id] = createRecords({ ...env, uid: 1 }, messages, [
    {
      subject: typeof a.subject === "string" ? a.subject : false,
      body: html ? `<p>${html}</p>` : "",
      model: def.model,
      res_id: ids[0]!,
      message_type: messageType,
      subtype_xmlid: subtype,
      is_internal: subtype === "mail.mt_note",
      author_id: author,
      partner_ids: [[6, 0, partners]],
      attachment_ids: [[6, 0, pending.map((r) => r.id ?? 0)]],
      date: odooNow(),
    },
  ]);
  return id ?? false;
}

/** 17's `_tracking_value_format`: a tracking row as the chatter shows it, in the tracked field's own column. */
function trackingFormat(env: Env, row: Row, model: string): Row {
  const field = env.db.table("ir.model.fields")?.rows.get(Number(row.field_id));
  const tracked = env.db.table(model)?.def.fields[String(field?.name ?? "")];
  const type = tracked?.type ?? "char";
  const column = ["integer", "float", "text", "datetime"].includes(type) ? type : "char";
  const value = (side: "old" | "new") => ({ currencyId: false, value: row[`${side}_value_${column}`] ?? false });
  return {
    changedField: tracked?.string ?? "Unknown",
    id: Number(row.id),
    fieldName: field?.name ?? "unknown",
    fieldType: type,
    newValue: value("new"),
    oldValue: value("old"),
  };
}

/**
 * `mail.message.message_format` (17; 18 replaced it with the private `_to_store`): the messages as the chatter shows
 * them — a subset of 17's keys — with `trackingValues` read as superuser, those of a removed field for administrators
 * only (`_filter_has_field_access`; the fake's tracked fields have no `groups`), ordered by tracking sequence.
 */
export function messageFormat(env: Env, def: ModelDef, ids: number[]): Json {
  checkAccess(env, def, "read");
  const rows = existing(env, def.model, ids);
  const trackings = [...(env.db.table("mail.tracking.value")?.rows.values() ?? [])];
  return rows.map((m) => {
    const model = String(m.model || "");
    const tracked = env.db.table(model)?.def.fields ?? {};
    const sequence = (t: Row) => {
      const name = env.db.table("ir.model.fields")?.rows.get(Number(t.field_id))?.name;
      return tracked[String(name)]?.tracking ?? 100;
    };
    const own = trackings
      .filter((t) => t.mail_message_id === m.id && (t.field_id !== false || isAdmin(env)))
      .sort((a, b) => sequence(a) - sequence(b));
    return {
      id: Number(m.id),
      body: m.body ?? "",
      date: m.date ?? false,
      message_type: m.message_type ?? false,
      model: m.model ?? false,
      res_id: m.res_id ?? false,
      subject: m.subject ?? false,
      is_internal: m.is_internal ?? false,
      author_id:
        typeof m.author_id === "number" ? [m.author_id, env.db.nameOf("res.partner", m.author_id) ?? ""] : false,
      trackingValues: own.map((t) => trackingFormat(env, t, model)),
    };
  });
}

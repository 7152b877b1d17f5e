import { E } from "../errors.ts";
import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import { checkAccess, type Env, missingError, recordsetRepr } from "./env.ts";
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

import type { ModelDef } from "../models/schema.ts";
import type { Json, Row } from "../types.ts";
import type { Env } from "./env.ts";
import { createRecords } from "./write.ts";

/** The columns a tracked field's old and new values go to (mail.tracking.value._create_tracking_values). */
function values(db: Env["db"], def: ModelDef, name: string, before: Json, after: Json): Row {
  const field = def.fields[name]!;
  if (field.type === "many2one") {
    const pair = (v: Json): [number, string] =>
      typeof v === "number" ? [v, db.nameOf(field.relation ?? "", v) ?? ""] : [0, ""];
    const [oldId, oldName] = pair(before);
    const [newId, newName] = pair(after);
    return { old_value_integer: oldId, new_value_integer: newId, old_value_char: oldName, new_value_char: newName };
  }
  const column = ["integer", "float", "text", "datetime"].includes(field.type) ? field.type : "char";
  return { [`old_value_${column}`]: before, [`new_value_${column}`]: after };
}

/**
 * mail.thread's tracking after a write (`_track_finalize`): for each record whose tracked fields changed, a
 * notification message in its chatter, written by the current user, carrying one mail.tracking.value per field.
 */
export function trackChanges(env: Env, def: ModelDef, before: Row[], after: Row[]): void {
  if (!def.mailThread) return;
  const tracked = Object.entries(def.fields).filter(([, f]) => f.tracking !== undefined);
  const messages = env.db.table("mail.message");
  const trackings = env.db.table("mail.tracking.value");
  const fieldIds = env.db.table("ir.model.fields");
  if (!messages || !trackings || !fieldIds || tracked.length === 0) return;
  const sudo = { ...env, uid: 1 };
  const author = env.db.table("res.users")?.rows.get(env.uid)?.partner_id ?? false;
  for (const [i, old] of before.entries()) {
    const now = after[i]!;
    const changed = tracked
      .filter(([name]) => JSON.stringify(old[name] ?? false) !== JSON.stringify(now[name] ?? false))
      .sort(([, a], [, b]) => (a.tracking ?? 0) - (b.tracking ?? 0));
    if (changed.length === 0) continue;
    const [message] = createRecords(sudo, messages.def, [
      {
        body: "",
        model: def.model,
        res_id: Number(now.id),
        message_type: "notification",
        subtype_xmlid: "mail.mt_note",
        is_internal: true,
        author_id: author,
        date: env.db.now(),
      },
    ]);
    const fieldId = (name: string) =>
      [...fieldIds.rows.values()].find((r) => r.model === def.model && r.name === name)?.id ?? false;
    // Odoo's create stores readonly fields; the fake's create skips them (the UI's rule), so they are set here.
    const rows = changed.map(([name]) => ({
      field_id: fieldId(name),
      mail_message_id: message ?? false,
      ...values(env.db, def, name, old[name] ?? false, now[name] ?? false),
    }));
    const ids = createRecords(sudo, trackings.def, rows);
    for (const [j, id] of ids.entries()) Object.assign(trackings.rows.get(id)!, rows[j]);
  }
}

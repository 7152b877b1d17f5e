import { defineModel, F, type ModelDef } from "./schema.ts";

/** `mail.message`, the chatter's messages: what `message_post` creates on a `mail.thread` record. */
export const mailMessageModel: ModelDef = defineModel({
  model: "mail.message",
  description: "Message",
  order: "id desc",
  recName: "subject",
  fields: {
    subject: F.char("Subject"),
    body: F.html("Contents"),
    model: F.char("Related Document Model"),
    res_id: F.int("Related Document ID"),
    message_type: F.sel(
      "Type",
      [
        ["email", "Incoming Email"],
        ["comment", "Comment"],
        ["email_outgoing", "Outgoing Email"],
        ["notification", "System notification"],
        ["auto_comment", "Automated Targeted Notification"],
        ["user_notification", "User Specific Notification"],
      ],
      { required: true, default: "comment" },
    ),
    subtype_xmlid: F.char("Subtype (the fake's stand-in for subtype_id)"),
    is_internal: F.bool("Employee Only"),
    author_id: F.m2o("Author", "res.partner"),
    partner_ids: F.m2m("Recipients", "res.partner"),
    attachment_ids: F.m2m("Attachments", "ir.attachment"),
    date: F.datetime("Date"),
  },
});

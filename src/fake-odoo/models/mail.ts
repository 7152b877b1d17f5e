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
    tracking_value_ids: F.o2m("Tracking values", "mail.tracking.value", "mail_message_id"),
  },
});

/**
 * `mail.activity.type` (mail/models/mail_activity_type.py): every internal user reads it, only Settings writes it.
 * Its `res_model` selection is `_get_model_selection`, the mail.thread models that are not wizards (set in seed.ts,
 * once the model list exists). Rows: the generic types of mail/data/mail_activity_type_data.xml (ids assumed).
 */
export const activityTypeModel: ModelDef = defineModel({
  model: "mail.activity.type",
  description: "Activity Type",
  order: "sequence, id",
  recName: "name",
  writeAdminOnly: true,
  fields: {
    name: F.char("Name", { required: true }),
    summary: F.char("Default Summary"),
    sequence: F.int("Sequence", { default: 10 }),
    active: F.bool("Active", { default: true }),
    icon: F.char("Icon", { help: "Font awesome icon e.g. fa-tasks" }),
    res_model: F.sel("Model", [], {
      help: "Specify a model if the activity should be specific to a model and not available when managing activities for other models.",
    }),
  },
});

import * as v from "valibot";
import { defineTool, type ToolContext, ToolError } from "../mcp/tool.ts";
import { CallContext, withContext } from "./context.ts";
import description from "./odoo_message_post.md" with { type: "text" };
import { args, integer, Model } from "./schemas.ts";

const Attachment = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.description('File name, e.g. "quote.pdf"')),
  content_base64: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, "base64 text"),
    v.description("The file's bytes, base64-encoded"),
  ),
  mimetype: v.optional(v.pipe(v.string(), v.description('e.g. "application/pdf"; Odoo guesses it when omitted'))),
});

const Input = args({
  model: Model,
  id: integer(1, "Id of the record whose chatter gets the message"),
  body: v.pipe(v.string(), v.minLength(1, "a message body"), v.description("The message: plain text, or HTML")),
  body_is_html: v.optional(
    v.pipe(v.boolean(), v.description("true: body is HTML (sanitized by Odoo); false (default): plain text")),
    false,
  ),
  message_type: v.optional(
    v.pipe(
      v.picklist(["note", "comment"]),
      v.description('"note" (default): internal, notifies no one; "comment": a message sent to the followers'),
    ),
    "note",
  ),
  subject: v.optional(v.string()),
  partner_ids: v.optional(
    v.pipe(
      v.array(v.pipe(v.number(), v.integer(), v.minValue(1))),
      v.description("Partners to notify in addition to the followers (mentions)"),
    ),
  ),
  attachments: v.optional(v.pipe(v.array(Attachment), v.description("Files to attach to the message"))),
  context: CallContext,
});

/** Whether `model` has a chatter: `ir.model.is_mail_thread` (mail installed), else its fields say so. */
async function hasChatter(ctx: ToolContext, model: string): Promise<boolean> {
  const fields = await ctx.fields(model);
  return Object.hasOwn(fields, "message_ids");
}

/** The id message_post answers: an int (17/18's `api.returns`), or a list of one id where a recordset is serialized. */
function messageId(result: unknown): number | null {
  if (typeof result === "number") return result;
  if (Array.isArray(result) && typeof result[0] === "number") return result[0];
  return null;
}

/** `odoo_message_post`: a note or message on a record's chatter, through `message_post` (never a raw mail.message). */
export const odooMessagePost = defineTool({
  name: "odoo_message_post",
  title: "Post on an Odoo record's chatter",
  description,
  input: Input,
  output: v.object({
    message_id: v.pipe(v.nullable(v.number()), v.description("Id of the new mail.message")),
    attachment_ids: v.array(v.number()),
  }),
  // A "comment" e-mails the followers; a repeat posts twice.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run({ model, id, body, body_is_html, message_type, subject, partner_ids, attachments, context }, ctx) {
    if (model === "mail.message") {
      throw new ToolError("Post on the record the message is about (its model and id), not on mail.message itself.");
    }
    if (!(await hasChatter(ctx, model))) {
      throw new ToolError(
        `${model} has no chatter (it does not inherit mail.thread), so messages cannot be posted on its records. ` +
          "odoo_list_models shows which models have one (has_chatter).",
      );
    }
    // Files are uploaded first as pending attachments, which message_post moves onto the record, as the web client
    // does: message_post's own `attachments` argument would store a base64 string's text, not its bytes.
    let attachmentIds: number[] = [];
    if (attachments?.length) {
      const created = await ctx.execute<number | number[]>(
        "ir.attachment",
        "create",
        [
          attachments.map((a) => ({
            name: a.name,
            datas: a.content_base64.replace(/\s+/g, ""),
            res_model: "mail.compose.message",
            res_id: 0,
            ...(a.mimetype ? { mimetype: a.mimetype } : {}),
          })),
        ],
        withContext({}, context),
      );
      attachmentIds = Array.isArray(created) ? created : [created];
    }
    const result = await ctx.execute(
      model,
      "message_post",
      [[id]],
      withContext(
        {
          body,
          body_is_html,
          message_type: "comment",
          subtype_xmlid: message_type === "note" ? "mail.mt_note" : "mail.mt_comment",
          ...(subject ? { subject } : {}),
          ...(partner_ids?.length ? { partner_ids } : {}),
          ...(attachmentIds.length ? { attachment_ids: attachmentIds } : {}),
        },
        context,
      ),
    );
    return { message_id: messageId(result), attachment_ids: attachmentIds };
  },
});

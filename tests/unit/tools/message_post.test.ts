import { describe, expect, test } from "bun:test";
import { type Backend, type Session, suite, text } from "../mcp/harness.ts";
import { requestsDuring } from "./requests.ts";

const post = (session: Session, args: Record<string, unknown>) =>
  session.client.callTool({ name: "odoo_message_post", arguments: { model: "res.partner", ...args } });

/** Fresh seed data, logged in again, res.partner's fields cached; the Odoo calls seen so far forgotten. */
async function fresh(live: { backend: Backend; session: Session }) {
  live.backend.fake.reset();
  await live.session.client.callTool({ name: "odoo_search_read", arguments: { model: "res.partner", limit: 1 } });
  live.backend.calls.length = 0;
}

const messages = async (session: Session) => {
  const found = await session.client.callTool({
    name: "odoo_search_read",
    arguments: {
      model: "mail.message",
      fields: ["body", "model", "res_id", "message_type", "subtype_xmlid", "attachment_ids", "partner_ids"],
    },
  });
  return (found.structuredContent as { records: Array<Record<string, unknown>> }).records;
};

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_message_post against Odoo %s", (version) => {
  const live = suite({ version });

  test("a plain-text note through message_post, one request, never a mail.message create", async () => {
    await fresh(live);
    const { result, requests } = await requestsDuring(live.backend, () =>
      post(live.session, { id: 9, body: "Called <them>:\nquote for 10 desks." }),
    );
    expect(result.isError).toBeFalsy();
    expect(requests).toBe(1);
    expect(live.backend.calls.map((c) => `${c.model}.${c.method}`)).toEqual(["res.partner.message_post"]);
    expect(live.backend.calls[0]?.kwargs).toMatchObject({
      message_type: "comment",
      subtype_xmlid: "mail.mt_note",
      body_is_html: false,
    });
    const id = (result.structuredContent as { message_id: number }).message_id;
    const [message] = await messages(live.session);
    expect(message).toMatchObject({ id, model: "res.partner", res_id: 9, subtype_xmlid: "mail.mt_note" });
    expect(message?.["body"]).toBe("<p>Called &lt;them&gt;:<br>quote for 10 desks.</p>");
  });

  test("a comment in HTML to an extra partner, with an attachment uploaded first and moved to the record", async () => {
    await fresh(live);
    const result = await post(live.session, {
      id: 9,
      body: "<b>Quote</b> attached",
      body_is_html: true,
      message_type: "comment",
      partner_ids: [3],
      attachments: [{ name: "quote.txt", content_base64: "aGVsbG8=", mimetype: "text/plain" }],
    });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { message_id: number; attachment_ids: number[] };
    expect(out.attachment_ids).toHaveLength(1);
    expect(live.backend.calls.map((c) => `${c.model}.${c.method}`)).toEqual([
      "ir.attachment.create",
      "res.partner.message_post",
    ]);
    const [message] = await messages(live.session);
    expect(message).toMatchObject({
      body: "<p><b>Quote</b> attached</p>",
      subtype_xmlid: "mail.mt_comment",
      attachment_ids: out.attachment_ids,
      partner_ids: [3],
    });
    const attachment = await live.session.client.callTool({
      name: "odoo_read",
      arguments: { model: "ir.attachment", ids: out.attachment_ids, fields: ["res_model", "res_id", "datas"] },
    });
    expect((attachment.structuredContent as { records: unknown[] }).records[0]).toMatchObject({
      res_model: "res.partner",
      res_id: 9,
      datas: "aGVsbG8=",
    });
  });

  test("refused: a model without a chatter, mail.message itself, a missing record", async () => {
    live.backend.calls.length = 0;
    const country = await post(live.session, { model: "res.country", id: 21, body: "x" });
    expect(country.isError).toBe(true);
    expect(text(country)).toContain("res.country has no chatter");
    const raw = await post(live.session, { model: "mail.message", id: 1, body: "x" });
    expect(text(raw)).toContain("not on mail.message");
    expect(live.backend.calls.some((c) => c.method === "message_post" || c.method === "create")).toBe(false);
    const missing = await post(live.session, { id: 999999, body: "x" });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("999999");
  });
});

describe("odoo_message_post over JSON-2 (Odoo 19, API key)", () => {
  const live = suite({ version: "19.0", apiKey: true });

  test("message_post takes its arguments by name with the record in ids", async () => {
    const result = await post(live.session, { id: 9, body: "hello" });
    expect(result.isError).toBeFalsy();
    expect(typeof (result.structuredContent as { message_id: unknown }).message_id).toBe("number");
  });
});

import { describe, expect, test } from "bun:test";
import { suite } from "./harness.ts";

interface PromptClient {
  listPrompts(): Promise<{ prompts: Array<{ name: string; arguments?: Array<{ name: string; required?: boolean }> }> }>;
  getPrompt(params: { name: string; arguments: Record<string, string> }): Promise<{
    messages: Array<{ role: string; content: { type: string; text: string } }>;
  }>;
  complete(params: {
    ref: { type: "ref/prompt"; name: string };
    argument: { name: string; value: string };
    context?: { arguments?: Record<string, string> };
  }): Promise<{ completion: { values: string[] } }>;
}

describe.each(["17.0", "18.0", "19.0"] as const)("MCP prompts against Odoo %s", (version) => {
  const live = suite({ version });
  const client = () => live.session.client as unknown as PromptClient;

  test("three prompts for the common jobs, with their arguments", async () => {
    const { prompts } = await client().listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["customer_open_orders", "record_changes", "draft_chatter_reply"]);
    const reply = prompts.find((p) => p.name === "draft_chatter_reply");
    expect(reply?.arguments?.map((a) => [a.name, a.required ?? false])).toEqual([
      ["model", true],
      ["record", true],
      ["instructions", false],
    ]);
  });

  test("the customer completes from res.partner names", async () => {
    const { completion } = await client().complete({
      ref: { type: "ref/prompt", name: "customer_open_orders" },
      argument: { name: "customer", value: "Wood" },
    });
    expect(completion.values).toContain("Wood Corner");
  });

  test("the model completes from ir.model, the record from the chosen model as 'id: name'", async () => {
    const models = await client().complete({
      ref: { type: "ref/prompt", name: "record_changes" },
      argument: { name: "model", value: "res.part" },
    });
    expect(models.completion.values[0]).toBe("res.partner");
    const records = await client().complete({
      ref: { type: "ref/prompt", name: "record_changes" },
      argument: { name: "record", value: "Wood" },
      context: { arguments: { model: "res.partner" } },
    });
    expect(records.completion.values.some((r) => /^\d+: Wood Corner$/.test(r))).toBe(true);
    const none = await client().complete({
      ref: { type: "ref/prompt", name: "record_changes" },
      argument: { name: "record", value: "Wood" },
    });
    expect(none.completion.values).toEqual([]);
  });

  test("getPrompt turns the arguments into instructions naming the tools; a completed record gives its id", async () => {
    const { messages } = await client().getPrompt({
      name: "draft_chatter_reply",
      arguments: { model: "res.partner", record: "9: Wood Corner", instructions: "confirm the meeting" },
    });
    const text = messages[0]?.content.text ?? "";
    expect(messages[0]?.role).toBe("user");
    expect(text).toContain("res.partner record 9.");
    expect(text).toContain("confirm the meeting");
    expect(text).toContain("odoo_message_post");
    const orders = await client().getPrompt({ name: "customer_open_orders", arguments: { customer: "Wood Corner" } });
    expect(orders.messages[0]?.content.text).toContain('odoo_name_search with model "res.partner"');
  });

  test("a missing required argument is refused", async () => {
    await expect(client().getPrompt({ name: "record_changes", arguments: { model: "res.partner" } })).rejects.toThrow();
  });
});

describe.each(["17.0", "19.0"] as const)("prompt completion as the demo user on %s (ir.model closed)", (version) => {
  const live = suite({ version, user: "demo" });
  const client = () => live.session.client as unknown as PromptClient;

  test("the model completes from the models the user may read; Settings-only models are not offered", async () => {
    const partner = await client().complete({
      ref: { type: "ref/prompt", name: "record_changes" },
      argument: { name: "model", value: "res.part" },
    });
    expect(partner.completion.values[0]).toBe("res.partner");
    const closed = await client().complete({
      ref: { type: "ref/prompt", name: "draft_chatter_reply" },
      argument: { name: "model", value: "ir.config" },
    });
    expect(closed.completion.values).toEqual([]);
  });
});

import {
  completable,
  type GetPromptResult,
  type McpServer,
  type StandardSchemaWithJSON,
} from "@modelcontextprotocol/server";
import * as v from "valibot";
import { metaFor } from "../tools/meta.ts";
import { standardSchema } from "./json-schema.ts";
import type { ServerDeps } from "./server.ts";

const MAX_COMPLETIONS = 20;

/** A prompt: MCP prompt arguments are strings; `complete` offers values for some of them. */
interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  args: Record<string, { description: string; required: boolean }>;
  complete: Record<string, (deps: ServerDeps, value: string, others: Record<string, string>) => Promise<string[]>>;
  text(args: Record<string, string>): string;
}

/** Model names from ir.model (cached): prefix matches first, then names containing the text. */
async function completeModel(deps: ServerDeps, value: string): Promise<string[]> {
  const models = await metaFor(deps.odoo)
    .models()
    .catch((): string[] => []);
  const text = value.toLowerCase();
  return [
    ...models.filter((m) => m.startsWith(text)),
    ...models.filter((m) => !m.startsWith(text) && m.includes(text)),
  ].slice(0, MAX_COMPLETIONS);
}

/** Records of `model` found by name, offered as `"<id>: <name>"` (the prompt reads the leading id). */
async function completeRecord(deps: ServerDeps, model: string | undefined, value: string): Promise<string[]> {
  if (!model || !/^[a-z0-9_.]+$/.test(model)) return [];
  const name = value.replace(/^\d+:\s*/, "");
  const rows = await deps.odoo
    .executeKw<Array<[number, string]>>(model, "name_search", [name, [], "ilike", MAX_COMPLETIONS])
    .catch((): Array<[number, string]> => []);
  return rows.map(([id, label]) => `${id}: ${label}`);
}

/** Customer names (res.partner) for the customer argument. */
async function completePartner(deps: ServerDeps, value: string): Promise<string[]> {
  const rows = await deps.odoo
    .executeKw<Array<[number, string]>>("res.partner", "name_search", [value, [], "ilike", MAX_COMPLETIONS])
    .catch((): Array<[number, string]> => []);
  return rows.map(([, label]) => label);
}

/** The record id at the start of an argument such as "9: Wood Corner", or the text as given. */
const recordRef = (value: string | undefined) => /^\s*(\d+)/.exec(value ?? "")?.[1] ?? (value ?? "").trim();

const UTC_NOTE =
  "Datetimes from Odoo are UTC: convert them to the user's time zone when you show them, saying which one.";

/** The prompts for the common jobs. */
export const PROMPTS: readonly PromptDefinition[] = [
  {
    name: "customer_open_orders",
    title: "Find a customer and summarise their open orders",
    description:
      "Looks a customer up by name and summarises their open sales orders (quotations and confirmed orders).",
    args: { customer: { description: "The customer's name, or part of it", required: true } },
    complete: { customer: (deps, value) => completePartner(deps, value) },
    text: ({ customer }) =>
      [
        `Find the customer "${customer}" and summarise their open sales orders.`,
        "",
        `1. Call odoo_name_search with model "res.partner" and name "${customer}". If several match, list them and ask`,
        "   which one is meant; if none, say so and stop.",
        '2. Check with odoo_list_models (search "sale order") that sale.order exists; if not, say that the Sales app is',
        "   not installed and stop.",
        '3. Call odoo_search_read on "sale.order" with domain [["partner_id", "child_of", <id>], ["state", "in",',
        '   ["draft", "sent", "sale"]]], fields ["name", "date_order", "state", "amount_total", "currency_id",',
        '   "invoice_status"], order "date_order desc". Quotations are draft/sent; "sale" is confirmed.',
        '4. Optionally call odoo_aggregate on "sale.order" with the same domain, groupby ["state"], aggregates',
        '   ["amount_total:sum", "__count"] for the totals.',
        "5. Answer with a short table (order, date, status, amount) and the totals per status; mention orders waiting",
        `   to be invoiced. ${UTC_NOTE}`,
      ].join("\n"),
  },
  {
    name: "record_changes",
    title: "What changed on this record",
    description: "Explains the recent history of one record: its chatter, tracked field changes and last update.",
    args: {
      model: { description: "Technical model name, e.g. sale.order", required: true },
      record: { description: 'The record id (completion offers "id: name")', required: true },
    },
    complete: {
      model: (deps, value) => completeModel(deps, value),
      record: (deps, value, others) => completeRecord(deps, others["model"], value),
    },
    text: ({ model, record }) => {
      const id = recordRef(record);
      return [
        `Explain what changed recently on ${model} record ${id}.`,
        "",
        `1. Call odoo_read with model "${model}", ids [${id}], fields ["display_name", "create_date", "create_uid",`,
        '   "write_date", "write_uid"] to see when it was created and last changed, and by whom.',
        `2. Call odoo_search_read on "mail.message" with domain [["model", "=", "${model}"], ["res_id", "=", ${id}]],`,
        '   fields ["date", "author_id", "message_type", "subtype_id", "body", "tracking_value_ids"], order',
        '   "date desc", limit 20: the chatter, newest first.',
        '3. If messages have tracking_value_ids, read them on "mail.tracking.value" (fields ["field_id",',
        '   "old_value_char", "new_value_char", "old_value_float", "new_value_float", "old_value_datetime",',
        '   "new_value_datetime"]) to list which fields changed from what to what.',
        "4. If the model has no chatter (odoo_describe_model: has_chatter false), say that Odoo keeps no history for it",
        "   beyond the last update.",
        `5. Answer with a dated list of changes, newest first, naming who made each. ${UTC_NOTE}`,
      ].join("\n");
    },
  },
  {
    name: "draft_chatter_reply",
    title: "Draft a chatter reply",
    description: "Reads a record's recent chatter and drafts a reply; posts it only after the user approves.",
    args: {
      model: { description: "Technical model name, e.g. crm.lead", required: true },
      record: { description: 'The record id (completion offers "id: name")', required: true },
      instructions: { description: "What the reply should say or achieve (optional)", required: false },
    },
    complete: {
      model: (deps, value) => completeModel(deps, value),
      record: (deps, value, others) => completeRecord(deps, others["model"], value),
    },
    text: ({ model, record, instructions }) => {
      const id = recordRef(record);
      return [
        `Draft a reply on the chatter of ${model} record ${id}.${instructions ? ` The reply should: ${instructions}` : ""}`,
        "",
        `1. Call odoo_read with model "${model}", ids [${id}] (default fields) to know what the record is.`,
        `2. Call odoo_search_read on "mail.message" with domain [["model", "=", "${model}"], ["res_id", "=", ${id}],`,
        '   ["message_type", "in", ["comment", "email"]]], fields ["date", "author_id", "body"], order "date desc",',
        "   limit 10, to read the conversation.",
        "3. Write a short, polite reply in the language of the conversation. Show it to the user and ask whether to post",
        "   it, and whether as an internal note or as a message to the followers (who may receive it by e-mail).",
        `4. Only after the user agrees, call odoo_message_post with model "${model}", id ${id}, the body, and`,
        '   message_type "note" (internal) or "comment" (sent to followers) as the user chose.',
      ].join("\n");
    },
  },
];

/** Registers the prompts, with argument completion where a value can be looked up in Odoo. */
export function registerPrompts(server: McpServer, deps: ServerDeps): void {
  for (const prompt of PROMPTS) {
    const entries = Object.fromEntries(
      Object.entries(prompt.args).map(([name, a]) => {
        const base = v.pipe(v.string(), v.description(a.description));
        return [name, a.required ? base : v.optional(base)];
      }),
    );
    const shape = Object.fromEntries(
      Object.keys(prompt.args).map((name) => {
        // A fresh schema per argument and session: completable() marks the very object it is given.
        const marker = v.string();
        const complete = prompt.complete[name];
        if (!complete) return [name, marker];
        return [name, completable(marker, (value, context) => complete(deps, value ?? "", context?.arguments ?? {}))];
      }),
    );
    // The SDK finds completers on `argsSchema.shape` (its zod convention); the JSON Schema comes from valibot.
    const argsSchema = Object.assign(standardSchema(v.object(entries)), { shape }) as StandardSchemaWithJSON<
      Record<string, string | undefined>,
      Record<string, string | undefined>
    >;
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema },
      (args: Record<string, string | undefined>): GetPromptResult => ({
        description: prompt.description,
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: prompt.text(Object.fromEntries(Object.entries(args).filter(([, x]) => x !== undefined)) as never),
            },
          },
        ],
      }),
    );
  }
}

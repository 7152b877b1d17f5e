import { ToolError } from "../mcp/tool.ts";
import type { FieldMap } from "./meta.ts";

/**
 * The most JSON one tool result carries, in UTF-8 bytes. A result lands in the model's context whole: Claude Code
 * refuses MCP output over 25 000 tokens by default, and JSON records run about 3 bytes a token. 64 KiB leaves room.
 */
export const RESULT_BUDGET_BYTES = 64 * 1024;

// Room for the envelope around the items (count, offsets, a note).
const ENVELOPE_BYTES = 1024;

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "null", "utf8");

/** "64 KB" */
export const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** How many of `items`, from the first, fit in the budget as one JSON list (0 when the first alone is too big). */
export function fitting(items: readonly unknown[], budget = RESULT_BUDGET_BYTES): number {
  let used = ENVELOPE_BYTES;
  for (let i = 0; i < items.length; i++) {
    used += bytesOf(items[i]) + 1;
    if (used > budget) return i;
  }
  return items.length;
}

/** The JSON size of `value` when it is over the budget, else undefined. */
export function overBudget(value: unknown, budget = RESULT_BUDGET_BYTES): number | undefined {
  const bytes = bytesOf(value);
  return bytes + ENVELOPE_BYTES > budget ? bytes : undefined;
}

/** What to say about the fields that make records heavy: binary ones belong in the binary resource. */
function heavyFieldsHint(model: string, names: readonly string[], fields: FieldMap): string {
  const binary = names.filter((name) => fields[name]?.type === "binary");
  if (binary.length === 0) return "ask for fewer fields or fewer records";
  return (
    `leave out the binary field(s) ${binary.join(", ")} (base64 files) and read them one at a time ` +
    `as the resource odoo://${model}/binary/${binary[0]}/{id}`
  );
}

/**
 * The records that fit in a result, from the first, and a note saying how to get the rest (`rest(kept)`) when some
 * were left out. A record too big on its own is a `ToolError` naming what makes it heavy.
 */
export async function fitRecords<R>(
  records: R[],
  what: { model: string; names: readonly string[]; fields: () => Promise<FieldMap> },
  rest: (kept: number) => string,
): Promise<{ records: R[]; note?: string }> {
  const kept = fitting(records);
  if (kept === records.length) return { records };
  const budget = kilobytes(RESULT_BUDGET_BYTES);
  const hint = heavyFieldsHint(what.model, what.names, await what.fields());
  if (kept === 0) throw new ToolError(`One ${what.model} record is over the ${budget} a result may carry: ${hint}.`);
  return {
    records: records.slice(0, kept),
    note: `${kept} of ${records.length} records returned to stay under ${budget}: ${rest(kept)}, or ${hint}`,
  };
}

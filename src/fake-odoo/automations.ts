import { sendOneOf, TRIGGERS_ON } from "./models/automation.ts";
import type { Db } from "./orm/store.ts";
import type { FakeState } from "./state.ts";

/**
 * Runs the automation rules of `model` after a create or write, or before an unlink: each active rule whose trigger
 * fires runs its server actions on the records. Only the bus `_sendone` code is understood (the fake cannot run Python); it sends one
 * message per record after the write, as Odoo's bus does once the transaction commits — `faults.busDelayMs` later
 * (real Odoo: about 0.5 s, bus_push_automation.json).
 */
export function runAutomations(
  state: FakeState,
  db: Db,
  model: string,
  ids: number[],
  op: keyof typeof TRIGGERS_ON,
): void {
  const rules = db.table("base.automation");
  const actions = db.table("ir.actions.server");
  const modelId = [...(db.table("ir.model")?.rows.values() ?? [])].find((r) => r.model === model)?.id;
  if (!rules || !actions || modelId === undefined) return;
  const table = db.table(model);
  for (const rule of rules.rows.values()) {
    if (rule.active === false || rule.model_id !== modelId || !TRIGGERS_ON[op].has(String(rule.trigger))) continue;
    for (const action of actions.rows.values()) {
      if (action.base_automation_id !== rule.id || action.state !== "code") continue;
      const send = sendOneOf(action.code);
      if (!send) continue;
      for (const id of ids) {
        const payload = { model, id, write_date: String(table?.rows.get(id)?.write_date ?? "") };
        const deliver = () => state.bus.send(send.channel, send.type, payload);
        setTimeout(deliver, state.faults.busDelayMs ?? 0);
      }
    }
  }
}

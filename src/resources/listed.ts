import type { ListResourcesResult } from "@modelcontextprotocol/server";
import type { OdooMeta } from "../tools/meta.ts";

/** The models most people open first, with a human title; listed only when the server has them installed. */
const COMMON: ReadonlyArray<[model: string, title: string]> = [
  ["res.partner", "Contacts"],
  ["res.users", "Users"],
  ["res.company", "Companies"],
  ["product.product", "Products"],
  ["sale.order", "Sales orders"],
  ["purchase.order", "Purchase orders"],
  ["account.move", "Invoices and journal entries"],
  ["crm.lead", "CRM leads and opportunities"],
  ["project.task", "Project tasks"],
  ["stock.picking", "Transfers"],
  ["hr.employee", "Employees"],
];

/**
 * `resources/list`: a page-of-records resource for each common model this Odoo has, so hosts that only show listed
 * resources (not templates) still offer something to open. Odoo unreachable → an empty list, never an error.
 */
export async function listCommonModels(meta: OdooMeta): Promise<ListResourcesResult> {
  const installed = new Set(await meta.models().catch(() => [] as string[]));
  return {
    resources: COMMON.filter(([model]) => installed.has(model)).map(([model, title]) => ({
      uri: `odoo://${model}/list`,
      name: `${model}/list`,
      title,
      description: `A page of ${title.toLowerCase()} (${model}): ids and display names`,
      mimeType: "application/json",
    })),
  };
}

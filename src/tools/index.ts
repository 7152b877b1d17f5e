import type { ToolDefinition } from "../mcp/tool.ts";
import { odooCallMethod } from "./odoo_call_method.ts";
import { odooCreate } from "./odoo_create.ts";
import { odooRead } from "./odoo_read.ts";
import { odooSearchRead } from "./odoo_search_read.ts";
import { odooUnlink } from "./odoo_unlink.ts";
import { odooWrite } from "./odoo_write.ts";

/** Every tool, in the order clients list them. */
export const TOOLS: readonly ToolDefinition[] = [
  odooSearchRead,
  odooRead,
  odooCreate,
  odooWrite,
  odooUnlink,
  odooCallMethod,
];

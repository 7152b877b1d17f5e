import type { ToolDefinition } from "../mcp/tool.ts";
import { odooSearchRead } from "./odoo_search_read.ts";

/** Every tool, in the order clients list them. */
export const TOOLS: readonly ToolDefinition[] = [odooSearchRead];

import type { ToolDefinition } from "../mcp/tool.ts";
import { odooAggregate } from "./odoo_aggregate.ts";
import { odooCallMethod } from "./odoo_call_method.ts";
import { odooCreate } from "./odoo_create.ts";
import { odooDescribeModel } from "./odoo_describe_model.ts";
import { odooListModels } from "./odoo_list_models.ts";
import { odooMessagePost } from "./odoo_message_post.ts";
import { odooNameSearch } from "./odoo_name_search.ts";
import { odooRead } from "./odoo_read.ts";
import { odooRunReport } from "./odoo_run_report.ts";
import { odooSearchCount } from "./odoo_search_count.ts";
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
  odooSearchCount,
  odooNameSearch,
  odooListModels,
  odooDescribeModel,
  odooAggregate,
  odooMessagePost,
  odooRunReport,
];

// What the server says about itself in `initialize`, without importing the SDK: the registry (server.ts) and the stdio
// front (stdio-front.ts), which answers `initialize` before the SDK has loaded, both take it from here.
import { VERSION } from "../version.ts";
import instructions from "./instructions.md" with { type: "text" };

const DEMO_NOTE =
  "DEMO MODE: this server is connected to a built-in fake Odoo seeded with demo data, not to a real Odoo. " +
  "Say so when you show its records.\n\n";

/** serverInfo: the title says when the data is the demo's. */
export const serverInfo = (demo: boolean) => ({
  name: "odoo-mcp",
  title: demo ? "Odoo (demo data)" : "Odoo",
  version: VERSION,
});

/** The capabilities declared. Nothing changes the lists at run time; a resource's own changes reach its subscribers. */
export const serverCapabilities = (subscribe: boolean) => ({
  tools: { listChanged: false },
  resources: { listChanged: false, subscribe },
  prompts: { listChanged: false },
  completions: {},
  logging: {},
});

/** The instructions for the model, with the demo's warning first when serving the fake Odoo. */
export const serverInstructions = (demo: boolean): string => (demo ? DEMO_NOTE + instructions : instructions);

/**
 * The 2025-era protocol versions the SDK negotiates in `initialize`, newest first: a requested one is echoed, any other
 * gets the first (tests/unit/mcp/stdio-front.test.ts holds this to the SDK's SUPPORTED_PROTOCOL_VERSIONS).
 */
export const LEGACY_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"];

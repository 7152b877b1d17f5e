import pkg from "../package.json" with { type: "json" };

declare const ODOO_MCP_VERSION: string | undefined;

/** The release version: injected by `bun build --define` for binaries, read from package.json when run from source. */
export const VERSION: string = typeof ODOO_MCP_VERSION === "string" ? ODOO_MCP_VERSION : pkg.version;

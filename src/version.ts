import pkg from "../package.json" with { type: "json" };

declare const ODOO_MCP_VERSION: string | undefined;
declare const ODOO_MCP_TARGET: string | undefined;

/** The release version: injected by `bun build --define` for binaries, read from package.json when run from source. */
export const VERSION: string = typeof ODOO_MCP_VERSION === "string" ? ODOO_MCP_VERSION : pkg.version;

/** The platform a binary was compiled for (`linux-x64-musl`…), injected like VERSION; from source, the running one. */
export const TARGET: string =
  typeof ODOO_MCP_TARGET === "string" ? ODOO_MCP_TARGET : `${process.platform}-${process.arch} (from source)`;

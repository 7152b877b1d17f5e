import { afterEach, describe, expect, test } from "bun:test";
import { createMcpHandler, type McpHttpHandler, McpServer, ResourceTemplate } from "@modelcontextprotocol/server";
import { callRegistry, resourceSnapshot } from "../../../src/http/registry-call.ts";
import { tinyServer } from "./fixtures.ts";

const handlers: McpHttpHandler[] = [];
const handler = (factory: () => McpServer) => {
  const h = createMcpHandler(factory, { legacy: "reject" });
  handlers.push(h);
  return h;
};
afterEach(async () => {
  for (const h of handlers.splice(0)) await h.close();
});

/** A registry with one binary resource template: any other URI names no resource. */
function files(): McpServer {
  const server = new McpServer({ name: "files", version: "1" });
  server.registerResource(
    "file",
    new ResourceTemplate("odoo://{model}/binary/{field}/{id}", { list: undefined }),
    {},
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "image/png", blob: btoa("png bytes") }] }),
  );
  return server;
}

describe("calling the registry without a handshake", () => {
  test("callRegistry answers with the JSON-RPC reply of one request", async () => {
    const { status, reply } = await callRegistry(handler(tinyServer), "tools/list", {}, { client: "t" });
    expect(status).toBe(200);
    expect(reply).toMatchObject({ id: 1, result: { tools: [{ name: "echo" }] } });
  });

  test("resourceSnapshot: JSON contents parsed, a blob as its type and digest, a missing resource gone", async () => {
    expect(await resourceSnapshot(handler(tinyServer), "odoo://res.partner/7")).toEqual({
      data: { model: "res.partner", id: "7" },
    });
    const blob = await resourceSnapshot(handler(files), "odoo://ir.attachment/binary/datas/1");
    expect(blob).toEqual({ data: { mimeType: "image/png", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await resourceSnapshot(handler(files), "odoo://res.partner/1")).toBe("gone");
  });
});

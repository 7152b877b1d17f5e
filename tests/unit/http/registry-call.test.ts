import { afterEach, describe, expect, test } from "bun:test";
import { createMcpHandler, type McpHttpHandler, type McpServer } from "@modelcontextprotocol/server";
import { callRegistry } from "../../../src/http/registry-call.ts";
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

describe("calling the registry without a handshake", () => {
  test("callRegistry answers with the JSON-RPC reply of one request", async () => {
    const { status, reply } = await callRegistry(handler(tinyServer), "tools/list", {}, { client: "t" });
    expect(status).toBe(200);
    expect(reply).toMatchObject({ id: 1, result: { tools: [{ name: "echo" }] } });
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TOOLS } from "../../../src/tools/index.ts";
import { type Backend, connect, type Session, startBackend } from "./harness.ts";

// The tools/list entry of each tool is committed; a change fails here until regenerated on purpose:
//   UPDATE_SNAPSHOTS=1 bun test tests/unit/mcp/snapshots.test.ts
const DIR = join(import.meta.dir, "../../snapshots/tools");
const UPDATE = process.env["UPDATE_SNAPSHOTS"] === "1";

let backend: Backend;
let session: Session;
let tools: Array<Record<string, unknown> & { name: string }>;
beforeAll(async () => {
  backend = await startBackend();
  session = await connect(backend.deps, "v1");
  tools = (await session.client.listTools()).tools;
});
afterAll(async () => {
  await session.close();
  await backend.stop();
});

const DOCUMENTED = ["odoo_search_read", "odoo_read", "odoo_create", "odoo_write", "odoo_unlink", "odoo_call_method"];
const NAMES = TOOLS.map((t) => t.name);

test("every tool is listed, the six documented ones first, and each has a committed snapshot", () => {
  expect(tools.map((t) => t.name)).toEqual(NAMES);
  expect(NAMES.slice(0, 6)).toEqual(DOCUMENTED);
  expect(readdirSync(DIR).sort()).toEqual(NAMES.map((n) => `${n}.json`).sort());
});

describe.each(NAMES)("%s", (name) => {
  test("matches its committed tools/list snapshot", () => {
    const entry = tools.find((t) => t.name === name);
    const path = join(DIR, `${name}.json`);
    const current = `${JSON.stringify(entry, null, 2)}\n`;
    if (UPDATE) {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(path, current);
    }
    if (!existsSync(path)) throw new Error(`no snapshot ${path}: run with UPDATE_SNAPSHOTS=1 to create it`);
    expect(current).toBe(readFileSync(path, "utf8"));
  });

  test("its schema is flat and typed: every array declares items, every parameter a type", () => {
    const entry = tools.find((t) => t.name === name) as unknown as {
      inputSchema: Schema;
      outputSchema: Schema;
      annotations: Schema;
    };
    expect(untyped(entry.inputSchema, "inputSchema", entry.inputSchema)).toEqual([]);
    expect(untyped(entry.outputSchema, "outputSchema", entry.outputSchema)).toEqual([]);
    expect(entry.inputSchema.additionalProperties).toBe(false);
    for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
      expect(typeof entry.annotations[hint]).toBe("boolean");
    }
  });
});

type Schema = { [key: string]: unknown };

/**
 * Paths of schema nodes a strict client would reject: arrays without items, values without a type, `{}` (a schema
 * that says nothing), and `$ref`s that do not resolve inside the tool's own `$defs`. Each definition is checked once.
 */
function untyped(node: Schema, path: string, root: Schema, seen = new Set<string>()): string[] {
  const problems: string[] = [];
  const ref = node["$ref"];
  if (typeof ref === "string") {
    const target = ref.match(/^#\/\$defs\/(\w+)$/)?.[1];
    const def = target ? (root["$defs"] as Record<string, Schema> | undefined)?.[target] : undefined;
    if (!def) return [`${path}: $ref ${ref} does not resolve`];
    if (seen.has(ref)) return [];
    seen.add(ref);
    return untyped(def, `${path}->${ref}`, root, seen);
  }
  const typed = "type" in node || "anyOf" in node || "enum" in node || "const" in node;
  if (!typed) problems.push(path);
  if (node["type"] === "array" && !(typeof node["items"] === "object" && node["items"] !== null)) {
    problems.push(`${path}.items`);
  }
  const children: Array<[string, unknown]> = [
    ...Object.entries((node["properties"] as Record<string, unknown>) ?? {}).map(
      ([k, v]) => [`${path}.properties.${k}`, v] as [string, unknown],
    ),
    ...((node["anyOf"] as unknown[]) ?? []).map((v, i) => [`${path}.anyOf[${i}]`, v] as [string, unknown]),
    ...((node["prefixItems"] as unknown[]) ?? []).map((v, i) => [`${path}.prefixItems[${i}]`, v] as [string, unknown]),
    [`${path}.items`, node["items"]],
    [
      `${path}.additionalProperties`,
      typeof node["additionalProperties"] === "object" ? node["additionalProperties"] : undefined,
    ],
  ];
  for (const [childPath, child] of children) {
    if (typeof child === "object" && child !== null) problems.push(...untyped(child as Schema, childPath, root, seen));
  }
  return problems;
}

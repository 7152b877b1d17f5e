import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Backend, connect, FLAVOURS, startBackend, text } from "../mcp/harness.ts";

const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-audit-"));
const AUDIT = join(dir, "audit.jsonl");

describe("approval through elicitation (default: odoo_unlink)", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend({
      config: { approval: { methods: ["res.partner:action_archive"] }, audit: { file: AUDIT } },
    });
  });
  afterAll(() => backend.stop());

  const create = async (flavour: (typeof FLAVOURS)[number], name: string) => {
    const s = await connect(backend.deps, flavour);
    const r = await s.call("odoo_create", { model: "res.partner", values: { name } }, {});
    await s.close();
    return (r.structuredContent as { id: number }).id;
  };
  const exists = async (id: number) =>
    (await backend.deps.odoo.executeKw<number>("res.partner", "search_count", [[["id", "=", id]]])) === 1;

  for (const flavour of FLAVOURS) {
    test(`${flavour}: without elicitation the delete is refused, saying why, and nothing is deleted`, async () => {
      const id = await create(flavour, `Keep ${flavour}`);
      const s = await connect(backend.deps, flavour);
      const r = await s.call("odoo_unlink", { model: "res.partner", ids: [id] }, {});
      await s.close();
      expect(r.isError).toBe(true);
      expect(text(r)).toContain("needs a person's approval (approval.tools lists odoo_unlink");
      expect(text(r)).toContain(`Keep ${flavour}`);
      expect(text(r)).toContain("Nothing was changed");
      expect(await exists(id)).toBe(true);
    });

    test(`${flavour}: a yes deletes; a no or a cancel changes nothing and says so`, async () => {
      const id = await create(flavour, `Doomed ${flavour}`);
      const asked: string[] = [];
      for (const action of ["decline", "cancel"] as const) {
        const s = await connect(backend.deps, flavour, {
          elicit: (p) => {
            asked.push(p.message);
            return { action };
          },
        });
        const no = await s.call("odoo_unlink", { model: "res.partner", ids: [id] }, {});
        await s.close();
        expect(no.isError).toBe(true);
        expect(text(no)).toContain(action === "decline" ? "declined" : "cancelled");
        expect(text(no)).toContain("Nothing was changed");
        expect(await exists(id)).toBe(true);
      }
      const s = await connect(backend.deps, flavour, {
        elicit: () => ({ action: "accept", content: { approve: true } }),
      });
      const yes = await s.call("odoo_unlink", { model: "res.partner", ids: [id] }, {});
      await s.close();
      expect(yes.isError).toBeFalsy();
      expect(await exists(id)).toBe(false);
      expect(asked[0]).toContain(`delete res.partner ${id} (Doomed ${flavour})`);
    });
  }

  test("a configured model:method needs approval too; other methods do not", async () => {
    const id = await create("v1", "Archivable");
    const s = await connect(backend.deps, "v1");
    const r = await s.call("odoo_call_method", { model: "res.partner", method: "action_archive", args: [[id]] }, {});
    expect(text(r)).toContain("approval.methods matches res.partner:action_archive");
    const ok = await s.call("odoo_call_method", { model: "res.partner", method: "action_unarchive", args: [[id]] }, {});
    expect(ok.isError).toBeFalsy();
    await s.close();
  });

  test("the audit trail has one JSON line per change, with field names and never values", () => {
    const lines = readFileSync(AUDIT, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const created = lines.find((l) => l.tool === "odoo_create");
    expect(created).toMatchObject({ identity: "admin", model: "res.partner", method: "create", outcome: "ok" });
    expect(created?.fields).toEqual(["name"]);
    expect(JSON.stringify(lines)).not.toContain("Doomed");
    expect(lines.some((l) => l.tool === "odoo_unlink" && l.outcome === "declined")).toBe(true);
    expect(lines.some((l) => l.tool === "odoo_unlink" && l.outcome === "refused")).toBe(true);
    expect(lines.some((l) => l.tool === "odoo_unlink" && l.outcome === "ok")).toBe(true);
    expect(lines.every((l) => typeof l.ms === "number" && typeof l.time === "string" && l.transport === "stdio")).toBe(
      true,
    );
    expect(lines.some((l) => l.tool === "odoo_search_read")).toBe(false);
    // The client as it introduced itself (2025 handshake or 2026 envelope), name and version.
    expect(new Set(lines.map((l) => l.client))).toEqual(new Set(["test-v1/1.0.0", "test-v2/1.0.0"]));
  });
});

describe("audit.chatter", () => {
  test("a change leaves a note in the record's chatter naming the user and the fields, never the values", async () => {
    const backend = await startBackend({
      config: { audit: { file: join(dir, "chatter.jsonl"), chatter: true }, approval: { tools: [] } },
    });
    try {
      const s = await connect(backend.deps, "v1");
      const r = await s.call("odoo_write", { model: "res.partner", ids: [3], values: { name: "Secret Name 42" } }, {});
      await s.close();
      expect(r.isError).toBeFalsy();
      const notes = await backend.deps.odoo.executeKw<Array<{ body: string }>>(
        "mail.message",
        "search_read",
        [
          [
            ["model", "=", "res.partner"],
            ["res_id", "=", 3],
          ],
        ],
        { fields: ["body"] },
      );
      const bodies = notes.map((n) => n.body).join("\n");
      expect(bodies).toContain("Changed through odoo-mcp by admin: fields name");
      expect(bodies).not.toContain("Secret Name 42");
    } finally {
      await backend.stop();
    }
  });
});

import { describe, expect, test } from "bun:test";
import { type Session, suite, text } from "../mcp/harness.ts";
import { requestsDuring } from "./requests.ts";

interface Listed {
  models: Array<{ model: string; name: string; has_chatter: boolean | null; transient: boolean; available?: boolean }>;
  truncated: boolean;
  note?: string;
}

const list = async (session: Session, args: Record<string, unknown> = {}) => {
  const result = await session.client.callTool({ name: "odoo_list_models", arguments: args });
  return { result, out: result.structuredContent as unknown as Listed };
};
const names = (out: Listed) => out.models.map((m) => m.model);

describe.each(["17.0", "18.0", "19.0"] as const)("odoo_list_models against Odoo %s", (version) => {
  describe("as the admin", () => {
    const live = suite({ version });

    test("Odoo's list of readable models and the chatter flags: two parallel requests, then none for a while", async () => {
      const first = await requestsDuring(live.backend, () => list(live.session, { search: "partner" }));
      expect(first.requests).toBe(2);
      expect(live.backend.calls.map((c) => `${c.model}.${c.method}`).sort()).toEqual([
        "ir.model.get_available_models",
        "mail.activity.type.fields_get",
      ]);
      const { out } = first.result;
      expect(out.truncated).toBe(false);
      expect(out.models).toContainEqual({
        model: "res.partner",
        name: "Contact",
        has_chatter: true,
        transient: false,
      });
      expect(out.models.find((m) => m.model === "res.partner.category")?.has_chatter).toBe(false);
      // Cached: another search answers from the same list.
      const again = await requestsDuring(live.backend, () => list(live.session, { search: "config" }));
      expect(again.requests).toBe(0);
      expect(names(again.result.out)).toEqual(["ir.config_parameter"]);
      const few = await list(live.session, { limit: 2 });
      expect(few.out.truncated).toBe(true);
      expect(few.out.models).toHaveLength(2);
    });

    test("installed_only false: every ir.model row, a row whose code is gone marked unavailable", async () => {
      // An ir.model row Odoo has not loaded: what a module removed from the addons path without uninstalling leaves
      // (the fake keeps a created row without adding a model to its registry).
      await live.backend.deps.odoo.executeKw("ir.model", "create", [
        { model: "x_gone.model", name: "Gone Model", order: "id" },
      ]);
      const installed = await list(live.session, { search: "gone" });
      expect(installed.out.models).toEqual([]);
      const every = await requestsDuring(live.backend, () =>
        list(live.session, { search: "gone", installed_only: false }),
      );
      expect(every.requests).toBe(1);
      expect(every.result.out.models).toEqual([
        { model: "x_gone.model", name: "Gone Model", has_chatter: false, transient: false, available: false },
      ]);
      const partner = await list(live.session, { search: "res.partner", installed_only: false });
      expect(partner.out.models.find((m) => m.model === "res.partner")).toMatchObject({
        has_chatter: true,
        available: true,
      });
    });
  });

  describe("as the demo user (no access to ir.model on 17+)", () => {
    const live = suite({ version, user: "demo" });

    test("lists what the user may read, not the Settings models; never reads ir.model", async () => {
      const { result, out } = await list(live.session);
      expect(result.isError).toBeFalsy();
      const listed = names(out);
      expect(listed).toContain("res.partner");
      expect(listed).toContain("res.country");
      for (const closed of ["ir.config_parameter", "ir.model", "ir.module.module", "base.automation"]) {
        expect(listed).not.toContain(closed);
      }
      expect(out.models.find((m) => m.model === "res.partner")?.has_chatter).toBe(true);
      expect(live.backend.calls.some((c) => c.model === "ir.model" && c.method === "search_read")).toBe(false);
      // What it lists is readable indeed.
      for (const model of listed) {
        const count = await live.session.client.callTool({ name: "odoo_search_count", arguments: { model } });
        expect(count.isError).toBeFalsy();
      }
    });

    test("refused clearly where ir.model must be read: installed_only false, include_transient", async () => {
      for (const args of [{ installed_only: false }, { include_transient: true }]) {
        const { result } = await list(live.session, args);
        expect(result.isError).toBe(true);
        expect(text(result as never)).toContain("Administration / Access Rights");
      }
    });
  });
});

describe("odoo_list_models under a model policy", () => {
  const live = suite({ version: "18.0", config: { policy: { models: { deny: ["res.partner.category", "ir.*"] } } } });

  test("denied models are not listed, ir.* denied included", async () => {
    // Under a model policy the guard learns mail.activity.type's relations once (a fields_get): three requests.
    const { result, requests } = await requestsDuring(live.backend, () => list(live.session, { search: "partner" }));
    expect(requests).toBe(3);
    expect((await requestsDuring(live.backend, () => list(live.session))).requests).toBe(0);
    const out = result.out;
    expect(names(out)).toEqual(["res.partner"]);
    const all = names((await list(live.session)).out);
    expect(all.some((m) => m.startsWith("ir."))).toBe(false);
  });
});

import { describe, expect, test } from "bun:test";
import { andDomain, idsOf, referenceDomain, referencedModels, withoutLeaf } from "../../../src/trust/references.ts";
import { connect, startBackend, text } from "../mcp/harness.ts";

describe("rows of other models' records (attachments, messages…)", () => {
  const models = ["ir.attachment", "res.company", "res.partner", "res.users", "sale.order"];

  test("the added domain names the shorter list: the hidden models, or the visible ones", () => {
    expect(referenceDomain("res_model", models, (m) => m !== "res.users")).toEqual([
      "|",
      ["res_model", "=", false],
      ["res_model", "not in", ["res.users"]],
    ]);
    expect(referenceDomain("model", models, (m) => m === "res.partner")).toEqual([
      "|",
      ["model", "=", false],
      ["model", "in", ["res.partner"]],
    ]);
    expect(referenceDomain("model", models, () => true)).toEqual([]);
  });

  test("it is ANDed to the caller's domain wherever the call carries it, keeping the caller's | whole", () => {
    const extra = ["|", ["f", "=", false], ["f", "in", ["a"]]];
    const theirs = ["|", ["name", "=", "x"], ["name", "=", "y"]];
    expect(andDomain([theirs, ["name"]], {}, extra).args).toEqual([[...extra, ...theirs], ["name"]]);
    expect(andDomain([], { domain: theirs }, extra).kwargs.domain).toEqual([...extra, ...theirs]);
    expect(andDomain([], { fields: ["name"] }, extra).kwargs).toEqual({ fields: ["name"], domain: extra });
    expect(andDomain([null], {}, extra).args).toEqual([extra]);
  });

  test("ids named first, and the models a create or write would point at", () => {
    expect(idsOf([[4, 5], ["name"]], {})).toEqual([4, 5]);
    expect(idsOf([], { ids: [7] })).toEqual([7]);
    expect(idsOf([[]], {})).toBeUndefined();
    expect(idsOf([[["id", "=", 1]]], {})).toBeUndefined();
    expect(referencedModels("create", [[{ res_model: "res.users" }, { name: "x" }]], {}, "res_model")).toEqual([
      "res.users",
    ]);
    expect(referencedModels("write", [[1]], { vals: { res_model: "res.users" } }, "res_model")).toEqual(["res.users"]);
  });

  test("a domain echoed back (a group's __domain) loses the added leaf, not the caller's", () => {
    const leaf = ["res_model", "not in", ["res.users"]];
    const group = { __domain: ["&", "|", ["res_model", "=", false], leaf, ["res_model", "=", "res.partner"]] };
    expect(JSON.stringify(withoutLeaf([group], leaf))).not.toContain("res.users");
    expect(withoutLeaf([group], leaf)).toEqual([
      { __domain: ["&", "|", ["res_model", "=", false], [1, "=", 1], ["res_model", "=", "res.partner"]] },
    ]);
  });
});

describe("reference models under a model policy, against the fake", () => {
  test("mail.activity.type's selection of models and its rows leave the hidden model out", async () => {
    const backend = await startBackend({ config: { policy: { models: { deny: ["res.partner"] } } } });
    const s = await connect(backend.deps, "v1");
    try {
      // Activity types of a hidden model are left out too (a type for res.partner, created around the policy).
      const id = await backend.deps.odoo.executeKw<number>("mail.activity.type", "create", [
        { name: "Partner follow-up", res_model: "res.partner" },
      ]);
      const fields = await s.call(
        "odoo_call_method",
        {
          model: "mail.activity.type",
          method: "fields_get",
          args: [["res_model"]],
          kwargs: { attributes: ["type", "selection"] },
        },
        {},
      );
      expect(fields.isError).toBeFalsy();
      expect(text(fields)).not.toContain("res.partner");
      const rows = await s.call("odoo_search_read", { model: "mail.activity.type", fields: ["name"] }, {});
      expect(text(rows)).toContain("To-Do");
      expect(text(rows)).not.toContain("Partner follow-up");
      const read = await s.call("odoo_read", { model: "mail.activity.type", ids: [id] }, {});
      expect(read.isError).toBe(true);
    } finally {
      await s.close();
      await backend.stop();
    }
  });
});

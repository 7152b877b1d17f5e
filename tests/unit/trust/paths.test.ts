import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeVersion } from "../../../src/fake-odoo/index.ts";
import { type Backend, connect, type Session, startBackend, text } from "../mcp/harness.ts";

// Dotted paths in domains, orders and groupbys: each step is checked against the policy of the model it lands on.
const POLICY = {
  policy: {
    models: { deny: ["res.country"] },
    fields: { deny: ["res.company:email", "res.partner.category:color"] },
  },
};

describe.each(["17.0", "18.0", "19.0"] as FakeVersion[])(
  "dotted paths under a per-model policy (Odoo %s)",
  (version) => {
    let backend: Backend;
    let s: Session;
    beforeAll(async () => {
      backend = await startBackend({ version, config: POLICY });
      s = await connect(backend.deps, "v1");
    });
    afterAll(async () => {
      await s.close();
      await backend.stop();
    });
    const searchRead = (kwargs: Record<string, unknown>, domain: unknown[] = []) =>
      s.call("odoo_call_method", { model: "res.partner", method: "search_read", args: [domain], kwargs }, {});
    const refusedAs = (r: { isError?: boolean }, path: string) => {
      expect(r.isError).toBe(true);
      expect(text(r as never)).toContain(`Invalid field '${path}'`);
    };

    test("a field denied on the related model is refused past the first step, in a domain and an order", async () => {
      refusedAs(await searchRead({ fields: ["name"] }, [["company_id.email", "ilike", "@"]]), "company_id.email");
      refusedAs(await searchRead({ fields: ["name"], order: "company_id.email desc" }), "company_id.email");
      // The tool's own domain check walks the path too, and names the step's model.
      const counted = await s.call(
        "odoo_search_count",
        { model: "res.partner", domain: [["parent_id.company_id.email", "=", "x"]] },
        {},
      );
      expect(counted.isError).toBe(true);
      expect(text(counted)).toContain("Invalid field 'email' on res.company");
      // The same name on a model where it is not denied passes.
      const ok = await searchRead({ fields: ["name"], limit: 2 }, [["parent_id.email", "!=", false]]);
      expect(ok.isError).toBeFalsy();
    });

    test("a hidden model along the path is refused, however it is reached", async () => {
      refusedAs(
        await searchRead({ fields: ["name"] }, [["company_id.country_id.code", "=", "US"]]),
        "company_id.country_id.code",
      );
      refusedAs(
        await searchRead({ fields: ["name"] }, [["parent_id.country_id", "!=", false]]),
        "parent_id.country_id",
      );
    });

    test("a sub-domain of any is checked on the related model", async () => {
      refusedAs(
        await searchRead({ fields: ["name"] }, [["category_id", "any", [["color", "=", 1]]]]),
        "category_id.color",
      );
      refusedAs(
        await searchRead({ fields: ["name"] }, [["parent_id", "any", [["company_id.email", "=", "x"]]]]),
        "parent_id.company_id.email",
      );
    });

    test("a groupby or aggregate path is checked the same way", async () => {
      const grouped = await s.call(
        "odoo_call_method",
        {
          model: "res.partner",
          method: "read_group",
          args: [[], ["id:count"], ["company_id.email"]],
          kwargs: { lazy: false },
        },
        {},
      );
      refusedAs(grouped, "company_id.email");
    });

    test("once the relations are known, checking a path costs no Odoo call", async () => {
      await searchRead({ fields: ["name"], limit: 1 }, [["parent_id.company_id.name", "!=", false]]);
      const before = backend.calls.length;
      const r = await searchRead({ fields: ["name"], limit: 1 }, [["parent_id.company_id.name", "!=", false]]);
      expect(r.isError).toBeFalsy();
      expect(backend.calls.slice(before).map((c) => `${c.model}.${c.method}`)).toEqual(["res.partner.search_read"]);
    });
  },
);

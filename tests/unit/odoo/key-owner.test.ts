import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeOdoo, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import type { OdooError } from "../../../src/odoo/errors.ts";
import { adminClient } from "../../support/odoo.ts";

// The configured login with an api_key that is someone else's: JSON-2 (19) would act as the key's owner under the
// configured name, so logging in refuses it; before 19 Odoo itself checks the key against the login.
for (const version of ["17.0", "18.0", "19.0"] as const) {
  describe(`the configured api_key belongs to the configured login (Odoo ${version})`, () => {
    let odoo: FakeOdoo;
    beforeAll(async () => {
      odoo = await startFakeOdoo({ version });
    });
    afterAll(() => odoo.stop());

    test("the login's own key: connected as that user", async () => {
      for (const protocol of version === "19.0" ? (["auto", "json2"] as const) : (["auto"] as const)) {
        const c = adminClient(odoo, { password: undefined, apiKey: odoo.users.admin.apiKey, protocol });
        try {
          expect(await c.connect()).toMatchObject({ uid: odoo.users.admin.uid, login: "admin" });
        } finally {
          await c.close();
        }
      }
    });

    test("another user's key: a start-up error naming both users and the fix, never the key", async () => {
      const { demo } = odoo.users;
      const c = adminClient(odoo, { password: undefined, apiKey: demo.apiKey });
      try {
        const err = (await c.connect().catch((e: unknown) => e)) as OdooError;
        expect(err.kind).toBe("auth");
        expect(err.message).not.toContain(demo.apiKey);
        if (version === "19.0") {
          expect(err.message).toContain(`The api_key configured for 'admin'`);
          expect(err.message).toContain(`belongs to another Odoo user, 'demo' (uid ${demo.uid})`);
          expect(err.message).toContain("New API Key");
        } else {
          // common.authenticate checks the key against the login: Odoo refuses it as wrong credentials.
          expect(err.message).toContain("Odoo refused the login of 'admin'");
        }
      } finally {
        await c.close();
      }
    });
  });
}

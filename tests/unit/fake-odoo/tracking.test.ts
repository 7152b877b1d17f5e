import { describe, expect, test } from "bun:test";
import { everyVersion, executeKw } from "./rpc.ts";

const fakes = everyVersion();
type Rows = Array<Record<string, unknown>>;

describe("mail.tracking.value: a tracked field's change logged in the chatter", () => {
  for (const version of ["17.0", "18.0", "19.0"] as const) {
    test(`${version}: writing tracked fields logs one notification with their old and new values`, async () => {
      const fake = fakes[version]!;
      const call = async (model: string, method: string, args: unknown[], kwargs = {}) =>
        (await executeKw(fake, model, method, args, kwargs)).result;
      const [before] = (await call("res.partner", "read", [[3], ["email"]])) as Rows;
      // name is not tracked, email (tracking=1) and user_id (tracking=4) are; an unchanged value logs nothing.
      await call("res.partner", "write", [[3], { name: "Mitchell A.", email: "new@example.com", user_id: 2 }]);
      await call("res.partner", "write", [[3], { email: "new@example.com" }]);
      const messages = (await call(
        "mail.message",
        "search_read",
        [
          [
            ["model", "=", "res.partner"],
            ["res_id", "=", 3],
          ],
        ],
        {
          fields: ["message_type", "tracking_value_ids", "body"],
        },
      )) as Rows;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ message_type: "notification", body: "" });
      const rows = (await call("mail.tracking.value", "read", [messages[0]!.tracking_value_ids], {
        fields: ["field_id", "old_value_char", "new_value_char", "old_value_integer", "new_value_integer"],
      })) as Rows;
      const byField = Object.fromEntries(rows.map((r) => [(r.field_id as [number, string])[1], r]));
      expect(Object.keys(byField).sort()).toEqual(["Email (res.partner)", "Salesperson (res.partner)"]);
      expect(byField["Email (res.partner)"]).toMatchObject({
        old_value_char: before!.email,
        new_value_char: "new@example.com",
      });
      expect(byField["Salesperson (res.partner)"]).toMatchObject({ old_value_integer: 0, new_value_integer: 2 });
      // field_id names the field by model and name (ir.model.fields), as the guard's domain needs.
      const email = (await call("mail.tracking.value", "search_count", [
        [
          ["field_id.model", "=", "res.partner"],
          ["field_id.name", "=like", "e\\_mai%"],
        ],
      ])) as number;
      expect(email).toBe(0);
      expect(await call("mail.tracking.value", "search_count", [[["field_id.name", "=like", "emai_"]]])).toBe(1);
    });

    test(`${version}: only administrators may read mail.tracking.value`, async () => {
      const fake = fakes[version]!;
      const demo = { uid: fake.users.demo.uid, secret: fake.users.demo.password };
      const answer = await executeKw(fake, "mail.tracking.value", "search_count", [[]], {}, demo);
      expect(answer.error?.data.name).toBe("odoo.exceptions.AccessError");
    });
  }

  test("17: message_format carries the trackings as the chatter shows them; 18 and 19 have no message_format", async () => {
    await executeKw(fakes["17.0"]!, "res.partner", "write", [[3], { phone: "+1 555 0100" }]);
    const [id] = (await executeKw(fakes["17.0"]!, "mail.message", "search", [[["res_id", "=", 3]]])).result as number[];
    const [message] = (await executeKw(fakes["17.0"]!, "mail.message", "message_format", [[id]])).result as Rows;
    expect(message!.trackingValues).toEqual([
      {
        changedField: "Phone",
        id: expect.any(Number),
        fieldName: "phone",
        fieldType: "char",
        newValue: { currencyId: false, value: "+1 555 0100" },
        oldValue: { currencyId: false, value: expect.anything() },
      },
    ]);
    for (const version of ["18.0", "19.0"] as const) {
      const answer = await executeKw(fakes[version]!, "mail.message", "message_format", [[1]]);
      expect(answer.error).toBeDefined();
    }
  });
});

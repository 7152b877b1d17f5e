import { afterEach, describe, expect, test } from "bun:test";
import { OdooError } from "../../../src/odoo/errors.ts";
import { describeOdooError } from "../../../src/tools/errors.ts";
import { type Backend, connect, type Session, startBackend, text } from "../mcp/harness.ts";

describe("describeOdooError", () => {
  const subject = { model: "res.partner", method: "write", ids: [7] };
  test("names the operation, the model's label and keeps Odoo's reason for an AccessError", () => {
    const e = new OdooError(
      "access",
      "You are not allowed to access 'System Parameter' (ir.config_parameter) records.\n\nThis operation is allowed " +
        "for the following groups:\n\t- Administration/Settings",
    );
    expect(describeOdooError(e, { model: "ir.config_parameter", method: "search_read" })).toBe(
      "Access denied: you may not read 'System Parameter' (ir.config_parameter). Odoo says: You are not allowed to " +
        "access 'System Parameter' (ir.config_parameter) records. This operation is allowed for the following " +
        "groups: - Administration/Settings",
    );
    expect(describeOdooError(new OdooError("access", "nope"), subject)).toStartWith(
      "Access denied: you may not modify res.partner.",
    );
  });

  test("a method Odoo keeps private is not called a permission problem", () => {
    const e = new OdooError(
      "access",
      "Private methods (such as 'res.partner.check_access') cannot be called remotely.",
    );
    expect(describeOdooError(e, { model: "res.partner", method: "check_access" })).toStartWith(
      "'check_access' is private on this Odoo version: it cannot be called remotely.",
    );
  });

  test("takes the missing ids from Odoo's MissingError, else from the call", () => {
    const listed = new OdooError(
      "missing",
      "Record does not exist or has been deleted.\n(Record: res.partner(999, 1000), User: 2)",
    );
    expect(describeOdooError(listed, subject)).toBe(
      "Records res.partner 999, 1000 do not exist (or have been deleted)",
    );
    expect(describeOdooError(new OdooError("missing", "Record does not exist"), subject)).toBe(
      "Record res.partner 7 does not exist (or has been deleted)",
    );
  });

  test("a wrongly written date or relational value says how to write it", () => {
    const date = new OdooError("server", "time data '2024-01-31T10:00:00' does not match format '%Y-%m-%d %H:%M:%S'");
    expect(describeOdooError(date, subject)).toEndWith(
      "Dates are 'YYYY-MM-DD' and datetimes 'YYYY-MM-DD HH:MM:SS' in UTC, without 'T' or a time zone.",
    );
    const many2one = new OdooError("server", "Wrong value for res.partner.country_id: 'Belgium'");
    expect(describeOdooError(many2one, subject)).toContain("A many2one takes the related record's id");
  });

  test("says what to do next for login, network and timeout failures", () => {
    expect(describeOdooError(new OdooError("auth", "Access Denied"), subject)).toBe(
      "Odoo login failed: Access Denied. The next call tries again.",
    );
    // Refused before it reached Odoo: nothing was applied, even for a write.
    expect(describeOdooError(new OdooError("network", "connection refused.", { unsent: true }), subject)).toBe(
      "Cannot reach Odoo: connection refused. The next call tries again.",
    );
    const read = { ...subject, method: "search_read" };
    expect(describeOdooError(new OdooError("timeout", "no answer in 30 s"), read)).toContain("limit");
    // A write that may have reached Odoo: check first, never "try again".
    for (const e of [new OdooError("timeout", "no answer in 30 s"), new OdooError("network", "dropped")]) {
      const text = describeOdooError(e, subject);
      expect(text).toStartWith("Odoo may have applied res.partner.write before this failure:");
      expect(text).toContain("Check before retrying");
      expect(text).not.toContain("tries again");
    }
    expect(describeOdooError(new OdooError("server", "boom", { odooName: "builtins.ValueError" }), subject)).toBe(
      "Odoo error on res.partner.write (builtins.ValueError): boom",
    );
  });
});

describe("Odoo failures over the wire become tool errors a model can act on", () => {
  let backend: Backend | undefined;
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    await backend?.stop();
  });

  test("AccessError for the demo user", async () => {
    backend = await startBackend({ user: "demo" });
    session = await connect(backend.deps, "v1");
    const result = await session.client.callTool({
      name: "odoo_search_read",
      arguments: { model: "ir.config_parameter", fields: ["key"] },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toStartWith("Access denied: you may not read 'System Parameter' (ir.config_parameter).");
  });

  test("a login failure is a readable error on the first call, and the next call logs in again", async () => {
    backend = await startBackend({ config: { password: "wrong" } });
    session = await connect(backend.deps, "v1");
    const read = () => session!.client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } });
    const first = await read();
    expect(first.isError).toBe(true);
    expect(text(first)).toStartWith("Odoo login failed:");
    const attempts = backend.fake.counters.sessionLogins + backend.fake.counters.commonAuthenticates;
    const second = await read();
    expect(second.isError).toBe(true);
    expect(backend.fake.counters.sessionLogins + backend.fake.counters.commonAuthenticates).toBeGreaterThan(attempts);
  });

  test("Odoo unreachable, and Odoo answering HTTP 500", async () => {
    backend = await startBackend();
    session = await connect(backend.deps, "v1");
    const read = () => session!.client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } });
    expect((await read()).isError).toBeFalsy();
    backend.fake.faults.drop = 10;
    const dropped = await read();
    expect(dropped.isError).toBe(true);
    expect(text(dropped)).toStartWith("Cannot reach Odoo");
    backend.fake.faults.drop = 0;
    backend.fake.faults.http500 = 10;
    const failed = await read();
    expect(failed.isError).toBe(true);
    expect(text(failed)).toContain("Odoo");
    backend.fake.faults.http500 = 0;
    expect((await read()).isError).toBeFalsy();
  });

  test("no answer within the configured timeout", async () => {
    backend = await startBackend({ config: { timeout: 0.05 } });
    session = await connect(backend.deps, "v1");
    backend.fake.faults.latencyMs = 1000;
    const result = await session.client.callTool({ name: "odoo_read", arguments: { model: "res.partner", ids: [1] } });
    expect(result.isError).toBe(true);
    expect(text(result)).toStartWith("Odoo did not answer in time");
    backend.fake.faults.latencyMs = 0;
  });
});

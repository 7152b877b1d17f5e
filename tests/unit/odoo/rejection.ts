import { OdooError } from "../../../src/odoo/errors.ts";

/** What a promise expected to fail rejected with; a promise that resolves fails the test. */
export async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

/** The `OdooError` a promise rejected with; any other rejection is rethrown. */
export async function rejection(p: Promise<unknown>): Promise<OdooError> {
  const e = await failure(p);
  if (e instanceof OdooError) return e;
  throw e;
}

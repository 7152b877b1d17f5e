import { expect, test } from "bun:test";
import { closest, didYouMean, editDistance } from "../../../src/config/suggest.ts";

test("editDistance counts insertions, deletions and substitutions", () => {
  expect(editDistance("timout", "timeout")).toBe(1);
  expect(editDistance("prot", "port")).toBe(2);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("same", "same")).toBe(0);
});

test("closest suggests plausible typos only", () => {
  const keys = ["timeout", "protocol", "odoo_url", "database"];
  expect(closest("timout", keys)).toBe("timeout");
  expect(closest("odoo-url", keys)).toBe("odoo_url");
  expect(closest("DATABASE", keys)).toBe("database");
  expect(closest("completely_different", keys)).toBeUndefined();
});

test("didYouMean is ready to append", () => {
  expect(didYouMean("hots", ["host", "port"])).toBe(' (did you mean "host"?)');
  expect(didYouMean("zzzzzz", ["host", "port"])).toBe("");
});

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

test("a suggestion costs a bounded amount of work whatever the sizes: no guess for names over 64 characters, banded distance", () => {
  const fields = Array.from({ length: 2000 }, (_, i) => `field_number_${i}_x`);
  const cases: Array<[string, readonly string[]]> = [
    ["a".repeat(10_000_000), fields],
    ["b".repeat(65), fields],
    ["field_number_7_y", [...fields, "z".repeat(1_000_000)]],
    ["q".repeat(64), ["q".repeat(1_000_000), ...fields]],
  ];
  for (const [name, candidates] of cases) {
    const work = { cells: 0 };
    closest(name, candidates, work);
    // At most 64 rows of a band of (2 × 21 + 1) cells per candidate.
    expect(work.cells).toBeLessThanOrEqual(candidates.length * 64 * 43);
  }
  expect(closest("field_number_7_y", fields)).toBe("field_number_7_x");
  expect(closest("x".repeat(65), ["x".repeat(64)])).toBeUndefined();
});

test("the banded distance agrees with the full one within its band", () => {
  const words = ["timeout", "timout", "protocol", "prot", "port", "", "abc", "kitten", "sitting", "flaw", "lawn"];
  for (const a of words) {
    for (const b of words) {
      const full = editDistance(a, b);
      expect(editDistance(a, b, 2)).toBe(full <= 2 ? full : 3);
    }
  }
});

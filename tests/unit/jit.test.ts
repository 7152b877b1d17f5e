import { expect, test } from "bun:test";
import { normalJit } from "../../src/jit.ts";

test("normalJit puts the JIT's normal policy (scale 1) back, once", () => {
  const real = Bun.unsafe.setJITPolicy;
  const scales: number[] = [];
  Bun.unsafe.setJITPolicy = (scale: number) => void scales.push(scale);
  try {
    normalJit();
    normalJit();
  } finally {
    Bun.unsafe.setJITPolicy = real;
  }
  expect(scales).toEqual([1]);
});

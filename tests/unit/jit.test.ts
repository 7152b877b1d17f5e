import { expect, test } from "bun:test";
import { normalJit, normalJitAfter } from "../../src/jit.ts";

/** setJITPolicy replaced by a recorder while `run` runs; the scales it was given. */
async function scalesSet(run: (scales: number[]) => Promise<void> | void): Promise<number[]> {
  const real = Bun.unsafe.setJITPolicy;
  const scales: number[] = [];
  Bun.unsafe.setJITPolicy = (scale: number) => void scales.push(scale);
  try {
    await run(scales);
  } finally {
    Bun.unsafe.setJITPolicy = real;
  }
  return scales;
}

test("normalJit puts the JIT's normal policy (scale 1) back", async () => {
  expect(await scalesSet(normalJit)).toEqual([1]);
});

test("normalJitAfter does it after the delay, not before", async () => {
  const scales = await scalesSet(async (seen) => {
    normalJitAfter(60);
    await Bun.sleep(10);
    expect(seen).toEqual([]);
    await Bun.sleep(150);
  });
  expect(scales).toEqual([1]);
});

import { expect, test } from "bun:test";
import { join } from "node:path";
import { COMPILE_FLAGS } from "../../../scripts/release.ts";

test("make build compiles with the release binaries' flags", async () => {
  const makefile = await Bun.file(join(import.meta.dir, "../../../Makefile")).text();
  const assignment = /^COMPILE_FLAGS := ((?:.*\\\n)*.*)$/m.exec(makefile)?.[1] ?? "";
  const flags = assignment.replaceAll("\\\n", " ").split(/\s+/).filter(Boolean);
  expect(flags).toEqual(COMPILE_FLAGS);
});

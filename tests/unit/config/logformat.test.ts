import { expect, test } from "bun:test";
import { asctime, compileFormat, formatProblem, parseFormat } from "../../../src/config/logformat.ts";

const values = {
  asctime: "2026-11-25 12:00:00,123",
  name: "odoo_mcp.odoo",
  levelname: "INFO",
  levelno: 20,
  message: "hello",
  process: 42,
  processName: "MainProcess",
  thread: 0,
  threadName: "MainThread",
  created: 1.5,
  msecs: 123,
  relativeCreated: 10,
};

test("the documented format renders like Python", () => {
  const render = compileFormat("%(asctime)s - %(name)s - %(levelname)s - %(message)s");
  expect(render(values)).toBe("2026-11-25 12:00:00,123 - odoo_mcp.odoo - INFO - hello");
});

test("widths, alignment, numbers and %%", () => {
  expect(compileFormat("[%(levelname)-8s][%(levelname)8s]")(values)).toBe("[INFO    ][    INFO]");
  expect(compileFormat("%(levelno)d %(process)05d %(created).3f 100%%")(values)).toBe("20 00042 1.500 100%");
});

test("bad formats are reported, not rendered", () => {
  expect(formatProblem("%(funcName)s")).toBe("unknown placeholder %(funcName)");
  expect(formatProblem("50% done")).toContain("bad placeholder");
  expect(formatProblem("%(message)s")).toBeUndefined();
  expect(() => parseFormat("%s")).toThrow();
});

test("asctime is local time with comma milliseconds", () => {
  expect(asctime(new Date(2026, 10, 25, 9, 5, 7, 3))).toBe("2026-11-25 09:05:07,003");
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../src/config/schema.ts";
import { createLogger, type LogRecord } from "../../src/log.ts";

type Logging = Config["logging"];
const FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s";
const NOW = new Date(2026, 10, 25, 12, 0, 0, 123);
const now = () => NOW;

/** A logger writing to a captured stderr. */
function capture(logging: Partial<Logging> = {}, secrets: string[] = []) {
  const lines: string[] = [];
  const stderr = { write: (s: string) => void lines.push(s) };
  const config: Logging = { level: "INFO", format: FORMAT, handlers: [{ type: "StreamHandler" }], ...logging };
  return { log: createLogger(config, { secrets, stderr, now }), lines };
}

describe("format", () => {
  test("the documented format, Python's asctime, the root name odoo_mcp", () => {
    const { log, lines } = capture();
    log.info("started");
    expect(lines).toEqual(["2026-11-25 12:00:00,123 - odoo_mcp - INFO - started\n"]);
  });

  test("children: a relative name is appended, a full name kept", () => {
    const { log, lines } = capture({ format: "%(name)s|%(levelname)-7s|%(levelno)s|%(message)s" });
    log.child("odoo_mcp.odoo").warning("a");
    log.child("http").child("guards").error("b");
    expect(lines).toEqual(["odoo_mcp.odoo|WARNING|30|a\n", "odoo_mcp.http.guards|ERROR  |40|b\n"]);
  });

  test("fields are appended as key=value, quoted when needed", () => {
    const { log, lines } = capture({ format: "%(message)s" });
    log.info("call", { model: "res.partner", ms: 12.5, note: "two words", ids: [1, 2], missing: undefined });
    expect(lines).toEqual(['call model=res.partner ms=12.5 note="two words" ids=[1,2]\n']);
  });

  test("%(process)d is the pid", () => {
    const { log, lines } = capture({ format: "%(process)d" });
    log.info("x");
    expect(lines).toEqual([`${process.pid}\n`]);
  });
});

describe("levels", () => {
  test("logging.level gates every handler", () => {
    const { log, lines } = capture({ level: "WARNING", format: "%(levelname)s" });
    log.debug("d");
    log.info("i");
    log.warning("w");
    log.error("e");
    expect(lines).toEqual(["WARNING\n", "ERROR\n"]);
  });

  test("each handler has its own level and format", () => {
    const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-log-"));
    const filename = join(dir, "server.log");
    const { log, lines } = capture({
      level: "DEBUG",
      format: "%(levelname)s %(message)s",
      handlers: [
        { type: "StreamHandler", level: "WARNING" },
        { type: "FileHandler", filename, level: "DEBUG", format: "file:%(levelname)s:%(message)s" },
      ],
    });
    log.debug("d");
    log.warning("w");
    return log.flush().then(() => {
      expect(lines).toEqual(["WARNING w\n"]);
      expect(readFileSync(filename, "utf8")).toBe("file:DEBUG:d\nfile:WARNING:w\n");
    });
  });
});

describe("file handler", () => {
  test("appends to an existing file and writes everything by flush()", async () => {
    const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-log-"));
    const filename = join(dir, "a.log");
    await Bun.write(filename, "before\n");
    const { log } = capture({ format: "%(message)s", handlers: [{ type: "FileHandler", filename }] });
    for (let i = 0; i < 500; i++) log.info(`line ${i}`);
    await log.flush();
    const text = readFileSync(filename, "utf8").split("\n");
    expect(text[0]).toBe("before");
    expect(text[500]).toBe("line 499");
    expect(text).toHaveLength(502);
  });

  test("an unopenable file is reported once on stderr and logging goes on", () => {
    const filename = join(tmpdir(), "no-such-dir-odoo-mcp", "x.log");
    const { log, lines } = capture({ handlers: [{ type: "FileHandler", filename }, { type: "StreamHandler" }] });
    log.info("still here");
    expect(lines[0]).toContain(`cannot write log file ${filename}`);
    expect(lines[1]).toContain("still here");
    expect(lines).toHaveLength(2);
  });
});

describe("redaction", () => {
  test("configured secrets and credential patterns become *** in lines", () => {
    const { log, lines } = capture({ format: "%(message)s" }, ["hunter2"]);
    log.info("login with hunter2 failed", { password: "x", reason: "pw hunter2" });
    log.info("sent Authorization: Bearer abc.def and session_id=42abc; api_key=k-1");
    expect(lines).toEqual([
      'login with *** failed password=*** reason="pw ***"\n',
      "sent Authorization: Bearer *** and session_id=***; api_key=***\n",
    ]);
  });

  test("subscribers get redacted records", () => {
    const { log } = capture({}, ["hunter2"]);
    const got: LogRecord[] = [];
    log.subscribe((r) => got.push(r));
    log.child("odoo").warning("hunter2 leaked?", { nested: { api_key: "k", text: "hunter2" } });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      level: "WARNING",
      name: "odoo_mcp.odoo",
      message: "*** leaked?",
      fields: { nested: { api_key: "***", text: "***" } },
    });
    expect(got[0]!.time).toBe(NOW);
  });
});

describe("subscribers", () => {
  test("see their logger's subtree, at or above the configured level, until unsubscribed", () => {
    const { log } = capture({ level: "INFO" });
    const root: string[] = [];
    const odoo: string[] = [];
    const off = log.subscribe((r) => root.push(r.message));
    log.child("odoo").subscribe((r) => odoo.push(r.message));
    log.child("odoo").info("a");
    log.child("http").info("b");
    log.debug("hidden");
    off();
    log.child("odoo").info("c");
    expect(root).toEqual(["a", "b"]);
    expect(odoo).toEqual(["a", "c"]);
  });

  test("a throwing subscriber does not break logging; a subscriber that logs does not recurse", () => {
    const { log, lines } = capture({ format: "%(message)s" });
    const seen: string[] = [];
    log.subscribe(() => {
      throw new Error("closed");
    });
    log.subscribe((r) => {
      seen.push(r.message);
      log.info(`echo ${r.message}`);
    });
    log.info("x");
    expect(seen).toEqual(["x"]);
    expect(lines).toEqual(["x\n", "echo x\n"]);
  });
});

describe("stdout stays clean", () => {
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  afterEach(() => {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  });

  test("the default StreamHandler writes to process.stderr, never process.stdout", () => {
    const out: string[] = [];
    const err: string[] = [];
    process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
    const log = createLogger({ level: "DEBUG", format: "%(message)s", handlers: [{ type: "StreamHandler" }] });
    log.debug("d");
    log.info("i");
    log.warning("w");
    log.error("e");
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    expect(out).toEqual([]);
    expect(err).toEqual(["d\n", "i\n", "w\n", "e\n"]);
  });
});

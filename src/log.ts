import type * as Fs from "node:fs";
import { LEVEL_NUMBERS } from "./config/logformat.ts";
import { lineFormatter } from "./config/logline.ts";
import { redactor, redactValue } from "./config/redact.ts";
import type { Config } from "./config/schema.ts";

/** Python logging's level names. */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** One log event, as handlers and subscribers see it (already redacted for subscribers). */
export interface LogRecord {
  time: Date;
  level: LogLevel;
  name: string;
  message: string;
  fields?: Record<string, unknown>;
}

type Fields = Record<string, unknown>;

/** A named logger; children share the handlers, the level and the subscribers of the root. */
export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warning(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** `child("odoo")` of "odoo_mcp" is "odoo_mcp.odoo"; a full name ("odoo_mcp.odoo") is taken as is. */
  child(name: string): Logger;
  /** Records of this logger and its descendants, redacted; returns the unsubscribe function. */
  subscribe(listener: (r: LogRecord) => void): () => void;
  /** Resolves once everything logged so far is written (files are written in batches). */
  flush(): Promise<void>;
}

/** Where log lines go: anything with `write` (process.stderr by default). */
export interface LineWriter {
  write(s: string): void;
}

/** Options of `createLogger`: secrets to redact, the stderr stream and clock (tests). */
export interface LoggerOptions {
  secrets?: string[];
  stderr?: LineWriter;
  now?: () => Date;
}

const ROOT = "odoo_mcp";

interface Sink {
  level: number;
  render(r: LogRecord): string;
  write(line: string): void;
  flush(): Promise<void>;
}

/** Builds the root logger "odoo_mcp" from the `logging:` section. StreamHandler writes to stderr, never stdout. */
export function createLogger(config: Config["logging"], options: LoggerOptions = {}): Logger {
  // process.stderr is looked up at the first line: making it loads Node's stream modules, which the stdio start-up
  // defers until `initialize` is answered.
  const stderr = options.stderr ?? { write: (s: string) => void process.stderr.write(s) };
  const now = options.now ?? (() => new Date());
  const redact = redactor(options.secrets ?? []);
  const gate = LEVEL_NUMBERS[config.level];
  const sinks: Sink[] = config.handlers.map((h) => {
    const render = lineFormatter(h.format ?? config.format);
    const level = h.level === undefined ? 0 : LEVEL_NUMBERS[h.level];
    if (h.type === "StreamHandler") return { level, render, write: (l) => stderr.write(l), flush: async () => {} };
    return { level, render, ...fileSink(h.filename, stderr) };
  });
  const listeners = new Set<{ prefix: string; listener: (r: LogRecord) => void }>();
  let dispatching = false;

  const emit = (name: string, level: LogLevel, message: string, fields?: Fields) => {
    if (LEVEL_NUMBERS[level] < gate) return;
    const record: LogRecord = { time: now(), level, name, message, ...(fields ? { fields } : {}) };
    for (const sink of sinks) {
      if (LEVEL_NUMBERS[level] >= sink.level) sink.write(`${redact(sink.render(record))}\n`);
    }
    // A listener that logs must not loop back into itself.
    if (listeners.size === 0 || dispatching) return;
    const safe: LogRecord = {
      ...record,
      message: redact(message),
      ...(fields ? { fields: redactValue(fields, redact) as Fields } : {}),
    };
    dispatching = true;
    try {
      for (const { prefix, listener } of listeners) {
        if (name === prefix || name.startsWith(`${prefix}.`)) {
          try {
            listener(safe);
          } catch {
            // A broken subscriber (a closed MCP session) must not break logging for everyone else.
          }
        }
      }
    } finally {
      dispatching = false;
    }
  };

  const make = (name: string): Logger => ({
    debug: (m, f) => emit(name, "DEBUG", m, f),
    info: (m, f) => emit(name, "INFO", m, f),
    warning: (m, f) => emit(name, "WARNING", m, f),
    error: (m, f) => emit(name, "ERROR", m, f),
    child: (child) => make(child === ROOT || child.startsWith(`${ROOT}.`) ? child : `${name}.${child}`),
    subscribe: (listener) => {
      const entry = { prefix: name, listener };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    flush: async () => void (await Promise.all(sinks.map((s) => s.flush()))),
  });
  return make(ROOT);
}

const openFiles = new Set<{ drainSync(): void }>();
let exitHooked = false;

/** Appends to a file in batches (one write per event-loop turn); whatever is left is written on process exit. */
function fileSink(filename: string, stderr: LineWriter): Pick<Sink, "write" | "flush"> {
  // Required here, not imported: loading node:fs costs the start-up ~3.5 ms, and only a FileHandler needs it.
  const { write: fsWrite, openSync, writeSync }: typeof Fs = require("node:fs");
  let fd: number | undefined;
  let failed = false;
  const fail = (e: unknown) => {
    if (failed) return;
    failed = true;
    stderr.write(`odoo-mcp: cannot write log file ${filename}: ${(e as Error).message}\n`);
  };
  try {
    fd = openSync(filename, "a");
  } catch (e) {
    fail(e);
  }
  let buffer = "";
  let scheduled = false;
  let writing = Promise.resolve();
  const drain = () => {
    scheduled = false;
    if (fd === undefined || buffer === "") return;
    const chunk = buffer;
    const target = fd;
    buffer = "";
    writing = writing.then(
      () =>
        new Promise<void>((done) =>
          fsWrite(target, chunk, (e) => {
            if (e) fail(e);
            done();
          }),
        ),
    );
  };
  const file = {
    drainSync: () => {
      if (fd !== undefined && buffer !== "") writeSync(fd, buffer);
      buffer = "";
    },
  };
  openFiles.add(file);
  if (!exitHooked) {
    exitHooked = true;
    process.once("exit", () => {
      for (const f of openFiles) f.drainSync();
    });
  }
  return {
    write: (line) => {
      if (fd === undefined) return;
      buffer += line;
      if (scheduled) return;
      scheduled = true;
      setImmediate(drain);
    },
    flush: () => {
      drain();
      return writing;
    },
  };
}

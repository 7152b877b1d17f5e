import type { LogRecord } from "../log.ts";
import { asctime, compileFormat, LEVEL_NUMBERS } from "./logformat.ts";
import { SECRET_NAME } from "./redact.ts";

const STARTED = Date.now();

/** Renders a record with a Python logging format; fields are appended to the message as ` key=value`. */
export function lineFormatter(format: string): (r: LogRecord) => string {
  const render = compileFormat(format);
  return (r) => {
    const ms = r.time.getTime();
    return render({
      asctime: asctime(r.time),
      name: r.name,
      levelname: r.level,
      levelno: LEVEL_NUMBERS[r.level],
      message: r.message + formatFields(r.fields),
      process: process.pid,
      processName: "MainProcess",
      // Logging runs on the main thread only (threadName): its id there is 0, as worker_threads.threadId says; not
      // importing node:worker_threads for it spares the stdio start-up ~2 ms.
      thread: 0,
      threadName: "MainThread",
      created: ms / 1000,
      msecs: ms % 1000,
      relativeCreated: ms - STARTED,
    });
  };
}

/** ` key=value` for each field; strings with spaces or quotes are JSON-quoted, secret-named keys masked. */
export function formatFields(fields: Record<string, unknown> | undefined): string {
  if (!fields) return "";
  let out = "";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out += ` ${key}=${SECRET_NAME.test(key) ? "***" : showValue(value)}`;
  }
  return out;
}

function showValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Error) return JSON.stringify(value.message);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

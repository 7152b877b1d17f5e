import * as v from "valibot";
import { text } from "./fields.ts";
import { formatProblem, LOG_LEVELS } from "./logformat.ts";

/** The documented default format (Python logging's `%`-style). */
export const DEFAULT_LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s";

const LEVEL_WHAT = `one of ${LOG_LEVELS.join(", ")}`;

/** A level name, case-insensitive ("debug" → "DEBUG"). */
const level = v.pipe(
  v.string(LEVEL_WHAT),
  v.transform((s) => s.trim().toUpperCase()),
  v.picklist(LOG_LEVELS, LEVEL_WHAT),
);

/** A Python logging format string whose placeholders odoo-mcp can fill. */
const format = v.pipe(
  v.string("a Python logging format string"),
  v.check(
    (s) => formatProblem(s) === undefined,
    (issue) => `a Python logging format string (${formatProblem(String(issue.input))})`,
  ),
);

const streamHandler = v.strictObject({
  type: v.literal("StreamHandler"),
  level: v.optional(level),
  format: v.optional(format),
});

const fileHandler = v.strictObject({
  type: v.literal("FileHandler"),
  filename: text("a file path"),
  level: v.optional(level),
  format: v.optional(format),
});

/** The `logging:` section, shaped like the documentation's Python logging config. */
export const LoggingSection = v.optional(
  v.strictObject({
    level: v.optional(level, "INFO"),
    format: v.optional(format, DEFAULT_LOG_FORMAT),
    handlers: v.optional(
      v.array(
        v.variant("type", [streamHandler, fileHandler], 'a handler with type "StreamHandler" or "FileHandler"'),
        "a list of handlers",
      ),
      [{ type: "StreamHandler" }],
    ),
  }),
  {},
);

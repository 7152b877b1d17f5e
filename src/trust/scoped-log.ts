import type { Logger, LogRecord } from "../log.ts";

/** The field that names the identity a log record belongs to (per-user HTTP). */
export const IDENTITY_FIELD = "identity";

/** A logger whose records carry `identity: <login>`, so log notifications reach only that identity's sessions. */
export function scopedLogger(log: Logger, login: string): Logger {
  const tag = (fields?: Record<string, unknown>) => ({ ...fields, [IDENTITY_FIELD]: login });
  return {
    debug: (m, f) => log.debug(m, tag(f)),
    info: (m, f) => log.info(m, tag(f)),
    warning: (m, f) => log.warning(m, tag(f)),
    error: (m, f) => log.error(m, tag(f)),
    child: (name) => scopedLogger(log.child(name), login),
    subscribe: (listener) => log.subscribe(listener),
    flush: () => log.flush(),
  };
}

/** Whether a session of `login` (undefined: the configured user) may be told about the record. */
export function visibleTo(record: LogRecord, login: string | undefined): boolean {
  const owner = record.fields?.[IDENTITY_FIELD];
  return owner === undefined || owner === login;
}

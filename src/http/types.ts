/** The logging the HTTP layer needs (structurally the project `Logger`). */
export interface HttpLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warning(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The HTTP settings, from the config's `http.*`, `allowed_origins`, `requests_per_minute` and `sse_queue_maxsize`. */
export interface HttpSettings {
  host: string;
  port: number;
  authToken?: string;
  maxBodyBytes: number;
  allowedOrigins: string[];
  /** 0 = unlimited. */
  requestsPerMinute: number;
  sseQueueMaxsize: number;
}

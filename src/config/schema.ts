import * as v from "valibot";
import { choice, httpUrl, int, loginOrId, origin, secret, text } from "./fields.ts";
import { LoggingSection } from "./logging.ts";
import { ApprovalSection, AuditSection, identity, PolicySection } from "./trust.ts";

// Each section is one entry below; the loader derives env names, coercion and unknown-key checks from this schema,
// so a new section (policy:, realtime:, budget:) is one more entry here and nothing else.

const HttpSection = v.optional(
  v.strictObject({
    host: v.optional(text("a host name or IP address"), "127.0.0.1"),
    port: v.optional(int(0, 65535), 8080),
    auth_token: v.optional(secret()),
    auth_token_file: v.optional(text("a file path")),
    max_body_bytes: v.optional(int(1), 1048576),
    identity: identity(),
    identity_cache_size: v.optional(int(1), 100),
    identity_idle_seconds: v.optional(int(1), 900),
  }),
  {},
);

const ContextSection = v.optional(
  v.strictObject({
    lang: v.optional(text("a language code like en_US")),
    tz: v.optional(text("a time zone like Europe/Brussels")),
    company_id: v.optional(int(1)),
  }),
  {},
);

const LimitsSection = v.optional(
  v.pipe(
    v.strictObject({
      default_limit: v.optional(int(1), 80),
      max_limit: v.optional(int(1), 1000),
      binary_max_bytes: v.optional(int(0), 26214400),
    }),
    v.forward(
      v.partialCheck(
        [["default_limit"], ["max_limit"]],
        (l) => l.default_limit <= l.max_limit,
        (issue) => {
          const l = issue.input as { default_limit: number; max_limit: number };
          return `default_limit (${l.default_limit}) must not exceed max_limit (${l.max_limit})`;
        },
      ),
      ["default_limit"],
    ),
  ),
  {},
);

// MCP Apps views (tables, record cards, charts) for hosts that render `ui://` resources; off: plain results only.
const AppsSection = v.optional(v.strictObject({ enabled: v.optional(v.boolean("true or false"), true) }), {});

const seconds = (min: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.number(`a number of seconds ≥ ${min}`),
      v.minValue(min, `a number of seconds ≥ ${min}`),
      v.finite(`a number of seconds ≥ ${min}`),
    ),
    fallback,
  );

// Push mode (README "Push through Odoo's bus"): rules made by `odoo-mcp push install` send changes on a secret channel.
const PushSection = v.optional(
  v.strictObject({
    enabled: v.optional(v.boolean("true or false"), false),
    channel: v.optional(secret()),
    channel_file: v.optional(text("a file path")),
    bus_url: v.optional(httpUrl()),
    poll_interval: seconds(1, 30),
    models: v.optional(v.array(text("a model name like res.partner")), []),
  }),
  {},
);

const RealtimeSection = v.optional(
  v.strictObject({
    poll_interval: seconds(0.1, 2),
    max_calls_per_minute: v.optional(int(1), 600),
    push: PushSection,
  }),
  {},
);

/** The whole configuration file; keys are the YAML keys. */
export const ConfigSchema = v.pipe(
  v.strictObject({
    protocol: v.optional(choice(["auto", "jsonrpc", "xmlrpc", "json2"]), "auto"),
    connection_type: v.optional(choice(["stdio", "sse"]), "stdio"),
    odoo_url: httpUrl(),
    database: text("a database name"),
    uid: loginOrId(),
    password: v.optional(secret()),
    password_file: v.optional(text("a file path")),
    api_key: v.optional(secret()),
    api_key_file: v.optional(text("a file path")),
    timeout: v.optional(
      v.pipe(
        v.number("a number of seconds > 0"),
        v.gtValue(0, "a number of seconds > 0"),
        v.finite("a number of seconds > 0"),
      ),
      30,
    ),
    requests_per_minute: v.optional(int(0), 120),
    session_cache: v.optional(v.boolean("true or false"), true),
    sse_queue_maxsize: v.optional(int(1), 1000),
    allowed_origins: v.optional(v.array(origin(), "a list of origins"), []),
    logging: LoggingSection,
    http: HttpSection,
    context: ContextSection,
    limits: LimitsSection,
    policy: PolicySection,
    approval: ApprovalSection,
    audit: AuditSection,
    apps: AppsSection,

    realtime: RealtimeSection,
  }),
  v.forward(
    v.partialCheck(
      [["password"], ["password_file"], ["api_key"], ["api_key_file"]],
      (c) => Boolean(c.password || c.password_file || c.api_key || c.api_key_file),
      "no credential: set password, api_key, password_file or api_key_file (env PASSWORD, ODOO_MCP_API_KEY, …)",
    ),
    ["password"],
  ),
);

/** The validated configuration. After loading, `*_file` secrets are already read into their plain key. */
export type Config = v.InferOutput<typeof ConfigSchema>;

/** Keys (dotted) whose values are secrets: never logged, never shown in errors; each has a `<key>_file` twin. */
export const SECRET_KEYS = ["password", "api_key", "http.auth_token", "realtime.push.channel"] as const;

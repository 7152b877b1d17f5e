import * as v from "valibot";
import { choice, int, text } from "./fields.ts";

// The trust sections: `policy:`, `approval:` and `audit:` (the per-user identity switch lives under `http:`).

const names = (what: string) => v.optional(v.array(text(what), `a list of ${what}s`));
const GLOBS = "glob pattern (res.partner, account.*)";

/** The rules one policy is made of; every key is optional so a profile overrides only what it names. */
const rules = {
  /** Only tools annotated read-only are listed; odoo_call_method runs only known read methods. */
  read_only: v.optional(v.boolean("true or false")),
  tools: v.optional(v.strictObject({ enabled: names("tool name"), disabled: names("tool name") })),
  models: v.optional(v.strictObject({ allow: names(GLOBS), deny: names(GLOBS) })),
  fields: v.optional(
    v.strictObject({
      /** `field` (every model) or `model:field`, globs on both sides. */
      deny: names("field glob, or model:field"),
      /** The built-in list of secret fields (password, api_key*, *_token…); on unless set to false. */
      deny_secrets: v.optional(v.boolean("true or false")),
    }),
  ),
  methods: v.optional(
    v.strictObject({ allow: names("method, or model:method"), deny: names("method, or model:method") }),
  ),
};

const Rules = v.strictObject(rules);
/** One policy's rules, as written. */
export type PolicyRules = v.InferOutput<typeof Rules>;

const Profile = v.strictObject({
  /** Applies to these Odoo logins… */
  logins: names("login"),
  /** …or to members of these Odoo groups (XML ids such as sales_team.group_sale_salesman), read at login. */
  groups: names("group XML id"),
  ...rules,
});
/** A per-identity policy: its keys override the global policy's. */
export type PolicyProfile = v.InferOutput<typeof Profile>;

/** `policy:`: what the assistant may see and do; `profiles` (first match wins) refine it per identity. */
export const PolicySection = v.optional(
  v.strictObject({ ...rules, profiles: v.optional(v.array(Profile, "a list of profiles"), []) }),
  { profiles: [] },
);

/** `approval:`: what needs a person's yes (MCP elicitation) before it runs. */
export const ApprovalSection = v.optional(
  v.strictObject({
    tools: v.optional(v.array(text("tool name"), "a list of tool names"), ["odoo_unlink"]),
    /** Any change (a write tool, a non-read method) on these models. */
    models: v.optional(v.array(text(GLOBS), "a list of model globs"), []),
    /** `method` or `model:method`, e.g. account.move:action_post. */
    methods: v.optional(v.array(text("method, or model:method"), "a list of methods"), []),
  }),
  { tools: ["odoo_unlink"], models: [], methods: [] },
);

/** `audit:`: one JSON line per change, to a file rotated by size; optionally a chatter note. */
export const AuditSection = v.optional(
  v.strictObject({
    file: v.optional(text("a file path")),
    max_bytes: v.optional(int(1024), 10485760),
    backups: v.optional(int(0, 100), 5),
    chatter: v.optional(v.boolean("true or false"), false),
  }),
  { max_bytes: 10485760, backups: 5, chatter: false },
);

/** `http.identity`: one configured Odoo user for every client, or each client's own credential. */
export const identity = () => v.optional(choice(["shared", "per_user"]), "shared");

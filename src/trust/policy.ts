import type { Config } from "../config/schema.ts";
import type { PolicyProfile, PolicyRules } from "../config/trust.ts";
import { anyGlob, scopedGlobs } from "./glob.ts";

/** Fields that hold credentials and secrets: never read, written, listed or suggested unless turned off. */
export const SECRET_FIELDS = [
  "password",
  "new_password",
  "password_crypt",
  "api_key",
  "api_key*",
  "api_keys",
  "*_api_key",
  "*_token",
  "*_secret",
  "*_secret_key",
  "totp_*",
  "signup_*",
  "oauth_access_token",
  "oauth_uid",
  "*_password",
] as const;

/** Methods known not to change data: the only ones a read-only policy lets through. */
export const READ_METHODS = new Set([
  "search_read",
  "read",
  "search",
  "search_count",
  "search_fetch",
  "name_search",
  "name_get",
  "fields_get",
  "read_group",
  "formatted_read_group",
  "read_progress_bar",
  "default_get",
  "web_search_read",
  "web_read",
  "web_read_group",
  "check_access_rights",
  "check_access_rule",
  "has_access",
  "get_views",
  "fields_view_get",
  "exists",
]);

/** The tool that calls any method: listed in read-only mode, where it runs only READ_METHODS. */
const CALL_METHOD_TOOL = "odoo_call_method";

/** What a tool says about itself, as far as the policy is concerned. */
interface ToolFacts {
  name: string;
  annotations: { readOnlyHint: boolean };
}

/** One identity's effective policy: every check the registry and the guarded Odoo client ask. */
export class Policy {
  readonly readOnly: boolean;
  /** The `fields.deny` entries in force (`field` or `model:field` globs), the secrets included. */
  readonly fieldDenies: readonly string[];
  private readonly rules: PolicyRules;
  private readonly modelAllowed_: (m: string) => boolean;
  private readonly modelDenied_: (m: string) => boolean;
  private readonly fieldDenied_: (model: string, field: string) => boolean;
  private readonly fieldDeniedSeen = new Map<string, Map<string, boolean>>();
  private readonly methodAllowed_: ((model: string, method: string) => boolean) | undefined;
  private readonly methodDenied_: (model: string, method: string) => boolean;

  constructor(rules: PolicyRules) {
    this.rules = rules;
    this.readOnly = rules.read_only === true;
    const allow = rules.models?.allow;
    this.modelAllowed_ = allow ? anyGlob(allow) : () => true;
    this.modelDenied_ = anyGlob(rules.models?.deny ?? []);
    const secrets = rules.fields?.deny_secrets === false ? [] : SECRET_FIELDS;
    this.fieldDenies = [...secrets, ...(rules.fields?.deny ?? [])];
    this.fieldDenied_ = scopedGlobs(this.fieldDenies);
    const methodsAllow = rules.methods?.allow;
    this.methodAllowed_ = methodsAllow ? scopedGlobs(methodsAllow) : undefined;
    this.methodDenied_ = scopedGlobs(rules.methods?.deny ?? []);
  }

  /** Whether any model rule is set (then relations and ir.model rows are filtered too). */
  get restrictsModels(): boolean {
    return this.rules.models?.allow !== undefined || (this.rules.models?.deny?.length ?? 0) > 0;
  }

  /** Whether clients see the tool at all. */
  toolVisible(tool: ToolFacts): boolean {
    const enabled = this.rules.tools?.enabled;
    if (enabled && !enabled.includes(tool.name)) return false;
    if (this.rules.tools?.disabled?.includes(tool.name)) return false;
    return !this.readOnly || tool.annotations.readOnlyHint || tool.name === CALL_METHOD_TOOL;
  }

  /** The `models.allow` globs (undefined: every model) and `models.deny` globs. */
  get modelGlobs(): { allow: readonly string[] | undefined; deny: readonly string[] } {
    return { allow: this.rules.models?.allow, deny: this.rules.models?.deny ?? [] };
  }

  /** Whether the model may be touched at all (deny wins over allow). */
  modelVisible(model: string): boolean {
    return this.modelAllowed_(model) && !this.modelDenied_(model);
  }

  /** Whether a field of the model is hidden (by name; relations to hidden models are added by the guard). */
  fieldDenied(model: string, field: string): boolean {
    // Asked for every key of every record an answer carries: the globs run once per model and name.
    let fields = this.fieldDeniedSeen.get(model);
    if (!fields) {
      if (this.fieldDeniedSeen.size >= 1000) this.fieldDeniedSeen.clear();
      fields = new Map();
      this.fieldDeniedSeen.set(model, fields);
    }
    let denied = fields.get(field);
    if (denied === undefined) {
      denied = this.fieldDenied_(model, field);
      if (fields.size >= 10_000) fields.clear();
      fields.set(field, denied);
    }
    return denied;
  }

  /** Why the method may not run on the model (read-only mode), or undefined. Applies to every Odoo call. */
  writeRefusal(model: string, method: string): string | undefined {
    if (!this.readOnly || READ_METHODS.has(method)) return undefined;
    return (
      `${model}.${method} is refused: this server is read-only (policy.read_only), and '${method}' is not a ` +
      `method known to only read (${[...READ_METHODS].slice(0, 8).join(", ")}, …).`
    );
  }

  /** Why odoo_call_method may not call the method (methods.allow / methods.deny), or undefined. */
  methodRefusal(model: string, method: string): string | undefined {
    const read = this.writeRefusal(model, method);
    if (read) return read;
    if (this.methodDenied_(model, method))
      return `${model}.${method} is refused by the server's policy (methods.deny).`;
    if (this.methodAllowed_ && !this.methodAllowed_(model, method)) {
      return `${model}.${method} is not among the methods the server's policy allows (methods.allow).`;
    }
    return undefined;
  }
}

const merge = (base: PolicyRules, over: PolicyProfile): PolicyRules => {
  const { logins: _l, groups: _g, ...rules } = over;
  const picked = Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
  return { ...base, ...picked };
};

/** Who a policy is chosen for: the Odoo login and, when profiles name groups, the groups' XML ids. */
export interface Who {
  login: string;
  groups?: ReadonlySet<string>;
}

const built = new WeakMap<Config, Map<number, Policy>>();

/** The effective policy for an identity: the first profile naming its login or one of its groups, over the global. */
export function policyFor(config: Config, who?: Who): Policy {
  const { profiles, ...global } = config.policy;
  const index = who
    ? profiles.findIndex(
        (p) => p.logins?.includes(who.login) || (p.groups ?? []).some((g) => who.groups?.has(g) === true),
      )
    : -1;
  // One Policy per profile, so the guarded client (and the metadata cached on it) is shared by its sessions.
  let cache = built.get(config);
  if (!cache) {
    cache = new Map();
    built.set(config, cache);
  }
  let policy = cache.get(index);
  if (!policy) {
    const profile = profiles[index];
    policy = new Policy(profile ? merge(global, profile) : global);
    cache.set(index, policy);
  }
  return policy;
}

/** Whether any profile selects by group (then the groups are read once at login). */
export const needsGroups = (config: Config): boolean => config.policy.profiles.some((p) => (p.groups?.length ?? 0) > 0);

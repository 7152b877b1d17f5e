import * as v from "valibot";
import { urlPasswords } from "./describe.ts";
import { envOverrides, type Override } from "./env.ts";
import { ConfigError } from "./errors.ts";
import { coerce, leafKeys, schemaAt, unknownKeys } from "./introspect.ts";
import { issueProblem, Sources, unknownKeyProblem } from "./problems.ts";
import { type Config, ConfigSchema, SECRET_KEYS } from "./schema.ts";
import { didYouMean } from "./suggest.ts";
import { deleteKey, getKey, setKey, type Tree } from "./tree.ts";
import { readYamlFile } from "./yamlfile.ts";

// Re-exported so callers need one import for everything about loading a config.
export { describeConfig, redactConfig } from "./describe.ts";
export { ENV_VARS, type EnvVar, type Override } from "./env.ts";
export { ConfigError } from "./errors.ts";

/** Where the configuration comes from; later sources win: file, then environment, then overrides (flags). */
export interface LoadOptions {
  path?: string;
  env?: Record<string, string | undefined>;
  overrides?: Override[];
  /** The process's Unix user id, told apart from an exported `UID` (default: `process.getuid()`). */
  unixUid?: number;
}

/** A validated configuration, the file it came from, every secret value in it (for log redaction), and warnings. */
export interface LoadedConfig {
  config: Config;
  path?: string;
  secrets: string[];
  /** Things worth a warning at startup that did not stop it. */
  notes: string[];
}

/** Every settable key, walked once (not once per override: each walk costs the interpreted start-up ~0.2 ms). */
const LEAVES: readonly string[] = leafKeys();

/** `password` ↔ `password_file`: the two spellings of one secret. */
const TWINS = new Map<string, string>(
  SECRET_KEYS.flatMap((k) => [[k, `${k}_file`] as const, [`${k}_file`, k] as const]),
);

/** file → YAML → env → overrides → validate → read `*_file` secrets. Every problem found is in one ConfigError. */
export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const file = options.path === undefined ? undefined : await readYamlFile(options.path);
  const tree: Tree = structuredClone(file?.data ?? {});
  const sources = new Sources(options.path, file);
  const problems: string[] = [];
  for (const [key, twin] of TWINS) {
    if (key < twin && getKey(tree, key) !== undefined && getKey(tree, twin) !== undefined) {
      problems.push(`${sources.prefix(key.split("."))}set either ${key} or ${twin}, not both`);
    }
  }
  const env = envOverrides(options.env ?? {}, options.unixUid ?? process.getuid?.());
  problems.push(...env.problems);
  applyLayer(tree, env.overrides, sources, problems);
  applyLayer(tree, options.overrides ?? [], sources, problems);
  problems.push(...unknownKeys(tree).map((u) => unknownKeyProblem(u, sources)));
  const parsed = v.safeParse(ConfigSchema, tree);
  if (!parsed.success) problems.push(...parsed.issues.flatMap((i) => issueProblem(i, sources) ?? []));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const config = parsed.output;
  await readSecretFiles(config as unknown as Tree, sources, problems);
  await checkLogFiles(config, sources, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  // A password equal to the login (admin/admin) is no secret, and redacting it would blank the login from every line.
  const secrets = SECRET_KEYS.map((k) => getKey(config as unknown as Tree, k)).filter(
    (s): s is string => typeof s === "string" && s !== String(config.uid),
  );
  secrets.push(...urlPasswords(config.odoo_url));
  return { config, path: options.path, secrets, notes: env.notes };
}

/** Applies one layer of overrides; a secret set here drops its twin from lower layers (both here is an error). */
function applyLayer(tree: Tree, layer: Override[], sources: Sources, problems: string[]): void {
  const setHere = new Map<string, string>();
  for (const { key, value, source } of layer) {
    const node = schemaAt(key.split("."));
    if (!node || !LEAVES.includes(key)) {
      problems.push(`${source}: unknown key "${key}"${didYouMean(key, LEAVES)}`);
      continue;
    }
    const twin = TWINS.get(key);
    if (twin !== undefined) {
      const other = setHere.get(twin);
      if (other) problems.push(`${source}: ${key}: ${other} sets ${twin} too; set only one`);
      deleteKey(tree, twin);
    }
    setKey(tree, key, coerce(node, value));
    sources.record(key, source);
    setHere.set(key, source);
  }
}

/** Reads `password_file` & co. into their plain key (Docker secrets end with a newline, which is dropped). */
async function readSecretFiles(config: Tree, sources: Sources, problems: string[]): Promise<void> {
  for (const key of SECRET_KEYS) {
    const fileKey = `${key}_file`;
    const path = getKey(config, fileKey);
    if (typeof path !== "string") continue;
    const at = sources.prefix(fileKey.split("."));
    try {
      const secret = (await Bun.file(path).text()).replace(/[\r\n]+$/, "");
      if (secret === "") problems.push(`${at}file "${path}" is empty`);
      else setKey(config, key, secret);
    } catch (e) {
      problems.push(`${at}cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

/**
 * A FileHandler that cannot write would lose every log line silently; say so at startup instead. Files are read with
 * Bun.file and node:fs is loaded only here, when a FileHandler needs it: loading it costs the start-up ~3.5 ms.
 */
async function checkLogFiles(config: Config, sources: Sources, problems: string[]): Promise<void> {
  for (const [i, handler] of config.logging.handlers.entries()) {
    if (handler.type !== "FileHandler") continue;
    const { open } = await import("node:fs/promises");
    try {
      await (await open(handler.filename, "a")).close();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      const path = ["logging", "handlers", i, "filename"];
      problems.push(`${sources.prefix(path)}cannot open "${handler.filename}" for appending (${code})`);
    }
  }
}

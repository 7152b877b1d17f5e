// `make release`: one compiled binary per platform, each packed as dist/release/odoo-mcp-<version>-<target>.tar.gz
// (.zip for Windows) with README.md and config.example.yaml, and a SHA256SUMS file (`sha256sum -c SHA256SUMS`).
//   bun scripts/release.ts [TARGET...]     (default: every target below)
// Cross-compiling needs each target's Bun runtime: `bun build` fetches it from the npm registry
// (@oven/bun-<os>-<arch>...) once and keeps it in ~/.bun/install/cache, so later releases build offline.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

/** Every platform a release ships; `-baseline` runs on x64 CPUs without AVX2. */
export const TARGETS = [
  "linux-x64",
  "linux-x64-baseline",
  "linux-x64-musl",
  "linux-x64-musl-baseline",
  "linux-arm64",
  "linux-arm64-musl",
  "darwin-x64",
  "darwin-x64-baseline",
  "darwin-arm64",
  "windows-x64",
  "windows-x64-baseline",
] as const;

/**
 * Flags every binary is compiled with: minified, bytecode, and deaf to the user's `.env` and `bunfig.toml`. ESM with
 * splitting puts each lazily imported command (HTTP, demo, doctor…) in its own chunk, loaded only when it runs. The
 * JIT starts 100× slower to tier up, until src/jit.ts restores it once start-up is over.
 */
export const COMPILE_FLAGS = [
  "--compile",
  "--minify",
  "--bytecode",
  "--format=esm",
  "--splitting",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  "--no-compile-autoload-tsconfig",
  "--no-compile-autoload-package-json",
  "--compile-jit-policy=100",
];

const root = join(import.meta.dir, "..");
const out = join(root, "dist", "release");
const version = pkg.version;

function run(argv: string[], cwd = root) {
  const proc = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`${argv.join(" ")} failed:\n${proc.stderr}${proc.stdout}`);
}

/** Compiles, stages and packs one target; returns the archive's file name. */
function release(target: string): string {
  const name = `odoo-mcp-${version}-${target}`;
  const stage = join(out, "stage", name);
  const exe = join(stage, target.startsWith("windows") ? "odoo-mcp.exe" : "odoo-mcp");
  mkdirSync(stage, { recursive: true });
  const t0 = performance.now();
  run([
    process.execPath,
    "build",
    ...COMPILE_FLAGS,
    `--target=bun-${target}`,
    "--define",
    `ODOO_MCP_VERSION=${JSON.stringify(version)}`,
    "--define",
    `ODOO_MCP_TARGET=${JSON.stringify(target)}`,
    "src/main.ts",
    "--outfile",
    exe,
  ]);
  for (const file of ["README.md", "config.example.yaml"]) copyFileSync(join(root, file), join(stage, file));
  const archive = target.startsWith("windows") ? `${name}.zip` : `${name}.tar.gz`;
  rmSync(join(out, archive), { force: true });
  if (archive.endsWith(".zip")) run(["zip", "-q", "-X", "-r", join(out, archive), name], join(out, "stage"));
  else {
    const fixed = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0"];
    run(["tar", ...fixed, "-czf", join(out, archive), "-C", join(out, "stage"), name]);
  }
  const mib = (path: string) => (statSync(path).size / 2 ** 20).toFixed(1);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${archive.padEnd(48)} binary ${mib(exe).padStart(6)} MiB  archive ${mib(join(out, archive)).padStart(5)} MiB  ${secs} s`,
  );
  return archive;
}

if (import.meta.main) {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0) throw new Error(`unknown target(s) ${unknown.join(", ")}; known: ${TARGETS.join(", ")}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const archives = (wanted.length > 0 ? wanted : [...TARGETS]).map(release);
  rmSync(join(out, "stage"), { recursive: true, force: true });
  const sha256 = (file: string) => new Bun.CryptoHasher("sha256").update(readFileSync(join(out, file))).digest("hex");
  const sums = archives.map((a) => `${sha256(a)}  ${a}`);
  await Bun.write(join(out, "SHA256SUMS"), `${sums.join("\n")}\n`);
  console.log(
    `dist/release: ${archives.length} archives and SHA256SUMS (check with: cd dist/release && sha256sum -c SHA256SUMS)`,
  );
}

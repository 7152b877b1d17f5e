// The repository is self-contained: a clone with nothing beside it has every capture and document its tests read.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "odoo-mcp-clone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], cwd: string, env: Record<string, string | undefined> = process.env) {
  const proc = Bun.spawnSync(argv, { cwd, env, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

const tracked = () => run(["git", "ls-files", "-z"], root).out.split("\0").filter(Boolean);

describe("a fresh clone", () => {
  test("no tracked file names a path outside the repository", () => {
    const files = tracked().filter((f) => !f.startsWith("tests/fixtures/") && f !== "tests/e2e/fresh-clone.test.ts");
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(join(root, file), "utf8");
      } catch {
        return []; // deleted in the work tree
      }
      // ../shared is the sibling folder the captures once came from; /work/ an absolute path on one machine.
      return /\.\.\/shared\b|["'`\s(]\/work\//.test(text) ? [file] : [];
    });
    expect(offenders).toEqual([]);
  });

  test("the captures and the documentation the tests compare with are tracked", () => {
    const files = tracked();
    for (const version of ["17.0", "18.0", "19.0"]) {
      expect(files.filter((f) => f.startsWith(`tests/fixtures/odoo-captures/${version}/`)).length).toBeGreaterThan(10);
    }
    expect(files).toContain("tests/fixtures/spec/odoo-mcp-server-documentation.md");
  });

  test("cloned alone into an empty folder, it replays every capture and passes the documentation examples", () => {
    // A clone of the committed HEAD: uncommitted changes are not in it (CI runs on a clean checkout).
    const clone = join(dir, "odoo-mcp");
    const cloned = run(["git", "clone", "--quiet", "--no-hardlinks", root, clone], dir);
    expect(cloned.err).toBe("");
    expect(readdirSync(dir)).toEqual(["odoo-mcp"]);
    const installed = run([process.execPath, "install", "--frozen-lockfile"], clone);
    expect(installed.code).toBe(0);
    const suites = ["tests/unit/fake-odoo", "tests/unit/odoo", "tests/e2e/docs-example.test.ts"];
    const tested = run([process.execPath, "test", "--timeout=20000", ...suites], clone);
    const summary = `${tested.err}\n${tested.out}`;
    if (tested.code !== 0) throw new Error(`the suite failed in a fresh clone:\n${summary.slice(-4000)}`);
    const ran = Number(/Ran (\d+) tests across (\d+) files/.exec(summary)?.[1] ?? 0);
    // The replay alone is hundreds of tests: a clone missing its captures would run far fewer or fail.
    expect(ran).toBeGreaterThan(300);
    expect(summary).toMatch(/\b0 fail\b/);
  }, 240_000);
});

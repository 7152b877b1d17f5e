import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { bunReadsAlike } from "../../../src/config/yamlcheck.ts";
import { readYamlFile } from "../../../src/config/yamlfile.ts";
import { tempDir, writeFile } from "./helpers.ts";

const ROOT = join(import.meta.dir, "../../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const EXAMPLE = read("config.example.yaml");

/** The yaml library's reading: its value, or undefined where it reports an error. */
function library(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.length > 0 ? undefined : { value: doc.toJS() };
}

/** The property: a text the check vouches for is read by Bun exactly as by the library. Returns whether it vouched. */
function agrees(text: string): boolean {
  if (!bunReadsAlike(text)) return false;
  const lib = library(text);
  if (lib === undefined) throw new Error(`vouched for a text the library rejects:\n${text}`);
  let bun: unknown;
  try {
    bun = Bun.YAML.parse(text);
  } catch {
    return true; // Bun's own error sends the text to the library: still the library's answer
  }
  if (!Bun.deepEquals(bun, lib.value, true)) {
    expect({ text, bun }).toEqual({ text, bun: lib.value }); // shows the difference
  }
  return true;
}

/** YAML fenced blocks of a Markdown file. */
const yamlBlocks = (md: string) => [...md.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [
  "0123",
  "1e3",
  "1E3",
  "-1.5e-3",
  "yes",
  "no",
  "on",
  "off",
  "Yes",
  "ON",
  "y",
  "n",
  "null",
  "Null",
  "NULL",
  "~",
  "true",
  "True",
  "FALSE",
  "0o12",
  "0o8",
  "012",
  "0x1F",
  "0xg",
  "0b101",
  ".inf",
  "-.inf",
  "+.INF",
  ".Inf",
  ".nan",
  ".NaN",
  "inf",
  "nan",
  "1_000",
  "12:30",
  "1:2:3",
  "127.0.0.1",
  "1.2.3",
  "1.",
  ".5",
  "+3",
  "-0",
  "00",
  "9007199254740993",
  "1e400",
  "http://localhost:8069",
  "a#b",
  "a # b",
  "it's",
  'say "hi"',
  "x, y",
  "x [y]",
  "x {y}",
  "a:b",
  "a: b",
  "hello world",
  "en_US",
  "/run/secrets/x",
  "%(message)s",
  "@x",
  "`x`",
  "!x",
  "&x",
  "*x",
  "|",
  ">",
  "-x",
  "- x",
  "?x",
  ":x",
  ",x",
  "'q'",
  '"q"',
  "'it''s'",
  '"a # b"',
  '"k: v"',
  '"\\u0041"',
  '"a\\"b"',
  "'a\\b'",
  "''",
  '""',
  "[]",
  "[a, b]",
  "[a, 'b']",
  '["*"]',
  "[1, 2, ]",
  "[a:b]",
  "[a, [b]]",
  "[*x]",
  "{}",
  "{a: 1}",
  "{ }",
  "!!str 1",
  "&a 1",
  "*a",
  "+0o12",
  "-0x1",
  "+0x1",
  "0O12",
  "0X1F",
  "0o7777777777",
  "0o777777777777777777777777777",
  "0xffffffff",
  "0x7fffffffffffffffff",
  "123456789012345678901234567890",
  "Infinity",
  "NaN",
  "tRue",
  "nULL",
  "Off",
  "<<",
  "café",
  "'café'",
  '"日本"',
  "é",
  "# comment",
  "x\u0085y",
  "x\u2028y",
  "x\u00a0y",
  "1e+3",
  "1.5E3",
  "0.",
  "-.5",
  "01.5",
  "08",
  "1__0",
  "1,000",
  "1e",
  "e1",
  "-",
  ".",
];
const KEYS = [
  "__proto__",
  "a",
  "b",
  "odoo_url",
  "res.partner",
  "x-y",
  "_k",
  '"q"',
  "'q'",
  '"a"',
  "yes",
  "1",
  "<<",
  "? a",
  "a b",
];
const COMMENTS = ["", " # c", "  #c", "#c"];

/** A random config: nested maps, lists (block and flow), scalars of every form, block scalars, comments. */
function generate(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: string[] = [];
  const body = (indent: string, depth: number) => {
    const n = 1 + Math.floor(next() * 4);
    for (let i = 0; i < n; i++) {
      const key = pick(KEYS);
      const r = next();
      if (r < 0.1) out.push(`${indent}# note`);
      if (r < 0.2 && depth < 3) {
        out.push(`${indent}${key}:${pick(COMMENTS)}`);
        body(`${indent}  `, depth + 1);
      } else if (r < 0.3 && depth < 3) {
        out.push(`${indent}${key}:`);
        const lead = next() < 0.5 ? indent : `${indent}  `;
        for (let j = 0; j < 1 + next() * 3; j++) {
          if (next() < 0.3 && depth < 2) {
            out.push(`${lead}- ${pick(KEYS)}: ${pick(SCALARS)}`);
            out.push(`${lead}  ${pick(KEYS)}: ${pick(SCALARS)}`);
          } else out.push(`${lead}- ${pick(SCALARS)}${pick(COMMENTS)}`);
        }
      } else if (r < 0.38) {
        out.push(`${indent}${key}: ${pick(["|", "|-", "|+", ">", ">-", ">+", "|2"])}`);
        for (const l of ["line one", "", "  deeper # not a comment", "line: two"].slice(0, 1 + next() * 4)) {
          out.push(l === "" ? "" : `${indent}  ${l}`);
        }
      } else out.push(`${indent}${key}: ${pick(SCALARS)}${pick(COMMENTS)}`);
    }
  };
  body("", 0);
  let text = `${out.join("\n")}\n`;
  if (next() < 0.1) text = text.replace(/\n/g, "\r\n");
  if (next() < 0.05) text = `\uFEFF${text}`;
  if (next() < 0.05) text = text.replace(" ", "\t");
  return text;
}

/** The example config with one small edit: what a person's mistakes look like. */
function mutate(next: () => number, text: string): string {
  const lines = text.split("\n");
  const i = Math.floor(next() * lines.length);
  const line = lines[i]!;
  const edits = [
    () => lines.splice(i, 0, line), // a duplicated line: a duplicate key or list item
    () => (lines[i] = ` ${line}`),
    () => (lines[i] = `   ${line}`),
    () => (lines[i] = line.replace(/^ /, "")),
    () => (lines[i] = line.replace(/^ {2}/, "")),
    () => (lines[i] = `- ${line}`),
    () => (lines[i] = line.replace(/^(\s*)# /, "$1")), // an uncommented example
    () => (lines[i] = line.replace(/: /, ":")),
    () => (lines[i] = line.replace(/: .*/, ":")),
    () => lines.splice(i, 1),
    () => (lines[i] = line.replace(/\w+:/, "<<:")),
    () => (lines[i] = line.replace(/: /, ": &a ")),
  ];
  edits[Math.floor(next() * edits.length)]!();
  return lines.join("\n");
}

describe("bunReadsAlike: Bun.YAML.parse is used only where it reads what the yaml library reads", () => {
  test("the example config and the compose config take the fast path, and agree", () => {
    expect(agrees(EXAMPLE)).toBe(true);
    expect(agrees(read("deploy/compose/config/config.yaml"))).toBe(true);
    expect(agrees(EXAMPLE.replace(/\n/g, "\r\n"))).toBe(true);
    expect(agrees(`\uFEFF${EXAMPLE}`)).toBe(true);
  });

  test("every YAML in the repository and in the README: agree or refused", () => {
    const files = [
      "docker-compose.yml",
      ...["deployment", "kustomization", "secret", "service"].map((f) => `deploy/kubernetes/${f}.yaml`),
    ];
    const texts = [...files.map(read), ...yamlBlocks(read("README.md"))];
    for (const text of texts) agrees(text);
  });

  test("generated configs: agree or refused (and most plain ones are vouched for)", () => {
    let vouched = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const text = generate(rng(seed));
      try {
        if (agrees(text)) vouched++;
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
    expect(vouched).toBeGreaterThan(100);
  });

  test("the example config with one mistake: agree or refused", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed);
      const text = mutate(next, next() < 0.3 ? mutate(next, EXAMPLE) : EXAMPLE);
      try {
        agrees(text);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
  });

  test("scalars of every form agree where vouched for", () => {
    for (const s of SCALARS) {
      agrees(`a: ${s}\n`);
      agrees(`a:\n  - ${s}\n`);
      agrees(`a: [${s}]\n`);
    }
  });

  const refused: Record<string, string> = {
    "a duplicate key": "a: 1\nb: 2\na: 3\n",
    "a duplicate key, one quoted": 'a: 1\n"a": 2\n',
    "a duplicate key, single-quoted": "'a': 1\n'a': 2\n",
    "a duplicate nested key": "a:\n  b: 1\n  c: 2\n  b: 3\n",
    "a duplicate key in a list item": "a:\n  - b: 1\n    c: 2\n    b: 3\n",
    "a duplicate key deep down": "a:\n  b:\n    - c:\n        d: 1\n        d: 2\n",
    "a merge key": "base:\n  x: 1\nb:\n  <<: *base\n",
    "a tag": "a: !!str 1\n",
    "a local tag": "a: !env X\n",
    "an anchor": "a: &x 1\nb: 2\n",
    "an alias": "a: 1\nb: *x\n",
    "an anchor on a list item": "a:\n  - &x 1\n",
    "a document marker": "---\na: 1\n",
    "a document end": "a: 1\n...\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "a flow mapping": "a: {b: 1}\n",
    "a nested flow sequence": "a: [[1]]\n",
    "a multi-line flow sequence": "a: [1,\n  2]\n",
    "a multi-line quoted string": 'a: "x\n  y"\n',
    "an escape": 'a: "x\\ty"\n',
    "a plain continuation line": "a: x\n  y\n",
    "a tab": "a:\n\tb: 1\n",
    "a complex key": "? a\n: 1\n",
    "a number key": "1: a\n",
    "a keyword key": "yes: a\n",
    "a __proto__ key": "__proto__:\n  a: 1\n",
    "a NEL line break": "a: 1\u0085b: 2\n",
    "a key with a space before its colon": "a : 1\n",
    "uneven indentation": "a:\n    b: 1\n  c: 2\n",
    "a list after a value at its column": "a: 1\n- b\n",
  };
  for (const [what, text] of Object.entries(refused)) {
    test(`refused: ${what}`, () => expect(bunReadsAlike(text)).toBe(false));
  }

  test("a refused duplicate key is still the library's error, with its line", async () => {
    const dir = tempDir();
    for (const text of [refused["a duplicate key"]!, refused["a duplicate key deep down"]!]) {
      const path = writeFile(dir, "dup.yaml", text);
      const error = await readYamlFile(path).then(
        () => "loaded",
        (e: Error) => e.message,
      );
      const line = text.split("\n").findLastIndex((l) => /^\s*[ad]: /.test(l)) + 1;
      expect(error).toBe(`${path}:${line}: invalid YAML: Map keys must be unique`);
    }
  });

  test("lines of keys on the fast path are the library's lines", async () => {
    const path = writeFile(tempDir(), "example.yaml", EXAMPLE);
    const file = await readYamlFile(path);
    const lines = new Map<string, number>();
    const doc = parseDocument(EXAMPLE);
    const walk = (value: unknown, at: (string | number)[]) => {
      const line = file.lineOf(at);
      if (at.length > 0) {
        expect(line).toBeNumber();
        lines.set(at.join("."), line!);
      }
      if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, [...at, i]);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    };
    walk(doc.toJS(), []);
    expect(lines.get("odoo_url")).toBe(EXAMPLE.split("\n").indexOf("odoo_url: http://localhost:8069") + 1);
    expect(lines.get("logging.handlers.0.level")).toBe(EXAMPLE.split("\n").indexOf("      level: INFO") + 1);
    expect(file.lineOf(["nope"])).toBeUndefined();
    // The same file behind a document marker is refused, so read by the library alone: every line one further down.
    const slow = await readYamlFile(writeFile(tempDir(), "marked.yaml", `---\n${EXAMPLE}`));
    for (const [key, line] of lines)
      expect([key, slow.lineOf(key.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k)))]).toEqual([key, line + 1]);
  });
});

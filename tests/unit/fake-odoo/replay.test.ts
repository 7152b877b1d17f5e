import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeOdoo, type FakeVersion, startFakeOdoo } from "../../../src/fake-odoo/index.ts";
import { CAPTURES } from "../odoo/captures.ts";
import { diff, errorDiff, type Mode, xmlDiff } from "./replay-compare.ts";
import { type Capture, send } from "./replay-request.ts";
import { SPECIAL } from "./replay-special.ts";

const VERSIONS: FakeVersion[] = ["17.0", "18.0", "19.0"];

// Captures whose values cannot repeat here, compared by shape only (keys recursively, types).
const SHAPE_ONLY: Record<string, string> = {
  "json2_create.json": "the new id depends on the database sequence",
  "jsonrpc_create_write_unlink_create.json": "the new id depends on the database sequence",
  "session_authenticate_demo.json": "discuss store data of the demo user is not modelled",
  "websocket_peek_notifications.json": "the fake lists the user's main bus channels, not every discuss/group channel",
  "doc_bearer_model.json": "the fake documents its own fields and methods, a subset of Odoo's",
};
// Per version: captures taken after other captures had changed that database (values drifted; shapes did not).
const SHAPE_ONLY_IN: Record<string, Record<string, string>> = {
  "18.0": {
    "callkw_web_search_read.json": "taken after a write capture changed Deco Addict's email and one added a company",
    "jsonrpc_web_search_read_apikey.json":
      "taken after a write capture changed Deco Addict's email and one added a company",
  },
};
// Dictionaries keyed by field or method name: the fake's keys must be a subset of Odoo's.
const SUBSET_KEYS = ["$.fields", "$.methods"];

const mime = (v: string | null | undefined) => (v ?? "").split(";")[0]!.trim().toLowerCase();
const hasSessionCookie = (v: string | null | undefined) => (v ?? "").includes("session_id=");

/** Compares the fake's answer with the captured one; returns the differences. */
async function check(version: string, name: string, capture: Capture, res: Response): Promise<string[]> {
  const expected = capture.response;
  const out: string[] = [];
  const status = Number(expected.status.split(" ")[1]);
  if (res.status !== status) out.push(`status ${status} expected, got ${res.status}`);
  const h = expected.headers;
  if (mime(h["Content-Type"]) !== mime(res.headers.get("content-type"))) {
    out.push(`Content-Type ${h["Content-Type"]} expected, got ${res.headers.get("content-type")}`);
  }
  if (hasSessionCookie(h["Set-Cookie"]) !== hasSessionCookie(res.headers.get("set-cookie")))
    out.push("Set-Cookie session_id presence differs");
  for (const key of ["WWW-Authenticate", "Location", "Accept", "Access-Control-Allow-Origin"]) {
    // Header values are whitespace-trimmed on the wire (fetch), so "Bearer " arrives as "Bearer".
    if (h[key] !== undefined && h[key].trim() !== res.headers.get(key))
      out.push(`${key} ${JSON.stringify(h[key])} expected, got ${JSON.stringify(res.headers.get(key))}`);
  }
  const text = await res.text();
  const mode: Mode = SHAPE_ONLY[name] || SHAPE_ONLY_IN[version]?.[name] ? "shape" : "exact";
  const type = mime(h["Content-Type"]);
  if (type === "text/xml") return [...out, ...xmlDiff(String(expected.body), text, mode)];
  if (type === "application/json" && typeof expected.body !== "string") {
    let actual: unknown;
    try {
      actual = JSON.parse(text);
    } catch {
      return [...out, `JSON body expected, got ${text.slice(0, 200)}`];
    }
    return [...out, ...errorDiff(expected.body, actual), ...diff(expected.body, actual, mode, "$", SUBSET_KEYS)];
  }
  // HTML and plain answers: the content type is the contract, plus short texts like "Invalid JSON data".
  if (typeof expected.body === "string" && expected.body.length < 40 && expected.body !== text)
    out.push(`body ${JSON.stringify(expected.body)} expected, got ${JSON.stringify(text)}`);
  return out;
}

test("the captures folder is there", () => {
  expect(existsSync(CAPTURES)).toBe(true);
});

for (const version of VERSIONS) {
  describe(version, () => {
    let fake: FakeOdoo;
    beforeAll(async () => {
      fake = await startFakeOdoo({ version });
    });
    afterAll(() => fake.stop());
    const dir = join(CAPTURES, version);
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".json"))
          .sort()
      : [];
    for (const file of files) {
      test(`${version}/${file}`, async () => {
        fake.reset();
        const capture = JSON.parse(readFileSync(join(dir, file), "utf8"));
        const special = SPECIAL[file.replace(/\.json$/, "")];
        if (special) return special(fake, capture);
        const res = await send(fake, file, capture as Capture);
        expect(await check(version, file, capture as Capture, res)).toEqual([]);
      });
    }
  });
}

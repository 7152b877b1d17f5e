import { describe, expect, test } from "bun:test";
import { coerce, leafKeys, schemaAt, unknownKeys } from "../../../src/config/introspect.ts";

const at = (key: string) => {
  const node = schemaAt(key.split("."));
  if (!node) throw new Error(`no schema at ${key}`);
  return node;
};

describe("coerce", () => {
  test("numbers only where the schema takes numbers, and only when numeric", () => {
    expect(coerce(at("http.port"), "8080")).toBe(8080);
    expect(coerce(at("timeout"), " 2.5 ")).toBe(2.5);
    expect(coerce(at("http.port"), "80a")).toBe("80a");
    expect(coerce(at("database"), "2024")).toBe("2024");
  });

  test("uid accepts both, so a numeric string becomes a number", () => {
    expect(coerce(at("uid"), "2")).toBe(2);
    expect(coerce(at("uid"), "admin")).toBe("admin");
  });

  test("lists: JSON, comma-separated, empty", () => {
    expect(coerce(at("allowed_origins"), '["*", "https://a"]')).toEqual(["*", "https://a"]);
    expect(coerce(at("allowed_origins"), "https://a, https://b")).toEqual(["https://a", "https://b"]);
    expect(coerce(at("allowed_origins"), " ")).toEqual([]);
    expect(coerce(at("allowed_origins"), "[broken")).toBe("[broken");
  });

  test("secrets are passed through untouched (no trimming)", () => {
    expect(coerce(at("password"), " pw ")).toBe(" pw ");
  });
});

describe("schemaAt and leafKeys", () => {
  test("schemaAt walks objects, lists and variants", () => {
    expect(schemaAt(["logging", "handlers", 0, "filename"])).toBeDefined();
    expect(schemaAt(["http", "nope"])).toBeUndefined();
    expect(schemaAt(["timeout", "x"])).toBeUndefined();
  });

  test("leafKeys lists nested keys and stops at lists", () => {
    const keys = leafKeys();
    expect(keys).toContain("http.auth_token_file");
    expect(keys).toContain("logging.handlers");
    expect(keys).not.toContain("http");
  });
});

describe("unknownKeys", () => {
  test("finds every unknown key, in objects, list items and the matching variant", () => {
    const data = {
      odoo_url: "x",
      bogus: 1,
      http: { port: 1, prot: 2 },
      logging: {
        handlers: [
          { type: "StreamHandler", filename: "a" },
          { type: "FileHandler", filename: "b" },
        ],
      },
    };
    expect(unknownKeys(data).map((u) => u.path.join("."))).toEqual([
      "bogus",
      "http.prot",
      "logging.handlers.0.filename",
    ]);
  });
});

import { expect, test } from "bun:test";
import { redactor, redactValue } from "../../../src/config/redact.ts";

test("configured secrets are replaced wherever they appear, longest first", () => {
  const redact = redactor(["abc", "abcdef", "a.b*c"]);
  expect(redact("x abcdef y abc z a.b*c")).toBe("x *** y *** z ***");
  expect(redact("a-b-c")).toBe("a-b-c");
});

test("credential patterns are redacted even when not configured", () => {
  const redact = redactor([]);
  expect(redact("Authorization: Bearer eyJ.abc.def")).toBe("Authorization: Bearer ***");
  expect(redact("cookie session_id=0123abcd; other=1")).toBe("cookie session_id=***; other=1");
  expect(redact('{"password": "p1", "api_key": "k1"} password=p2 apikey: k2')).toBe(
    '{"password": "***", "api_key": "***"} password=*** apikey: ***',
  );
});

test("redactValue walks nested values and masks secret-named keys", () => {
  const redact = redactor(["s3"]);
  expect(redactValue({ a: ["x s3"], nested: { api_key: "k", n: 1 }, token: 5 }, redact)).toEqual({
    a: ["x ***"],
    nested: { api_key: "***", n: 1 },
    token: "***",
  });
});

import * as v from "valibot";

// Messages here are expectation phrases: the loader renders "expected <message>, got <value>". Only cross-field
// checks (`v.partialCheck`) carry whole sentences, rendered as they are.

/** An integer in [min, max], with one message naming the range whatever the failing step. */
export function int(min: number, max?: number) {
  const what = max === undefined ? `an integer >= ${min}` : `an integer ${min}–${max}`;
  return v.pipe(
    v.number(what),
    v.integer(what),
    v.minValue(min, what),
    v.maxValue(max ?? Number.MAX_SAFE_INTEGER, what),
  );
}

/** A non-empty string (trimmed). */
export function text(what = "a non-empty string") {
  return v.pipe(v.string(what), v.trim(), v.nonEmpty(what));
}

/** A secret string: kept as given (no trimming — a password may end in a space). */
export function secret() {
  return v.pipe(v.string("a non-empty string"), v.nonEmpty("a non-empty string"));
}

const isHttpUrl = (s: string) => {
  if (!URL.canParse(s)) return false;
  const url = new URL(s);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
};

/** An http(s) base URL (a path prefix is fine); trailing slashes are stripped so paths can be appended. */
export function httpUrl() {
  const what = "an http(s) URL like http://localhost:8069";
  // A URL copied from the browser (…/odoo/action-12?debug=1, …/web#id=7): requests would silently drop that part.
  const base = "the base URL of Odoo without ?query or #fragment, like https://erp.example.com";
  return v.pipe(
    v.string(what),
    v.trim(),
    v.check(isHttpUrl, what),
    v.check((s) => !/[?#]/.test(s), base),
    v.transform((s) => s.replace(/\/+$/, "")),
  );
}

/** One of a few words, case-insensitive ("JSONRPC" → "jsonrpc"). */
export function choice<const T extends string>(options: readonly T[]) {
  const what = `one of ${options.join(", ")}`;
  return v.pipe(
    v.string(what),
    v.transform((s) => s.trim().toLowerCase()),
    v.picklist(options, what),
  );
}

const isOrigin = (s: string) => {
  if (s === "*") return true;
  if (!isHttpUrl(s)) return false;
  const url = new URL(s);
  return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
};

/** A browser origin (`scheme://host[:port]`, no path) or "*"; normalized like browsers send it. */
export function origin() {
  const what = 'an origin like "https://app.example.com" or "*"';
  return v.pipe(
    v.string(what),
    v.trim(),
    v.check(isOrigin, what),
    v.transform((s) => (s === "*" ? s : new URL(s).origin)),
  );
}

/** A Odoo login name or a numeric user id; numeric strings ("2") become numbers. */
export function loginOrId() {
  const what = "a login name or a numeric user id";
  return v.union(
    [
      v.pipe(v.number(what), v.integer(what), v.minValue(1, what)),
      v.pipe(
        v.string(what),
        v.trim(),
        v.nonEmpty(what),
        v.transform((s): string | number => (/^[1-9]\d{0,9}$/.test(s) ? Number(s) : s)),
      ),
    ],
    what,
  );
}

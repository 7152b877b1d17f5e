/**
 * Reads a Python literal such as `[('name', 'ilike', 'acme'), ('active', '=', True)]` — the way Odoo prints domains and
 * the way models often write them — as JSON. Only literals: lists, tuples, dicts with string keys, strings, numbers,
 * True/False/None (and JSON's true/false/null). Nothing is evaluated; anything else throws with its position.
 */
export function parsePyLiteral(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  reader.skipSpace();
  if (!reader.done()) reader.fail("unexpected text after the value");
  return value;
}

const WORDS: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"' };
const CLOSING: Record<string, string> = { "[": "]", "(": ")", "{": "}" };
const NUMBER = /-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_]\w*/y;

class Reader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  fail(what: string): never {
    throw new SyntaxError(`${what} at character ${this.at + 1}`);
  }

  /** The text `pattern` (sticky) matches at the current position; no slicing, so long inputs stay linear. */
  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    return pattern.exec(this.text)?.[0];
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? "")) this.at++;
  }

  value(): unknown {
    this.skipSpace();
    const ch = this.text[this.at] ?? "";
    if (ch in CLOSING) return this.sequence(ch);
    if (ch === "'" || ch === '"') return this.string();
    if (/[uU]/.test(ch) && /['"]/.test(this.text[this.at + 1] ?? "")) {
      this.at++;
      return this.string();
    }
    const number = this.match(NUMBER);
    if (number) {
      this.at += number.length;
      return Number(number);
    }
    const word = this.match(WORD);
    if (word && word in WORDS) {
      this.at += word.length;
      return WORDS[word];
    }
    return this.fail(word ? `'${word}' is not a literal (nothing is evaluated)` : `unexpected '${ch || "end"}'`);
  }

  private sequence(open: string): unknown {
    const close = CLOSING[open];
    const items: unknown[] = [];
    const entries: Array<[string, unknown]> = [];
    let trailingComma = false;
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === close) break;
      if (open === "{") {
        const key = this.value();
        if (typeof key !== "string") this.fail("dict keys must be strings");
        this.skipSpace();
        if (this.text[this.at++] !== ":") this.fail("expected ':'");
        entries.push([key, this.value()]);
      } else {
        items.push(this.value());
      }
      this.skipSpace();
      trailingComma = this.text[this.at] === ",";
      if (trailingComma) this.at++;
      else if (this.text[this.at] !== close) this.fail(`expected ',' or '${close}'`);
    }
    this.at++;
    if (open === "{") return Object.fromEntries(entries);
    // `(x)` is just x in Python; `(x,)` is a one-item tuple.
    return open === "(" && items.length === 1 && !trailingComma ? items[0] : items;
  }

  private string(): string {
    const quote = this.text[this.at++];
    let out = "";
    for (;;) {
      const ch = this.text[this.at++];
      if (ch === undefined) this.fail("unterminated string");
      if (ch === quote) return out;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const next = this.text[this.at++] ?? "";
      const hex = next === "u" ? 4 : next === "x" ? 2 : 0;
      if (hex) {
        const code = this.text.slice(this.at, this.at + hex);
        if (!/^[0-9a-fA-F]+$/.test(code) || code.length !== hex) this.fail("bad escape");
        out += String.fromCharCode(Number.parseInt(code, 16));
        this.at += hex;
      } else {
        out += ESCAPES[next] ?? `\\${next}`;
      }
    }
  }
}

// Bun.YAML.parse reads a config in 1-2 ms where the yaml library costs the interpreted start-up ~20 ms, but the two
// differ: Bun keeps the last of duplicate keys (the library reports them), and they may differ on merge keys, tags,
// anchors, documents and flow mappings. This check vouches only for texts made of the plain block forms both read
// alike (tests/unit/config/yamlcheck.test.ts compares them); anything else goes to the library.

/** Plain scalars starting with a digit, sign or dot that both parsers read alike: decimals, 0o/0x, .inf/.nan, dotted. */
const NUMBERISH =
  /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|0o[0-7]{1,10}|0x[0-9a-fA-F]{1,8}|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d+(?:\.\d+)+)$/;
/** Plain keys: words only (no `<<`, no `1` that the library would read as a number, no `true`/`null`). */
const KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const KEYWORD = /^(?:true|false|null|yes|no|on|off|y|n|__proto__)$/i;

/** Whether a plain (unquoted) scalar is of a form both parsers read alike; flow items may not hold `:` or `#`. */
function plainOk(s: string, flow: boolean): boolean {
  if (s === "~") return true;
  if (/^[0-9+\-.]/.test(s)) return NUMBERISH.test(s);
  if (!/^[A-Za-z_/]/.test(s) || /:( |$)/.test(s)) return false;
  return !flow || !/[:#{}[\]]/.test(s);
}

/** A quoted scalar starting at i, closed on its line and without escapes: its value and the index past it. */
function quoted(line: string, i: number): [string, number] | undefined {
  const q = line[i];
  if (q === '"') {
    const end = line.indexOf('"', i + 1);
    const body = line.slice(i + 1, end);
    return end < 0 || body.includes("\\") ? undefined : [body, end + 1];
  }
  let value = "";
  for (let j = i + 1; j < line.length; j++) {
    if (line[j] !== "'") value += line[j];
    else if (line[j + 1] === "'") value += line[j++];
    else return [value, j + 1];
  }
  return undefined;
}

/** Whether what follows a value is only spaces and a comment. */
const endOk = (rest: string) => /^(?:\s+#.*|\s*)$/.test(rest);

/** A one-line flow sequence starting at i (`[a, "b", 3]`), nothing nested, followed by a comment at most. */
function flowOk(line: string, i: number): boolean {
  let j = i + 1;
  for (let first = true; ; first = false) {
    while (line[j] === " ") j++;
    if (line[j] === "]" && first) return endOk(line.slice(j + 1));
    if (line[j] === '"' || line[j] === "'") {
      const q = quoted(line, j);
      if (!q) return false;
      j = q[1];
    } else {
      const m = /^[^,\]]*/.exec(line.slice(j))![0];
      if (!plainOk(m.trim(), true)) return false;
      j += m.length;
    }
    while (line[j] === " ") j++;
    if (line[j] === "]") return endOk(line.slice(j + 1));
    if (line[j++] !== ",") return false;
  }
}

/** Whether a value that starts at i of a key or list line (and its block scalar, if any) is one both read alike. */
function valueOk(line: string, i: number): "open" | "block" | boolean {
  const rest = line.slice(i);
  if (endOk(rest) || (rest[0] === "#" && line[i - 1] === " ")) return "open";
  if (/^[|>][-+]?(?:\s+#.*|\s*)$/.test(rest)) return "block";
  if (rest[0] === '"' || rest[0] === "'") {
    const q = quoted(line, i);
    return q !== undefined && endOk(line.slice(q[1]));
  }
  if (rest[0] === "[") return flowOk(line, i);
  if (rest[0] === "{") return /^\{\}(?:\s+#.*|\s*)$/.test(rest);
  return plainOk(rest.replace(/\s+#.*$/, "").trimEnd(), false);
}

interface Node {
  kind: "map" | "seq";
  col: number;
  keys: Set<string>;
}

/**
 * Whether Bun.YAML.parse reads this text exactly as the yaml library does: block mappings of word or quoted keys, each
 * key once per mapping; block sequences; plain, quoted and block scalars; one-line flow sequences; `{}`. No tabs,
 * documents, directives, tags, anchors, aliases, merge keys, multi-line flow or quoted scalars.
 */
export function bunReadsAlike(text: string): boolean {
  text = text.replace(/^\uFEFF/, "");
  // Printable characters only: tabs, lone CRs, controls and the YAML 1.1 line breaks (NEL, LS, PS) are refused.
  if (/[^\n\r -~\u00a0-\u2027\u202a-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]|\r(?!\n)/u.test(text)) return false;
  const stack: Node[] = [];
  let open: number | undefined = -1; // the column of the node whose value the next, deeper line may start
  let block = -1; // inside a block scalar: the column its lines must be deeper than
  for (const line of text.split(/\r?\n/)) {
    const indent = line.search(/\S/);
    if (block >= 0) {
      if (indent < 0 && line !== "") return false; // spaces-only lines in a block scalar: indentation rules differ
      if (indent < 0 || indent > block) continue;
      block = -1;
    }
    if (indent < 0 || line[indent] === "#") continue;
    if (indent === 0 && /^(?:---|\.\.\.)(?:\s|$)|^%/.test(line)) return false;
    let col = indent;
    let opener: number | undefined = open;
    open = undefined;
    while (line[col] === "-" && (col + 1 === line.length || line[col + 1] === " ")) {
      if (!enter(stack, "seq", col, opener)) return false;
      opener = col;
      col++;
      while (line[col] === " ") col++;
      if (col === line.length || line[col] === "#") {
        open = opener;
        break;
      }
    }
    if (open !== undefined) continue;
    let key: string | undefined;
    let after = col;
    const q = line[col] === '"' || line[col] === "'" ? quoted(line, col) : undefined;
    if (q && /^:(?: |$)/.test(line.slice(q[1]))) [key, after] = [q[0], q[1] + 1];
    const plain = q ? undefined : /^([^ :]+):(?: |$)/.exec(line.slice(col));
    if (plain) {
      if (!KEY.test(plain[1]!) || KEYWORD.test(plain[1]!)) return false;
      [key, after] = [plain[1]!, col + plain[0].length];
    }
    if (key === undefined) {
      // A bare scalar line: only as a list item (a continuation line or a top-level scalar is refused).
      if (col === indent) return false;
      const v = valueOk(line, col);
      if (v === "block") block = stack[stack.length - 1]!.col;
      else if (v !== true) return false;
      continue;
    }
    if (!enter(stack, "map", col, opener)) return false;
    const map = stack[stack.length - 1]!;
    if (map.keys.has(key)) return false;
    map.keys.add(key);
    while (line[after] === " ") after++;
    const v = valueOk(line, after);
    if (v === "open") open = col;
    else if (v === "block") block = col;
    else if (!v) return false;
  }
  return true;
}

/** Enters (or stays in) the mapping or sequence at col; false where the indentation is not one we vouch for. */
function enter(stack: Node[], kind: Node["kind"], col: number, opener: number | undefined): boolean {
  while (stack.length > 0 && stack[stack.length - 1]!.col > col) stack.pop();
  let top = stack[stack.length - 1];
  // A list at its key's column (`key:\n- a`) ends where the mapping goes on.
  if (kind === "map" && top?.kind === "seq" && top.col === col && stack[stack.length - 2]?.col === col) {
    stack.pop();
    top = stack[stack.length - 1];
  }
  if (top?.col === col) {
    if (top.kind === kind) return true;
    // `key:` followed by a list at the key's column.
    if (kind !== "seq" || opener !== col) return false;
  } else if (opener === undefined || opener >= col) return false;
  stack.push({ kind, col, keys: new Set() });
  return true;
}

/** Python's `json.loads` error message for a malformed document ("Expecting value: line 1 column 13 (char 12)"). */
export function pythonJsonError(src: string): string | undefined {
  let i = 0;
  const fail = (what: string, at = i): never => {
    const line = src.slice(0, at).split("\n").length;
    const col = at - (src.lastIndexOf("\n", at - 1) + 1) + 1;
    throw new SyntaxError(`${what}: line ${line} column ${col} (char ${at})`);
  };
  const ws = () => {
    while (i < src.length && " \t\n\r".includes(src[i]!)) i++;
  };
  const str = () => {
    const start = i++;
    while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
    if (i >= src.length) fail("Unterminated string starting at", start);
    i++;
  };
  const value = (): void => {
    ws();
    const c = src[i];
    if (c === "{") {
      i++;
      ws();
      if (src[i] === "}") return void i++;
      for (;;) {
        ws();
        if (src[i] !== '"') fail("Expecting property name enclosed in double quotes");
        str();
        ws();
        if (src[i] !== ":") fail("Expecting ':' delimiter");
        i++;
        value();
        ws();
        if (src[i] === "}") return void i++;
        if (src[i] !== ",") fail("Expecting ',' delimiter");
        i++;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (src[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (src[i] === "]") return void i++;
        if (src[i] !== ",") fail("Expecting ',' delimiter");
        i++;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|NaN|Infinity|-Infinity)/.exec(src.slice(i));
    if (!m) fail("Expecting value");
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < src.length) fail("Extra data");
    return undefined;
  } catch (e) {
    return e instanceof SyntaxError ? e.message : String(e);
  }
}

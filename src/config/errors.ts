/** A configuration problem (or several); the message lists one per line, each naming the key and where it came from. */
export class ConfigError extends Error {
  /** One line per problem, e.g. `config.yaml:4: http.port: expected an integer 0–65535, got "80a"`. */
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(list.join("\n"));
    this.name = "ConfigError";
    this.problems = list;
  }
}

/** A glob (`*` any run of characters, `?` one) as an anchored, case-sensitive regular expression. */
export function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** A matcher for a list of globs: true when any matches. */
export function anyGlob(globs: readonly string[]): (name: string) => boolean {
  const res = globs.map(globRegex);
  return (name) => res.some((re) => re.test(name));
}

/** `model:name` entries and bare `name` entries (every model); globs on both sides. */
export function scopedGlobs(entries: readonly string[]): (model: string, name: string) => boolean {
  const pairs = entries.map((entry) => {
    const at = entry.lastIndexOf(":");
    const model = at < 0 ? "*" : entry.slice(0, at);
    return [globRegex(model), globRegex(at < 0 ? entry : entry.slice(at + 1))] as const;
  });
  return (model, name) => pairs.some(([m, n]) => m.test(model) && n.test(name));
}

/** Names longer than this get no suggestion: no real key, field or model name is, and the work stays bounded. */
export const MAX_SUGGESTED_NAME = 64;

/** Where a caller may count the distance cells computed (tests bound the work of a suggestion with it). */
export interface SuggestWork {
  cells: number;
}

/**
 * Levenshtein distance between two strings. With `max`, only the band of cells within `max` of the diagonal is
 * computed (Ukkonen) and any distance beyond `max` is reported as `max + 1`: O(min(|a|, |b|) × max) work.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY, work?: SuggestWork): number {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > max) return max + 1;
  const over = max + 1;
  const band = Number.isFinite(max) ? max : b.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => (j <= band ? j : over));
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    const row = new Array<number>(b.length + 1).fill(over);
    row[0] = i <= band ? i : over;
    let best = row[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost, over);
      if (row[j]! < best) best = row[j]!;
    }
    if (work) work.cells += to - from + 1;
    if (best > max) return over;
    prev = row;
  }
  return Math.min(prev[b.length]!, over);
}

/** The closest candidate to a mistyped name, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: readonly string[], work?: SuggestWork): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME) return undefined;
  const lower = name.toLowerCase().replace(/-/g, "_");
  // A third of the name (at least 2 edits) covers swapped, missing and doubled letters without wild guesses.
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, c.toLowerCase(), bestDistance - 1, work);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or "" — ready to append to a message. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const hit = closest(name, candidates);
  return hit === undefined ? "" : ` (did you mean "${hit}"?)`;
}

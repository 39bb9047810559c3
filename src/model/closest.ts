/** "Did you mean …?": the nearest known name to a misspelt one, by Damerau-Levenshtein distance. */

/** The rolling rows of `editDistance`, grown to the longest word met. */
let rows: Int32Array[] = [0, 1, 2].map(() => new Int32Array(64));

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two adjacent characters as one edit
 * (the optimal-string-alignment form of Damerau-Levenshtein): `discovry` → `discovery` is 1, `nxet` → `next` is 1.
 * With `limit`, stops as soon as the distance must exceed it and returns `limit + 1`: a suggestion search over
 * thousands of ids only needs to know which are near.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  // Three rolling rows of the dynamic-programming table (the swap looks two rows back), reused between calls:
  // a search compares one id with thousands.
  if (rows[0]!.length <= b.length) rows = [0, 1, 2].map(() => new Int32Array(b.length + 1));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * The candidate nearest to `word` (case-insensitively), or undefined when none is near enough to be a typo:
 * at most one edit per three characters (at least one), and fewer edits than the word has characters, so
 * `it` never "means" `ae`. Among equally near candidates, one of the word's own length wins (`lose` means `lost`
 * rather than `close`), then the first, so suggestions follow the file's own order.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // Lengths that differ by more than the limit cannot be within it: skip the quadratic table.
    if (Math.abs(candidate.length - lower.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    // Distance first; a length difference only breaks ties (it is at most `limit`, so 2 * distance dominates).
    const score = distance * (2 * limit + 1) + Math.abs(candidate.length - lower.length);
    if (distance <= limit && distance < lower.length && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** "Did you mean …?": the nearest known name to a misspelt one, by Damerau-Levenshtein distance. */

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two adjacent characters as one edit
 * (the optimal-string-alignment form of Damerau-Levenshtein): `discovry` → `discovery` is 1, `nxet` → `next` is 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
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
    const distance = editDistance(lower, candidate.toLowerCase());
    // Distance first; a length difference only breaks ties (it is at most `limit`, so 2 * distance dominates).
    const score = distance * (2 * limit + 1) + Math.abs(candidate.length - lower.length);
    if (distance <= limit && distance < lower.length && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

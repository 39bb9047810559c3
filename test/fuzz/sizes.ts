// How large fuzz inputs get. Large cases (megabytes, thousands of steps) find the slow paths, but they cost the
// harness as much as they cost spx, so they are rare and bounded.
import fc from 'fast-check';

/**
 * Structured mutations stop growing a document at about 2 MiB: writing larger ones out costs the harness seconds
 * a case, and byte mutants cross the loader's 8 MiB limit anyway.
 */
export const MAX_DOCUMENT_SIZE = 2 * 1024 * 1024;

/** Byte mutants are cut a little over the loader's 8 MiB limit, so the limit is still crossed. */
export const MAX_BYTES = 9 * 1024 * 1024;

/** Roughly how many characters a value takes as YAML: as many as in JSON. */
export function approximateSize(value: unknown): number {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? 0 : v))?.length ?? 4;
}

/** How many copies of `value` fit in what is left of `root`'s size budget: at least one, at most `wanted`. */
export function copiesThatFit(root: unknown, value: unknown, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor((MAX_DOCUMENT_SIZE - approximateSize(root)) / approximateSize(value))));
}

/** Mostly the small value, one time in ten the large one. */
export function rarelyLarge<T>(small: fc.Arbitrary<T>, large: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 9, arbitrary: small }, { weight: 1, arbitrary: large });
}

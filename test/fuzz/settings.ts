// How many cases each fuzz property runs and with which seed; see the header of library.test.ts for how to use it.
import type { Parameters } from 'fast-check';

/** `npm run fuzz` (vitest.fuzz.config.ts) sets FUZZ_MODE=nightly; `npm test` leaves it unset. */
export const NIGHTLY = process.env['FUZZ_MODE'] === 'nightly';

/** Fixed in `npm test` so a failure there reproduces as is; vitest.fuzz.config.ts sets a random (printed) one. */
const DEFAULT_SEED = 20_260_801;

function seedFromEnvironment(): number {
  const given = process.env['FUZZ_SEED'];
  if (given === undefined || given === '') return DEFAULT_SEED;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${given}"`);
  return seed;
}

export const SEED = seedFromEnvironment();

/** Cases per property: [npm test, npm run fuzz]. The nightly counts of the process targets add up to 10,000. */
export const RUNS = {
  structured: [160, 5000],
  bytes: [160, 4700],
  cli: [8, 300],
  deals: [60, 2000],
} as const;

/** fast-check parameters for one property: its own seed derived from SEED, so one printed number replays every property. */
export function fuzzParameters(property: keyof typeof RUNS, offset: number): Parameters<unknown> {
  const runs = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : RUNS[property][NIGHTLY ? 1 : 0];
  return { seed: SEED + offset, numRuns: runs };
}

/** Printed once per test file, so every run (and every CI log) says how to replay it. */
export function announceSeed(file: string): void {
  process.stdout.write(`fuzz ${file}: seed ${SEED} (${NIGHTLY ? 'nightly' : 'npm test'}); replay with FUZZ_SEED=${SEED}\n`);
}

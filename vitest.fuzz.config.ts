// `npm run fuzz`: the nightly-style run of the fuzzing suite (test/fuzz/, see library.test.ts): 10,000 cases
// instead of the few hundred `npm test` runs, with a random seed, printed here so any failure can be replayed
// with FUZZ_SEED=<seed> npm run fuzz. A separate config rather than an env var in package.json: it works the same
// in every shell (Windows included) and keeps the seed choice in one place.
import { defineConfig } from 'vitest/config';

const seed = process.env['FUZZ_SEED'] || String(Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`spx fuzz: seed ${seed}; replay with FUZZ_SEED=${seed} npm run fuzz\n`);

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    include: ['test/fuzz/**/*.test.ts'],
    env: { FUZZ_MODE: 'nightly', FUZZ_SEED: seed },
    // Each property runs thousands of cases in one test.
    testTimeout: 60 * 60 * 1000,
    pool: 'threads',
    // The CLI sample mostly waits on child processes: run it beside the library cases, not after them.
    maxWorkers: 2,
  },
});

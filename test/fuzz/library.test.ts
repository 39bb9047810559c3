// The fuzzing suite (issue #8): hostile process files through the library API, checked against the invariants in
// invariants.ts: no exception but SpxError (and never E_INTERNAL), every diagnostic with a rule id, its file and a
// position inside the file, no command's work over 2 s (files over 1 MiB: 2 s per MiB; npm run fuzz only, since
// npm test keeps wall-clock limits out), the input bytes untouched, no prototype pollution. cli.test.ts runs a sample through the built CLI; regressions.test.ts replays pinned cases.
//
// Inputs: structured.ts mutates the bundled processes and the examples as data (drop, duplicate, retype, rename,
// broken references, cycles, extreme numbers, huge strings, unicode ids, __proto__ keys), preserving.ts pushes them
// to the edges while keeping them valid (so the analyses, simulate, diff and the diagrams get cases too), and
// bytes.ts mutates the bytes (flips, truncation, splices, invalid UTF-8, BOMs, CRLF, tabs, tags, anchors, aliases).
//
// Running it:
//   npm test          ~330 cases with a FIXED seed (20260801), so a failure reproduces as is; about 15 s of CPU.
//   npm run fuzz      10,000 cases (5,000 structured, 4,700 bytes, 300 through the CLI) with a RANDOM seed that
//                     vitest.fuzz.config.ts prints first ("spx fuzz: seed N"); about 4 minutes on 2 cores.
//   FUZZ_SEED=N npm run fuzz                     replays that run exactly (same seed, same case counts).
//   FUZZ_SEED=N npx vitest run test/fuzz         the same seed with the small counts of npm test.
//   FUZZ_RUNS=N                                  overrides the number of cases of every property.
// A failure prints the violations, how the case was made, fast-check's seed and path, and the file it saved the
// mutant to (under the OS temp dir, spx-fuzz-failures/). Pin it: copy the file (or a smaller one that fails the same
// way) into test/fuzz/regressions/ and list it in regressions.test.ts, then fix src/.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesCase } from './bytes.js';
import { checkLibrary } from './invariants.js';
import { announceSeed, fuzzParameters } from './settings.js';
import { structuredCase } from './structured.js';

announceSeed('library.test.ts');

describe('fuzz: the library API on hostile process files', () => {
  it('structured mutations of valid processes', () => {
    const parameters = fuzzParameters('structured', 0);
    let analysed = 0;
    fc.assert(
      fc.property(structuredCase, fc.nat(), (fuzzCase, seed) => {
        if (checkLibrary(fuzzCase, seed).analysed) analysed++;
      }),
      parameters,
    );
    // A fuzzer whose mutants all fail the schema would test the loader only: a good share must reach the analyses.
    expect(analysed / parameters.numRuns!).toBeGreaterThan(0.15);
  });

  it('byte-level mutations of the YAML text', () => {
    fc.assert(
      fc.property(bytesCase, fc.nat(), (fuzzCase, seed) => {
        checkLibrary(fuzzCase, seed);
      }),
      fuzzParameters('bytes', 1),
    );
  });
});

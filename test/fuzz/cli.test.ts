// A sample of the fuzz cases (see library.test.ts) through the built CLI: lint, path, simulate, diff and graph on
// temp files. Exit code 0, 1 or 2; exit 2 ends with one `spx: … [E_CODE]` line and never a stack trace; no
// command over 2 s; both files byte-identical afterwards.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { bytesCase } from './bytes.js';
import { checkCli } from './invariants.js';
import { announceSeed, fuzzParameters } from './settings.js';
import { structuredCase } from './structured.js';

announceSeed('cli.test.ts');

describe('fuzz: the built CLI on hostile process files', () => {
  it('structured and byte-level mutants', () => {
    fc.assert(
      fc.property(fc.oneof(structuredCase, bytesCase), (fuzzCase) => checkCli(fuzzCase)),
      fuzzParameters('cli', 2),
    );
  });
});

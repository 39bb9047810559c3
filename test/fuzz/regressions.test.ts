// Cases the fuzzers found, pinned: each file in regressions/ goes through the same invariants as a fuzz case
// (invariants.ts), and the tests below check what the fix promises exactly. To pin a new failure, copy the mutant
// the failing run saved (or a smaller file that fails the same way) into regressions/ and list it here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { SEEDS } from './corpus.js';
import { checkCli, checkLibrary } from './invariants.js';
import { fuzzCase } from './structured.js';

const DIRECTORY = join(import.meta.dirname, 'regressions');

/** Each pinned file: what it was mutated from (the old side of diff), what went wrong, and whether the CLI saw it. */
const PINNED: Record<string, { readonly original: string; readonly found: string; readonly cli?: boolean }> = {
  'eof-error-end-column.yaml': {
    original: 'processes/smb.yaml',
    found: 'a YAML error at the very end of the file ended one column past the end of the file',
  },
  'yaml-missed-newline.yaml': {
    original: 'processes/smb.yaml',
    found: "yaml's parser skips the newlines inside a scalar it rejects, so every later diagnostic was a line too high (and could point past the end of the line)",
    cli: true,
  },
  'tagged-key.yaml': {
    original: 'examples/diff/enterprise-v1.yaml',
    found: 'a tag on a map key escaped the tag check: `!!binary` built a Uint8Array key and Node printed a warning on stderr',
    cli: true,
  },
  'version-past-safe-integer.yaml': {
    original: 'processes/smb.yaml',
    found: 'a version number past 2^53 passed the schema, then semver threw in diff and version-not-bumped (E_INTERNAL)',
    cli: true,
  },
  'version-over-256-characters.yaml': {
    original: 'processes/smb.yaml',
    found: 'a version longer than 256 characters passed the schema, then semver threw in diff and version-not-bumped',
  },
};

const read = (name: string) => new Uint8Array(readFileSync(join(DIRECTORY, name)));
const seed = (name: string) => SEEDS.find((s) => s.name === name)!;
const diagnostics = (text: string) => lint([{ file: 'x.yaml', contents: text }])[0]!.diagnostics;

describe('fuzz regressions', () => {
  it('every file in regressions/ is listed (and every listed file exists)', () => {
    expect(readdirSync(DIRECTORY).sort()).toEqual(Object.keys(PINNED).sort());
  });

  for (const [name, { original, found, cli }] of Object.entries(PINNED)) {
    it(`${name}: ${found}`, () => {
      const pinned = fuzzCase(seed(original), `regression ${name}`, read(name));
      checkLibrary(pinned, 1);
      if (cli) checkCli(pinned);
    });
  }

  it('800 kB of garbled flow YAML: 20 diagnostics, not one per parser error (yaml made 167,000, each with a stack trace)', () => {
    // A whole process on one line (flow style), 300 times: every line after the first is an error, token by token.
    // (`npm run fuzz` also holds it to the time limit; here only what the fix changed, deterministically.)
    const smb = seed('processes/smb.yaml');
    const line = JSON.stringify(smb.data);
    const text = Array.from({ length: 300 }, () => line).join('\n');
    const stackTraceLimit = Error.stackTraceLimit;
    const found = diagnostics(text);
    expect(Error.stackTraceLimit).toBe(stackTraceLimit);
    expect(found.length).toBe(20);
    expect(found.every((d) => d.ruleId === 'yaml-syntax')).toBe(true);
    checkLibrary(fuzzCase(smb, 'garbled flow YAML', new TextEncoder().encode(text)), 1);
  });

  it('a tag on a key is refused like a tag on a value', () => {
    expect(diagnostics('apiVersion: spx/v1\n!!binary AAAA: x\n')).toMatchObject([
      { ruleId: 'yaml-syntax', line: 2, column: 10, message: expect.stringContaining('tag !!binary is not allowed') },
    ]);
  });

  it('an error at the end of the file ends there', () => {
    const [error] = diagnostics('metadata: {');
    expect(error).toMatchObject({ ruleId: 'yaml-syntax', line: 1, column: 12, endLine: 1, endColumn: 12 });
  });

  it('a version semver cannot compare is a schema error on metadata.version', () => {
    for (const name of ['version-past-safe-integer.yaml', 'version-over-256-characters.yaml']) {
      const text = new TextDecoder().decode(read(name));
      const errors = diagnostics(text).filter((d) => d.severity === 'error');
      expect(errors).toMatchObject([{ ruleId: 'schema', line: text.split('\n').findIndex((l) => l.includes('version:')) + 1 }]);
      expect(errors[0]!.message).toMatch(/metadata.version has the wrong form .*semver version/);
    }
  });

  it('diagnostics after a rejected multi-line scalar keep their lines', () => {
    const found = diagnostics('a: 1\n] kind\n  x\nmetadata: {\n');
    const metadata = found.find((d) => d.message.includes('"metadata"'));
    expect(metadata).toMatchObject({ line: 4, column: 1 });
  });
});

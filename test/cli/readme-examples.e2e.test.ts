// The `spx simulate --json` example in docs/cli/simulate.md is real output: every number and string it shows is checked against a
// run of the same command, to the precision the page prints. (Entries the page elides with … are skipped.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, spx } from './run-cli.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The page's jsonc block as JSON: comments and `…` elisions removed. */
function readmeExample(): Json {
  const readme = readFileSync(join(ROOT, 'docs/cli/simulate.md'), 'utf8');
  const start = readme.indexOf('```jsonc\n[{\n  "file": "processes/enterprise.yaml"');
  const block = readme.slice(readme.indexOf('\n', start) + 1, readme.indexOf('\n```', start));
  const json = block
    .replace(/\s*\/\/[^\n]*/g, '')
    .replace(/,\s*…(?=\s*[\],])/g, '')
    .replace(/…,\s*/g, '');
  return JSON.parse(json) as Json;
}

/** Asserts that `shown` (from the README) is `actual` at the README's precision; arrays match by identifying fields. */
function expectShown(shown: Json, actual: Json, path: string): void {
  if (typeof shown === 'number') {
    expect(typeof actual, path).toBe('number');
    const decimals = (String(shown).split('.')[1] ?? '').length;
    expect(Number((actual as number).toFixed(Math.max(decimals, 0))), path).toBeCloseTo(shown, decimals);
    return;
  }
  if (Array.isArray(shown)) {
    expect(Array.isArray(actual), path).toBe(true);
    for (const item of shown) {
      const keys = ['step', 'track', 'outcome', 'reason', 'from'].filter((k) => item !== null && typeof item === 'object' && !Array.isArray(item) && k in item);
      const match = (actual as Json[]).find((candidate) => keys.every((k) => (candidate as Record<string, Json>)[k] === (item as Record<string, Json>)[k]));
      expect(match, `${path}: no entry like ${JSON.stringify(item)}`).toBeDefined();
      expectShown(item, match!, `${path}[${keys.map((k) => (item as Record<string, Json>)[k]).join('/')}]`);
    }
    return;
  }
  if (shown !== null && typeof shown === 'object') {
    for (const [key, value] of Object.entries(shown)) expectShown(value, (actual as Record<string, Json>)[key]!, `${path}.${key}`);
    return;
  }
  expect(actual, path).toBe(shown);
}

describe('docs/cli/simulate.md example', () => {
  it('the spx simulate --json example is what spx simulate prints', () => {
    const run = spx(['simulate', 'processes/enterprise.yaml', '--start-date', '2026-12-01', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectShown(readmeExample(), JSON.parse(run.stdout) as Json, '$');
  });
});

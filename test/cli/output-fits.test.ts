// Output that fits: 100 columns, a path table that adds up, a one-line clean lint on a terminal, "1 step".
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';

const WIDTH = 100;
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

describe('terminal output fits 100 columns', () => {
  it('spx path on every bundled process', async () => {
    const run = await spxIn(['path', 'processes/enterprise.yaml', 'processes/mid-market.yaml', 'processes/smb.yaml']);
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(WIDTH);
    // Nothing is elided: every step id is there in full.
    for (const id of ['technical-validation', 'executive-alignment', 'security-questionnaire', 'closing-call']) expect(run.stdout).toContain(id);
  });

  it('spx next from the start of the enterprise process', async () => {
    const run = await spxIn(['next', 'processes/enterprise.yaml', '--at', 'discovery', '--date', '2026-06-01']);
    expect(widest(run.stdout)).toBeLessThanOrEqual(WIDTH);
  });
});

describe('the path table adds up', () => {
  it('ends with the wait before won, so gaps plus days are the expected length', async () => {
    const json = JSON.parse((await spxIn(['path', 'test/fixtures/known.yaml', '--json'])).stdout)[0].minimalPath;
    const text = (await spxIn(['path', 'test/fixtures/known.yaml'])).stdout;
    const rows = text.split('\n').filter((line) => /^│ +(\d+|) +│/.test(line) && /\d+\.\d/.test(line));
    const numbers = rows.flatMap((line) => line.split('│').slice(-3, -1).map((cell) => Number(cell.trim() || 0)));
    expect(rows.at(-1)).toContain('→ won');
    // known.yaml: 0 + 2, 1 + 5.8, 0 + 2, then 0 to won = 10.8.
    expect(numbers.reduce((a, b) => a + b, 0)).toBeCloseTo(json.expectedDays, 1);
  });
});

describe('counts read right', () => {
  it('"1 step", not "1 steps"', async () => {
    const run = await spxIn(['next', 'test/fixtures/known.yaml', '--at', 'r', '--date', '2026-06-01']);
    expect(run.stdout).toContain('remaining path (by steps): 1 step, ');
  });
});

describe('a clean spx lint on a terminal', () => {
  it('says so in one line', async () => {
    const run = await spxIn(['lint', 'processes/'], { tty: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('✓ 3 files, no problems\n');
  });

  it('stays silent in a pipe (scripts rely on it)', async () => {
    const run = await spxIn(['lint', 'processes/']);
    expect(run.stdout).toBe('');
  });
});

describe('other commands fit too', () => {
  it('spx rules and spx diff stay within 100 columns', async () => {
    const rules = await spxIn(['rules']);
    expect(widest(rules.stdout)).toBeLessThanOrEqual(WIDTH);
    const diff = await spxIn(['diff', 'examples/diff/enterprise-v1.yaml', 'examples/diff/enterprise-v2.yaml']);
    expect(diff.stdout).toContain('  impact: minimal path:');
    expect(widest(diff.stdout)).toBeLessThanOrEqual(WIDTH);
  });
});

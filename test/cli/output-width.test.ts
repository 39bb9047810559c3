// Text output that fits a terminal: spx lint wraps to the terminal's width (100 when unknown) and stays one line a
// finding in a pipe; the human-readable reports fit 100 columns on the bundled processes and example data.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { displayWidth } from '../../src/format/stylish.js';
import { fakeIo, spxIn } from './in-process.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => displayWidth(line)));

/** Findings-rich files: every rule family, long ids and paths, YAML and schema errors. */
const FINDINGS = [
  'examples/broken.yaml',
  'examples/broken-schema.yaml',
  'test/fixtures/gate-warning/branching-gate.yaml',
  'test/fixtures/long-findings.yaml',
  'test/fuzz/regressions/yaml-missed-newline.yaml',
  'test/fuzz/regressions/tagged-key.yaml',
];

async function lintOnTerminal(columns: number | undefined): Promise<string> {
  const io = fakeIo({ tty: true });
  expect(await run(['lint', ...FINDINGS], { ...io, stdoutColumns: columns })).toBe(1);
  return io.out;
}

describe('spx lint on a terminal', () => {
  it('fits 100 columns when the terminal does not say its width', async () => {
    const text = await lintOnTerminal(undefined);
    expect(widest(text)).toBeLessThanOrEqual(100);
    // Long messages continue under the message column, not at the start of the line.
    expect(text).toContain('\n                  decision maker involved before it; involve economic-buyer\n');
    // An id wider than the column is cut after a dash rather than left to overflow.
    expect(text).toContain('reaches step "an-orphaned-step-      unreachable-step\n                 whose-identifier-is-far-wider-than-the-message-column-of-\n');
  });

  it("fits the terminal's own width", async () => {
    expect(widest(await lintOnTerminal(80))).toBeLessThanOrEqual(80);
    const wide = await lintOnTerminal(300);
    expect(wide).toContain('involve economic-buyer in an earlier step on every path to "contract"  decision-maker-absent\n');
  });

  it('every bundled process and the partner example fit too', async () => {
    const io = fakeIo({ tty: true });
    await run(['lint', 'processes/', 'examples/partner-mid-market.yaml', 'examples/enterprise-healthcare.yaml'], { ...io, stdoutColumns: undefined });
    expect(widest(io.out)).toBeLessThanOrEqual(100);
  });

  it('keeps one line a finding in a pipe, as ESLint does, for grep', async () => {
    const piped = await spxIn(['lint', ...FINDINGS]);
    const rows = piped.stdout.split('\n').filter((line) => /^ +\d+:\d+ /.test(line));
    expect(rows).toHaveLength(33);
    expect(rows.every((row) => /(error|warning) .* [a-z-]+$/.test(row))).toBe(true);
    expect(widest(piped.stdout)).toBeGreaterThan(100);
  });
});

describe('the text reports fit 100 columns', () => {
  const BUNDLED = ['processes/enterprise.yaml', 'processes/mid-market.yaml', 'processes/smb.yaml'];
  const DEALS = ['processes/smb.yaml', 'examples/deals/smb-pipeline.csv', '--as-of', '2026-03-02'];
  const findingLine = /^\S+:\d+:\d+ {2}/;

  it.each<[string, string[]]>([
    ['path', ['path', ...BUNDLED]],
    ['next', ['next', 'processes/enterprise.yaml', '--at', 'executive-alignment', '--date', '2026-06-01']],
    ['next (mid-market)', ['next', 'processes/mid-market.yaml', '--at', 'discovery', '--date', '2026-06-01']],
    ['simulate', ['simulate', ...BUNDLED, '--seed', '7', '--deals', '2000']],
    ['sensitivity', ['sensitivity', ...BUNDLED]],
    ['diff', ['diff', 'examples/diff/enterprise-v1.yaml', 'examples/diff/enterprise-v2.yaml']],
    ['rules', ['rules']],
    ['audit', ['audit', ...DEALS]],
    ['forecast', ['forecast', ...DEALS, '--months', '3']],
    ['route', ['route', 'processes/', 'examples/partner-mid-market.yaml', '--employees', '300']],
  ])('%s', async (_name, argv) => {
    const run = await spxIn(argv);
    expect(run.stderr).not.toMatch(/\[E_/);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(100);
  });

  it('audit wraps a long action under its text, after the finding label', async () => {
    const { stdout } = await spxIn(['audit', ...DEALS]);
    expect(stdout).toMatch(/\n {4}next-step-overdue the next activity was due 2026-02-24 .*\n {22}\S/);
  });

  it('calibrate: findings stay one line each in a pipe, the rest fits; everything fits on a terminal', async () => {
    const piped = await spxIn(['calibrate', ...DEALS]);
    const lines = piped.stdout.split('\n');
    expect(lines.filter((line) => findingLine.test(line)).length).toBeGreaterThan(0);
    expect(widest(lines.filter((line) => !findingLine.test(line)).join('\n'))).toBeLessThanOrEqual(100);
    const io = fakeIo({ tty: true });
    await run(['calibrate', ...DEALS], io);
    expect(widest(io.out)).toBeLessThanOrEqual(100);
    expect(io.out.split('\n').filter((line) => findingLine.test(line)).length).toBe(lines.filter((line) => findingLine.test(line)).length);
  });
});

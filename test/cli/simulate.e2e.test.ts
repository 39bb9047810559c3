// `spx simulate` in-process (one run through the built CLI) — reproducible JSON for any worker count, dates, output, errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, spx, tempDir } from './run-cli.js';

const KNOWN = 'test/fixtures/known.yaml';

describe('spx simulate', () => {
  it('prints byte-identical JSON with --workers 1 and --workers 2 (fixed chunks, per-chunk seeds, ordered merge)', async () => {
    const args = ['simulate', 'processes/enterprise.yaml', '--deals', '45000', '--seed', '3', '--json'];
    const one = spx([...args, '--workers', '1']);
    const two = await spxIn([...args, '--workers', '2']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect((await spxIn([...args, '--workers', '3'])).stdout).toBe(one.stdout);
  });

  it('reports the documented JSON shape, converging to the exact numbers of spx path', async () => {
    const run = await spxIn(['simulate', KNOWN, '--deals', '50000', '--json']);
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual([
      'file', 'process', 'version', 'seed', 'deals', 'from', 'stepCap', 'winRate', 'winRateStdErr', 'disqualifiedRate', 'qualifiedWinRate', 'cycleDays', 'closeDates',
      'exact', 'outcomes', 'stuck', 'funnel', 'bottlenecks', 'lostReasons', 'gateMisses', 'cycleHistogram',
    ]);
    expect(report).toMatchObject({ file: KNOWN, process: 'known', seed: 1, deals: 50000, from: 'a', stuck: 0, closeDates: null, exact: { winRate: 0.4 } });
    expect(Math.abs(report.exact.cycleDaysMean - 10.8)).toBeLessThan(1e-9);
    expect(Math.abs(report.winRate - 0.4)).toBeLessThanOrEqual(4 * report.winRateStdErr);
    expect(Math.abs(report.cycleDays.mean - 10.8)).toBeLessThanOrEqual(4 * report.cycleDays.stdErr);
    expect(Object.keys(report.cycleDays)).toEqual(['mean', 'stdErr', 'stdDev', 'min', 'max', 'p50', 'p80', 'p90', 'p95']);
    expect(report.funnel.map((f: { step: string }) => f.step)).toEqual(['a', 'r', 'b']);
    expect(Object.keys(report.bottlenecks)).toEqual(['waitingShare', 'steps', 'tracks']);
    expect(report.lostReasons[0]).toMatchObject({ outcome: 'lost', reason: 'no-fit' });
    expect(report.gateMisses).toEqual([{ step: 'b', deals: 0, share: 0 }]);
  });

  it('--step-cap: a deal without an outcome after that many step visits is stuck, at the rate the process implies', async () => {
    // a loops to itself with p 0.5, goes on to r with 0.3 (r → b → outcome: two more visits) or is lost with 0.2.
    // With a cap of 2 visits a deal is stuck unless it is lost at once or after one loop:
    // P(stuck) = 0.5 · 0.8 + 0.3 = 0.7.
    const text = readFileSync(join(ROOT, KNOWN), 'utf8')
      .replace('      - { to: r, p: 0.5, within: 1 }', '      - { to: a, p: 0.5, within: 1 }\n      - { to: r, p: 0.3, within: 1 }')
      .replace('- { to: lost, p: 0.5, reason: no-fit }', '- { to: lost, p: 0.2, reason: no-fit }');
    const dir = tempDir({ 'loopy.yaml': text });
    const deals = 20_000;
    const capped = await spxIn(['simulate', 'loopy.yaml', '--deals', String(deals), '--step-cap', '2', '--json'], { cwd: dir });
    expect(capped.code, capped.stderr).toBe(0);
    const [report] = JSON.parse(capped.stdout);
    expect(report.stepCap).toBe(2);
    const standardError = Math.sqrt((0.7 * 0.3) / deals);
    expect(Math.abs(report.stuck / deals - 0.7)).toBeLessThanOrEqual(4 * standardError);
    const human = await spxIn(['simulate', 'loopy.yaml', '--deals', '2000', '--step-cap', '2'], { cwd: dir });
    expect(human.stdout).toMatch(/deals \(\d+(\.\d+)?%\) stuck: 2 step visits without an outcome/);
    const [uncapped] = JSON.parse((await spxIn(['simulate', 'loopy.yaml', '--deals', '2000', '--json'], { cwd: dir })).stdout);
    expect(uncapped).toMatchObject({ stepCap: 10_000, stuck: 0 });
  });

  it('refuses up front a run that a loop deals rarely leave would make last hours, and says what to change', async () => {
    const smb = readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8');
    const demoLoops = smb.replace(
      '      - { to: trial, p: 0.75, within: { min: 0, likely: 1, max: 3 } }\n      - { to: lost, p: 0.25, reason: no-fit }',
      '      - { to: trial, p: 0.0000001, within: { min: 0, likely: 1, max: 3 } }\n      - { to: demo, p: 0.9999998, within: 1 }\n      - { to: lost, p: 0.0000001, reason: no-fit }',
    );
    const dir = tempDir({ 'loop.yaml': demoLoops });
    expect((await spxIn(['lint', 'loop.yaml'], { cwd: dir })).code).toBe(0); // a valid process: only its numbers are extreme
    const refused = await spxIn(['simulate', 'loop.yaml'], { cwd: dir });
    expect(refused.code).toBe(2);
    // discovery once, then demo 1/(2·10⁻⁷) times in the 70% of deals that reach it, then ~1.6 more visits.
    expect(refused.stderr).toBe(
      'spx: loop.yaml: a deal makes 3,500,002 step visits on average (10,000 with the step cap), in a loop deals rarely leave, so 1,000,000 deals would take over 1,000,000,000 visits; give the loop better odds of leaving, or lower --deals or --step-cap [E_USAGE]\n',
    );
    // Within the budget it runs, and says most deals got stuck.
    const small = await spxIn(['simulate', 'loop.yaml', '--deals', '20000', '--step-cap', '500', '--json'], { cwd: dir });
    expect(small.code, small.stderr).toBe(0);
    expect(JSON.parse(small.stdout)[0].stuck).toBeGreaterThan(0.69 * 20000);
  });

  it('turns cycle lengths into close dates on the process calendar with --start-date', async () => {
    // Fixed durations: every won deal takes 2 + 1 + max(3, 4) + 2 = 9 business days.
    const text = readFileSync(join(ROOT, KNOWN), 'utf8')
      .replace('duration: { min: 0, max: 10, dist: uniform }', 'duration: 3')
      .replace('duration: { min: 1, likely: 2, max: 3 }', 'duration: 2');
    const dir = tempDir({ 'fixed.yaml': text });
    const run = await spxIn(['simulate', 'fixed.yaml', '--deals', '2000', '--start-date', '2026-12-01', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const [report] = JSON.parse(run.stdout);
    expect(report.cycleDays).toMatchObject({ mean: 9, min: 9, max: 9, p50: 9, p95: 9 });
    // Tue 2026-12-01 + 9 business days, skipping the holiday on Tue 2026-12-08.
    expect(report.closeDates).toEqual({ start: '2026-12-01', mean: '2026-12-15', p50: '2026-12-15', p80: '2026-12-15', p90: '2026-12-15', p95: '2026-12-15' });
  });

  it('prints tables, a histogram and the seed for people', async () => {
    const run = await spxIn(['simulate', 'processes/enterprise.yaml', '--deals', '20000', '--start-date', '2026-12-01']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const text of ['20,000 deals from Discovery (discovery) · seed 1', 'win rate ', 'standard error; exact 23.5%)', 'won deals take ', 'close date (from 2026-12-01)', 'Won cycle lengths', '█', 'Funnel', 'Bottlenecks', 'security', 'Lost reasons', 'not-qualified']) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('simulates deals in flight with --from', async () => {
    const run = await spxIn(['simulate', 'processes/enterprise.yaml', '--from', 'contract', '--deals', '20000', '--json']);
    const [report] = JSON.parse(run.stdout);
    expect(report.from).toBe('contract');
    expect(report.gateMisses).toBeNull();
    expect(Math.abs(report.winRate - 0.85)).toBeLessThanOrEqual(4 * report.winRateStdErr);
    expect((await spxIn(['simulate', 'processes/enterprise.yaml', '--from', 'contract', '--deals', '100'])).stdout).toContain('Gates are not checked with --from');
  });

  it.each([
    [['--deals', '0'], /--deals 0: expected a whole number from 1 to 100,000,000, in plain digits, e.g. --deals 100000 \[E_USAGE\]/],
    [['--deals', '2e8'], /--deals 2e8: expected a whole number from 1 to 100,000,000, in plain digits, e.g. --deals 100000 \[E_USAGE\]/],
    [['--deals', 'many'], /\[E_USAGE\]/],
    [['--deals', '1e5'], /--deals 1e5: expected a whole number/],
    [['--deals', '100_000'], /--deals 100_000: expected a whole number/],
    [['--deals', '100,000'], /--deals 100,000: expected a whole number/],
    [['--deals', '0x10'], /--deals 0x10: expected a whole number/],
    [['--workers', '0'], /--workers 0: expected a whole number from 1 to 64, in plain digits, e.g. --workers 2 \[E_USAGE\]/],
    [['--workers', '65'], /\[E_USAGE\]/],
    [['--seed', '-1'], /--seed -1: expected a whole number ≥ 0, in plain digits, e.g. --seed 42 \[E_USAGE\]/],
    [['--seed', '1.5'], /\[E_USAGE\]/],
    [['--from', 'won'], /--from won is an outcome.*\[E_UNKNOWN_STEP\]/],
    [['--from', 'nope'], /--from nope: no such step.*\[E_UNKNOWN_STEP\]/],
    [['--start-date', '2026-02-30'], /--start-date 2026-02-30 is not a real date.*\[E_BAD_DATE\]/],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const run = await spxIn(['simulate', KNOWN, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('refuses a process with lint errors (exit 2, findings on stderr)', async () => {
    const run = await spxIn(['simulate', 'examples/broken.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[E_INVALID_PROCESS]');
    expect(run.stdout).toBe('');
  });
});

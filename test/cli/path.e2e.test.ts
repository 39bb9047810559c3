// `spx path` and `spx next` in-process (one run of each through the built CLI) on a process with hand-computed answers and on the bundled ones.
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { spx } from './run-cli.js';

const KNOWN = 'test/fixtures/known.yaml';
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));

describe('spx path', () => {
  it('prints the exact numbers as JSON', async () => {
    const run = await spxIn(['path', KNOWN, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout);
    expect(report).toMatchObject({ file: KNOWN, process: 'known', version: '1.0.0' });
    close(report.winRate, 0.4);
    close(report.expectedCycleDays.won, 10.8);
    close(report.expectedCycleDays.anyOutcome, 6.4);
    expect(report.minimalPath.by).toBe('steps');
    expect(report.minimalPath.count).toBe(3);
    close(report.minimalPath.expectedDays, 10.8);
    close(report.minimalPath.probability, 0.4);
    expect(report.minimalPath.steps.map((s: { id: string }) => s.id)).toEqual(['a', 'r', 'b']);
    expect(report.minimalPath.steps[1]).toMatchObject({ id: 'r', title: 'Review', owner: 'ae', sellers: ['ae', 'se'], buyers: ['it', 'owner'] });
    close(report.minimalPath.steps[1].expectedDays, 5.8);
  });

  it('prints a table and the numbers for people', () => {
    const run = spx(['path', KNOWN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('win rate 40.0% · expected cycle of won deals 10.8 business days\n  expected time to any outcome 6.4 business days\n');
    expect(run.stdout).toContain('minimal path (by steps): 3 steps, 10.8 business days expected, probability 0.400');
    expect(run.stdout).toContain('Review (r)');
  });

  it('analyses every bundled process', async () => {
    const run = await spxIn(['path', 'processes/smb.yaml', 'processes/mid-market.yaml', 'processes/enterprise.yaml', '--format', 'json']);
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { process: string; winRate: number; expectedCycleDays: { won: number }; minimalPath: { count: number } }[];
    expect(reports.map((r) => r.process)).toEqual(['smb', 'mid-market', 'enterprise']);
    const [smb, mid, ent] = reports;
    // The segment benchmarks the bundled models are built to: SMB 14–45, mid-market 45–90, enterprise 90–180 business days.
    expect(smb!.expectedCycleDays.won).toBeGreaterThanOrEqual(14);
    expect(smb!.expectedCycleDays.won).toBeLessThanOrEqual(45);
    expect(mid!.expectedCycleDays.won).toBeGreaterThanOrEqual(45);
    expect(mid!.expectedCycleDays.won).toBeLessThanOrEqual(90);
    expect(ent!.expectedCycleDays.won).toBeGreaterThanOrEqual(90);
    expect(ent!.expectedCycleDays.won).toBeLessThanOrEqual(180);
    expect(smb!.minimalPath.count).toBe(4);
  });

  it('refuses a process with lint errors (exit 2, findings on stderr)', async () => {
    const run = await spxIn(['path', 'examples/broken.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[E_INVALID_PROCESS]');
    expect(run.stdout).toBe('');
  });
});

describe('spx next', () => {
  it('gives the next step, who to involve, and the dates on the process calendar', () => {
    const run = spx(['next', KNOWN, '--at', 'a', '--date', '2026-11-27', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.next).toMatchObject({ id: 'r', sellers: ['ae', 'se'], buyers: ['it', 'owner'], withinDays: 1, holdBy: '2026-11-30' });
    expect(report.remainingPath.steps.map((s: { id: string }) => s.id)).toEqual(['r', 'b']);
    close(report.remainingPath.expectedDays, 8.8);
    expect(report.remainingPath.minimumDays).toBe(6);
    // 8.8 → 9 business days after Fri 2026-11-27, skipping the 2026-12-08 holiday.
    expect(report.expectedCloseDate).toBe('2026-12-11');
    expect(report.earliestCloseDate).toBe('2026-12-07');
  });

  it('prints the next step for people', async () => {
    const run = await spxIn(['next', 'processes/enterprise.yaml', '--at', 'discovery', '--date', '2026-12-01']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('next step:');
    expect(run.stdout).toContain('hold it by 2026-');
  });

  it.each([
    [['--at', 'won'], /is an outcome.*\[E_UNKNOWN_STEP\]/],
    [['--at', 'nope'], /no such step.*\[E_UNKNOWN_STEP\]/],
    [['--at', 'a', '--involved', 'ae'], /is a seller role.*\[E_UNKNOWN_ROLE\]/],
    [['--at', 'a', '--involved', 'cfo'], /not a role.*\[E_UNKNOWN_ROLE\]/],
    [['--at', 'a', '--completed', 'x'], /no such step.*\[E_UNKNOWN_STEP\]/],
    [['--at', 'a', '--date', '2026-02-30'], /not a real date.*\[E_BAD_DATE\]/],
    [['--at', 'a', '--date', 'next-week'], /not a real date.*today, yesterday or tomorrow \[E_BAD_DATE\]/],
    [[], /required option '--at <step>'/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await spxIn(['next', KNOWN, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

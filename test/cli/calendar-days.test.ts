// spx next with durations in calendar days: those stretches add elapsed days, the rest business days (hand-computed dates).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const TRIAL = 'test/fixtures/calendar-days/trial.yaml';

describe('spx next with calendar-day durations', () => {
  it('adds the 14-day trial and the 3-day signature as calendar days', async () => {
    const run = await spxIn(['next', TRIAL, '--at', 'discovery', '--date', '2026-06-01', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // Mon 1 June + 1 business day = Tue 2; + 14 calendar days = Tue 16 (the holiday on Wed 10 does not stop a trial);
    // + 1 + 3 business days (gap, closing) = Mon 22; + 3 calendar days = Thu 25.
    expect(report.next.holdBy).toBe('2026-06-02');
    expect(report.expectedCloseDate).toBe('2026-06-25');
    // Earliest: closing at its minimum of 1 day: Tue 2, Tue 16, + 2 business days = Thu 18, + 3 calendar days = Sun 21.
    expect(report.earliestCloseDate).toBe('2026-06-21');
    // The expected days stay business days: 1 + 10 + 1 + 3 + 15/7.
    expect(report.remainingPath.expectedDays).toBeCloseTo(15 + 15 / 7, 12);
  });

  it('in business days only, the same path would skip the holiday and end a day later', async () => {
    const yaml = readFileSync(join(ROOT, TRIAL), 'utf8').replace('14 calendar days', '10').replace('3 calendar days', '3');
    const report = JSON.parse((await spxIn(['next', 'trial.yaml', '--at', 'discovery', '--date', '2026-06-01', '--json'], { cwd: tempDir({ 'trial.yaml': yaml }) })).stdout);
    // 1 + 10 + 1 + 3 + 3 = 18 business days from Mon 1 June, Wed 10 a holiday: Fri 26 June.
    expect(report.expectedCloseDate).toBe('2026-06-26');
    const run = await spxIn(['next', TRIAL, '--at', 'discovery', '--date', '2026-06-05', '--json']);
    // From Fri 5 June with calendar days: Mon 8, + 14 = Mon 22, + 4 business days = Fri 26, + 3 calendar days = Mon 29.
    expect(JSON.parse(run.stdout).expectedCloseDate).toBe('2026-06-29');
    const business = JSON.parse((await spxIn(['next', 'trial.yaml', '--at', 'discovery', '--date', '2026-06-05', '--json'], { cwd: tempDir({ 'trial.yaml': yaml }) })).stdout);
    // 18 business days from Fri 5 June, Wed 10 a holiday: Thu 2 July.
    expect(business.expectedCloseDate).toBe('2026-07-02');
  });

  it('says a within in calendar days is in calendar days', async () => {
    const run = await spxIn(['next', TRIAL, '--at', 'closing', '--date', '2026-06-05']);
    expect(run.code).toBe(0);
    // Straight to won: 3 calendar days from Fri 5 June is Mon 8.
    expect(run.stdout).toContain('  next: won — the deal closes after "closing" (by 2026-06-08)');
    const trial = await spxIn(['next', TRIAL, '--at', 'discovery', '--date', '2026-06-05']);
    expect(trial.stdout).toContain('    hold it by 2026-06-08 (within 1.0 business days of 2026-06-05)');
    const yaml = readFileSync(join(ROOT, TRIAL), 'utf8').replace('{ to: trial, p: 0.5, within: 1 }', '{ to: trial, p: 0.5, within: 2 calendar days }');
    const calendarWithin = await spxIn(['next', 'trial.yaml', '--at', 'discovery', '--date', '2026-06-05'], { cwd: tempDir({ 'trial.yaml': yaml }) });
    // Fri 5 June + 2 calendar days: Sunday 7 June (1 business day would have been Monday 8).
    expect(calendarWithin.stdout).toContain('    hold it by 2026-06-07 (within 2.0 calendar days of 2026-06-05)');
  });
});

describe('spx calibrate --write with a calendar-day step', () => {
  it('writes the fitted duration back in calendar days (business days × 7/5, to 2 decimals)', async () => {
    const tiny = readFileSync(join(ROOT, 'test/fixtures/shared-calendar/tiny.yaml'), 'utf8').replace(/    duration: 2\n/, '    duration: 14 calendar days\n');
    // Three won deals whose demo (3 March → 13, 16 or 20 March) is observed in business days.
    const deals = ['deal,stage,at', ...['16', '20', '13'].flatMap((closing, i) => [`D${i},discovery,2026-03-02`, `D${i},demo,2026-03-03`, `D${i},closing,2026-03-${closing}`, `D${i},won,2026-03-23`])].join('\n');
    const dir = tempDir({ 'p.yaml': tiny, 'd.csv': `${deals}\n` });
    const argv = ['calibrate', 'p.yaml', 'd.csv', '--as-of', '2026-05-01', '--min-sample', '3'];
    const report = JSON.parse((await spxIn([...argv, '--json'], { cwd: dir })).stdout);
    const fitted = report.stages.find((s: { steps: string[] }) => s.steps[0] === 'demo').fitted.duration;
    const run = await spxIn([...argv, '--write'], { cwd: dir });
    expect(run.code).toBe(0);
    const days = (x: number) => Math.round(((x * 7) / 5) * 100) / 100;
    const written = readFileSync(join(dir, 'p.yaml'), 'utf8');
    expect(written).toContain(`    duration: { min: ${days(fitted.min)}, likely: ${days(fitted.likely)}, max: ${days(fitted.max)}, unit: calendar-days }\n`);
    expect(fitted.min).toBeLessThan(days(fitted.min));
  });
});

describe('spx simulate with calendar-day durations', () => {
  it('samples the business-day form: its mean converges to the exact 127/7', async () => {
    const run = await spxIn(['simulate', TRIAL, '--deals', '20000', '--seed', '7', '--json']);
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout);
    expect(report.exact.cycleDaysMean).toBeCloseTo(127 / 7, 12);
    expect(Math.abs(report.cycleDays.mean - 127 / 7)).toBeLessThan(4 * report.cycleDays.stdErr);
    // Every won deal takes at least 1 + 1 + 10 + 1 + 1 business days and 3 calendar days (15/7) of signature.
    expect(report.cycleDays.min).toBeGreaterThanOrEqual(14 + 15 / 7 - 1e-9);
  });
});

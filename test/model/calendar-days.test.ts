// Durations in calendar days: the written forms, their business-day values (× workdays per week / 7) and the exact metrics.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/analysis/metrics.js';
import { durationMean, parseDurationValue, toCalendarDays } from '../../src/model/duration.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Calendar } from '../../src/model/types.js';

const TRIAL = readFileSync('test/fixtures/calendar-days/trial.yaml', 'utf8');
const load = (yaml: string, calendar?: Calendar) => {
  const loaded = loadProcess('trial.yaml', yaml, { calendar });
  expect(loaded.diagnostics).toEqual([]);
  return loaded.process!;
};

describe('parseDurationValue: calendar days', () => {
  it('reads "N calendar days" and "N calendar weeks" as business days × workdays / 7', () => {
    expect(parseDurationValue('14 calendar days')).toEqual({ dist: 'fixed', value: 10, calendarDays: { workdaysPerWeek: 5 } });
    expect(parseDurationValue('1 calendar day', 7)).toEqual({ dist: 'fixed', value: 1, calendarDays: { workdaysPerWeek: 7 } });
    expect(parseDurationValue('2 calendar weeks', 6)).toEqual({ dist: 'fixed', value: 12, calendarDays: { workdaysPerWeek: 6 } });
    expect(parseDurationValue('3.5 calendar days')).toEqual({ dist: 'fixed', value: 2.5, calendarDays: { workdaysPerWeek: 5 } });
  });

  it('reads an estimate with unit: calendar-days, every parameter scaled', () => {
    const d = parseDurationValue({ min: 7, likely: 14, max: 28, unit: 'calendar-days' })!;
    expect(d).toEqual({ dist: 'pert', min: 5, likely: 10, max: 20, calendarDays: { workdaysPerWeek: 5 } });
    // PERT mean in calendar days (7 + 56 + 28) / 6 = 91/6; in business days × 5/7 = 65/6.
    expect(durationMean(d)).toBeCloseTo(65 / 6, 12);
    expect(toCalendarDays(durationMean(d), d.calendarDays!)).toBeCloseTo(91 / 6, 12);
    expect(parseDurationValue({ min: 7, max: 21, dist: 'uniform', unit: 'calendar-days' })).toEqual({ dist: 'uniform', min: 5, max: 15, calendarDays: { workdaysPerWeek: 5 } });
    // unit: business-days is the default, spelled out.
    expect(parseDurationValue({ min: 1, likely: 2, max: 3, unit: 'business-days' })).toEqual({ dist: 'pert', min: 1, likely: 2, max: 3 });
  });

  it('leaves the business-day forms alone', () => {
    expect(parseDurationValue('2w', 6)).toEqual({ dist: 'fixed', value: 10 });
    expect(parseDurationValue(14, 6)).toEqual({ dist: 'fixed', value: 14 });
    expect(parseDurationValue('14 days')).toBeUndefined();
    expect(parseDurationValue({ min: 1, likely: 2, max: 3, unit: 'hours' })).toBeUndefined();
  });
});

describe('exact metrics with calendar-day durations', () => {
  it('count a 14-calendar-day trial as 10 business days on a five-day week', () => {
    const process = load(TRIAL);
    expect(process.steps.get('trial')!.duration).toEqual({ dist: 'fixed', value: 10, calendarDays: { workdaysPerWeek: 5 } });
    const metrics = computeMetrics(process);
    expect(metrics.winRate).toBeCloseTo(0.4, 12);
    // 1 + 1 (gap) + 10 (trial) + 1 (gap) + 3 (closing: (1 + 8 + 9)/6) + 15/7 (3 calendar days of signature) = 127/7.
    expect(metrics.expectedCycleWon).toBeCloseTo(127 / 7, 12);
  });

  it('convert with the calendar in force: a shared six-day week makes the trial 12 business days', () => {
    const sixDays: Calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], holidays: [], timeZone: 'UTC' };
    const process = load(TRIAL.replace('calendar: { holidays: [2026-06-10] }\n', ''), sixDays);
    expect(process.calendar).toBe(sixDays);
    expect(process.steps.get('trial')!.duration).toEqual({ dist: 'fixed', value: 12, calendarDays: { workdaysPerWeek: 6 } });
    // 1 + 1 + 12 + 1 + 3 + 3 × 6/7 = 18 + 18/7 = 144/7.
    expect(computeMetrics(process).expectedCycleWon).toBeCloseTo(144 / 7, 12);
    // The file's own calendar (five days) wins over the shared one.
    expect(computeMetrics(load(TRIAL, sixDays)).expectedCycleWon).toBeCloseTo(127 / 7, 12);
  });

  it('are refused in forms the schema does not know', () => {
    const loaded = loadProcess('trial.yaml', TRIAL.replace('14 calendar days', '14 calendar-days'));
    expect(loaded.process).toBeUndefined();
    expect(loaded.diagnostics[0]!.path).toEqual(['steps', 'trial', 'duration']);
  });
});

// Business days: workdays, holidays, rounding up, and no drift whatever the host timezone.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, isoDate } from '../../src/analysis/business-days.js';
import type { Calendar } from '../../src/model/types.js';

const weekdays: Calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2026-12-25', '2027-01-01'], timeZone: 'UTC' };
const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const day = (date: Date): string => date.toISOString();
const add = (iso: string, days: number, calendar: Calendar = weekdays): string => day(addBusinessDays(utc(iso), days, calendar));

describe('addBusinessDays', () => {
  it('skips weekends', () => {
    expect(add('2026-06-05', 1)).toBe(day(utc('2026-06-08'))); // Friday + 1 → Monday
    expect(add('2026-06-04', 2)).toBe(day(utc('2026-06-08'))); // Thursday + 2 → Monday
    expect(add('2026-06-01', 10)).toBe(day(utc('2026-06-15')));
    expect(add('2026-06-06', 1)).toBe(day(utc('2026-06-08'))); // Saturday + 1 → Monday
  });

  it('skips holidays across the year end', () => {
    // Thu 24 Dec 2026: Fri 25 and Fri 1 Jan are holidays.
    expect(add('2026-12-24', 1)).toBe(day(utc('2026-12-28')));
    expect(add('2026-12-24', 5)).toBe(day(utc('2027-01-04')));
  });

  it('rounds fractional days up, ignoring float noise', () => {
    expect(add('2026-06-01', 2.4)).toBe(day(utc('2026-06-04')));
    expect(add('2026-06-01', 0.1)).toBe(day(utc('2026-06-02')));
    expect(add('2026-06-01', 3.0000000000004)).toBe(day(utc('2026-06-04')));
    expect(add('2026-06-06', 0)).toBe(day(utc('2026-06-06'))); // 0 days: the start date itself
  });

  it('follows the calendar’s workdays', () => {
    const sunToThu: Calendar = { workdays: ['sun', 'mon', 'tue', 'wed', 'thu'], holidays: [], timeZone: 'UTC' };
    expect(add('2026-06-04', 1, sunToThu)).toBe(day(utc('2026-06-07'))); // Thursday + 1 → Sunday
  });

  it('gives the same dates in any host timezone, across DST changes', () => {
    // Worker threads cannot change their timezone, so each timezone runs in a child process on a bundle of the module.
    const { outputFiles } = buildSync({
      entryPoints: [fileURLToPath(new URL('../../src/analysis/business-days.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    const script = `${outputFiles[0]!.text}
const calendar = ${JSON.stringify(weekdays)};
const at = (iso, days) => addBusinessDays(new Date(iso + 'T00:00:00Z'), days, calendar).toISOString();
console.log(JSON.stringify([at('2026-03-27', 3), at('2026-10-23', 3), at('2026-12-24', 5), at('2026-03-28', 0)]));`;
    const expected = [day(utc('2026-04-01')), day(utc('2026-10-28')), day(utc('2027-01-04')), day(utc('2026-03-28'))];
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'UTC']) {
      const out = execFileSync(process.execPath, ['--input-type=module'], { input: script, env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect([tz, JSON.parse(out)]).toEqual([tz, expected]);
    }
  });

  it('refuses negative days and calendars without workdays', () => {
    expect(() => addBusinessDays(utc('2026-06-01'), -1, weekdays)).toThrow(RangeError);
    expect(() => addBusinessDays(utc('2026-06-01'), Number.NaN, weekdays)).toThrow(RangeError);
    expect(() => addBusinessDays(utc('2026-06-01'), 1, { workdays: [], holidays: [], timeZone: 'UTC' })).toThrow(RangeError);
  });
});

describe('addBusinessDays with recurring holidays', () => {
  const recurring: Calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['12-25', '02-29'], timeZone: 'UTC' };
  it('skips MM-DD holidays in every year', () => {
    expect(add('2028-12-22', 1, recurring)).toBe(day(utc('2028-12-26'))); // Fri + 1: Mon 25 Dec 2028 is a holiday
    expect(add('2026-12-24', 1, recurring)).toBe(day(utc('2026-12-28'))); // Thu + 1: Fri 25 Dec 2026 is a holiday
    expect(add('2027-12-24', 1, recurring)).toBe(day(utc('2027-12-27'))); // 25 Dec 2027 is a Saturday anyway
  });
  it('takes 02-29 only in leap years', () => {
    expect(add('2028-02-28', 1, recurring)).toBe(day(utc('2028-03-01'))); // Mon + 1: Tue 29 Feb 2028 is a holiday
    expect(add('2027-02-26', 1, recurring)).toBe(day(utc('2027-03-01'))); // Fri + 1: Monday 1 March 2027 is not
  });
});

describe('isoDate', () => {
  it('writes the whole date past 9999 (an expanded ISO 8601 year), not the first ten characters of it', () => {
    expect(isoDate(utc('2026-12-03'))).toBe('2026-12-03');
    expect(isoDate(utc('9999-12-31'))).toBe('9999-12-31');
    expect(isoDate(new Date(Date.UTC(10000, 0, 11)))).toBe('+010000-01-11'); // was "+010000-01"
  });
});

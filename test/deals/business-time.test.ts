// Business time between instants: weekends, holidays, DST days (23 h / 25 h count 23/24 and 25/24), other weeks, and the inverse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, localDay, localDayStart, yearOfDay } from '../../src/deals/business-time.js';
import type { Calendar } from '../../src/model/types.js';

const monFri = (timeZone = 'UTC', holidays: string[] = []): Calendar => ({ workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays, timeZone });
const sunThu = (timeZone = 'UTC', holidays: string[] = []): Calendar => ({ workdays: ['sun', 'mon', 'tue', 'wed', 'thu'], holidays, timeZone });
const everyDay = (timeZone = 'UTC'): Calendar => ({ workdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], holidays: [], timeZone });
const at = (iso: string): number => Date.parse(iso);
const between = (a: string, b: string, calendar: Calendar): number => businessTimeBetween(at(a), at(b), calendar);
const iso = (t: number): string => new Date(t).toISOString();

describe('businessTimeBetween', () => {
  it('counts the part of [a, b) on workdays, in days of 24 h (UTC)', () => {
    const c = monFri();
    expect(between('2026-03-04T06:00Z', '2026-03-04T18:00Z', c)).toBe(0.5); // within one Wednesday
    expect(between('2026-03-06T12:00Z', '2026-03-09T12:00Z', c)).toBe(1); // Fri noon → Mon noon: the weekend is free
    expect(between('2026-03-07T00:00Z', '2026-03-09T00:00Z', c)).toBe(0); // the weekend alone
    expect(between('2026-03-02T00:00Z', '2026-03-16T00:00Z', c)).toBe(10); // two whole weeks
    expect(between('2026-03-09T00:00Z', '2026-03-06T00:00Z', c)).toBe(0); // b before a
    expect(between('2026-03-05T00:00Z', '2026-03-05T00:00Z', c)).toBe(0);
  });

  it('skips holidays (only those on workdays matter)', () => {
    const c = monFri('UTC', ['2026-12-25', '2027-01-01', '2026-12-26']);
    expect(between('2026-12-24T12:00Z', '2026-12-28T12:00Z', c)).toBe(1); // Thu noon → Mon noon, Fri 25 a holiday
    expect(between('2026-12-21T00:00Z', '2027-01-04T00:00Z', c)).toBe(8); // 10 workdays minus two Friday holidays
    // A year: 2026-01-05 (Mon) to 2027-01-04 (Mon) is 52 weeks; holidays 25 Dec and 1 Jan are Fridays, 26 Dec a Saturday.
    expect(between('2026-01-05T00:00Z', '2027-01-04T00:00Z', c)).toBe(52 * 5 - 2);
  });

  it('follows a Sunday–Thursday week', () => {
    const c = sunThu();
    expect(between('2026-03-05T12:00Z', '2026-03-08T12:00Z', c)).toBe(1); // Thu noon → Sun noon
    expect(between('2026-03-06T00:00Z', '2026-03-08T00:00Z', c)).toBe(0); // Friday and Saturday
  });

  it('counts days in the calendar’s time zone', () => {
    // Berlin is UTC+1 in winter: Friday 2026-01-09 ends at 23:00Z; Monday begins at 2026-01-11T23:00Z.
    const c = monFri('Europe/Berlin');
    expect(between('2026-01-09T22:00Z', '2026-01-12T00:00Z', c)).toBe(2 / 24); // Fri 23:00–24:00 local, Mon 00:00–01:00 local
    expect(between('2026-01-09T23:00Z', '2026-01-11T23:00Z', c)).toBe(0); // exactly the local weekend
  });

  it('counts a 23-hour business day (clocks forward) as 23/24 and a 25-hour one as 25/24: Europe/Berlin', () => {
    const c = sunThu('Europe/Berlin');
    // Sun 2026-03-29 local: 00:00 CET = 03-28T23:00Z to 00:00 CEST = 03-29T22:00Z, 23 h.
    expect(between('2026-03-28T23:00Z', '2026-03-29T22:00Z', c)).toBe(23 / 24);
    // Sat (not a workday) + that Sunday + Mon.
    expect(between('2026-03-27T23:00Z', '2026-03-30T22:00Z', c)).toBe(47 / 24);
    // Sun 2026-10-25 local: 00:00 CEST = 10-24T22:00Z to 00:00 CET = 10-25T23:00Z, 25 h.
    expect(between('2026-10-24T22:00Z', '2026-10-25T23:00Z', c)).toBe(25 / 24);
    // Part of the short day: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z) is 2 real hours.
    expect(between('2026-03-29T00:00Z', '2026-03-29T02:00Z', c)).toBe(2 / 24);
    // With a Monday–Friday week the changes fall on Sundays, so a whole year is 260 days of 24 h exactly.
    expect(between('2026-01-04T23:00Z', '2027-01-03T23:00Z', monFri('Europe/Berlin'))).toBe(260);
    // And with Sunday–Thursday the 23-h and 25-h Sundays cancel over the year: 52 weeks × 5 days.
    expect(between('2026-01-03T23:00Z', '2027-01-02T23:00Z', c)).toBe(260);
  });

  it('counts DST days in America/New_York (changes at 02:00 on Sundays)', () => {
    const c = everyDay('America/New_York');
    // Sun 2026-03-08: 00:00 EST = 05:00Z to 00:00 EDT on Monday = 03-09T04:00Z, 23 h.
    expect(between('2026-03-08T05:00Z', '2026-03-09T04:00Z', c)).toBe(23 / 24);
    // Sun 2026-11-01: 00:00 EDT = 04:00Z to 00:00 EST = 11-02T05:00Z, 25 h.
    expect(between('2026-11-01T04:00Z', '2026-11-02T05:00Z', c)).toBe(25 / 24);
    // Sat noon EST to Mon noon EDT: 12 h of Saturday + 23 h Sunday + 12 h of Monday = 47 h.
    expect(between('2026-03-07T17:00Z', '2026-03-09T16:00Z', c)).toBe(47 / 24);
    // Monday–Friday in New York: Fri 2026-03-06 17:00 EST (22:00Z) to Mon 09:00 EDT (13:00Z) = 7 h + 9 h.
    expect(between('2026-03-06T22:00Z', '2026-03-09T13:00Z', monFri('America/New_York'))).toBe(16 / 24);
  });

  it('starts a day whose midnight is skipped at the clock change: America/Santiago', () => {
    // Chile moves clocks from Sat 2026-09-05 24:00 (−04) to Sun 01:00 (−03): Sunday begins at 04:00Z and has 23 h.
    const c = everyDay('America/Santiago');
    expect(iso(localDayStart(Date.UTC(2026, 8, 6) / 86_400_000, c))).toBe('2026-09-06T04:00:00.000Z');
    expect(between('2026-09-06T04:00Z', '2026-09-07T03:00Z', c)).toBe(23 / 24);
    // And back from Sat 2026-04-04 24:00 (−03) to 23:00 (−04): Saturday has 25 h, Sunday begins at 04:00Z.
    expect(iso(localDayStart(Date.UTC(2026, 3, 5) / 86_400_000, c))).toBe('2026-04-05T04:00:00.000Z');
    expect(between('2026-04-04T03:00Z', '2026-04-05T04:00Z', c)).toBe(25 / 24);
  });

  it('stays fast and finite for dates centuries away', () => {
    const c = monFri('Europe/Berlin');
    const from = Date.parse('0001-01-01T00:00Z');
    const to = Date.parse('9999-01-01T00:00Z');
    const days = businessTimeBetween(from, to, c);
    // 9,998 years of 365.2425 days, 5 of 7 business days: 2,608,358.9 (DST days on Sundays change nothing).
    expect(Math.abs(days - (9998 * 365.2425 * 5) / 7)).toBeLessThan(2);
    expect(addBusinessTime(from, days, c)).toBeLessThanOrEqual(to);
  });

  it('assigns instants to local days, and days begin at local midnight', () => {
    const c = monFri('America/New_York');
    expect(iso(localDayStart(Date.UTC(2026, 2, 9) / 86_400_000, c))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(localDayStart(Date.UTC(2026, 2, 8) / 86_400_000, c))).toBe('2026-03-08T05:00:00.000Z');
    // 2026-03-09T03:59Z is still Sunday 8 March (23:59 EDT), a weekend day.
    expect(localDay(at('2026-03-09T03:59Z'), c)).toEqual({ day: Date.UTC(2026, 2, 8) / 86_400_000, businessDay: false });
    expect(localDay(at('2026-03-09T04:00Z'), c)).toEqual({ day: Date.UTC(2026, 2, 9) / 86_400_000, businessDay: true });
  });

  it('is infinite to an infinite end and rejects NaN', () => {
    expect(businessTimeBetween(0, Infinity, monFri('Europe/Berlin'))).toBe(Infinity);
    expect(businessTimeBetween(0, Infinity, { workdays: [], holidays: [], timeZone: 'UTC' })).toBe(0);
    expect(() => businessTimeBetween(Number.NaN, 0, monFri())).toThrow(RangeError);
    expect(() => addBusinessTime(Infinity, 1, monFri())).toThrow(RangeError);
  });

  it('rejects an unknown time zone', () => {
    expect(() => businessTimeBetween(0, 1, monFri('Mars/Olympus'))).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe('addBusinessTime', () => {
  it('ends at the earliest instant: a day used up on Friday ends at Friday’s end', () => {
    const c = monFri();
    expect(iso(addBusinessTime(at('2026-03-06T12:00Z'), 0.5, c))).toBe('2026-03-07T00:00:00.000Z');
    expect(iso(addBusinessTime(at('2026-03-06T12:00Z'), 1, c))).toBe('2026-03-09T12:00:00.000Z');
    expect(iso(addBusinessTime(at('2026-03-07T10:00Z'), 0.25, c))).toBe('2026-03-09T06:00:00.000Z'); // from a Saturday
    expect(iso(addBusinessTime(at('2026-03-07T10:00Z'), 0, c))).toBe('2026-03-07T10:00:00.000Z');
    expect(iso(addBusinessTime(at('2026-03-02T00:00Z'), 10, c))).toBe('2026-03-14T00:00:00.000Z'); // the end of Friday the 13th
    expect(iso(addBusinessTime(at('2026-12-24T12:00Z'), 1, monFri('UTC', ['2026-12-25'])))).toBe('2026-12-28T12:00:00.000Z');
    expect(iso(addBusinessTime(at('2026-01-05T00:00Z'), 258, monFri('UTC', ['2026-12-25', '2027-01-01'])))).toBe('2027-01-01T00:00:00.000Z'); // the end of Thu 31 Dec
  });

  it('adds real hours across a DST day', () => {
    // Sun 2026-03-29 in Berlin has 23 h; one business day from its start ends 1 h into Monday (01:00 CEST = 23:00Z).
    expect(iso(addBusinessTime(at('2026-03-28T23:00Z'), 1, sunThu('Europe/Berlin')))).toBe('2026-03-29T23:00:00.000Z');
    expect(iso(addBusinessTime(at('2026-10-24T22:00Z'), 1, sunThu('Europe/Berlin')))).toBe('2026-10-25T22:00:00.000Z');
  });

  it('rejects negative days and a calendar without workdays', () => {
    expect(() => addBusinessTime(0, -1, monFri())).toThrow(RangeError);
    expect(() => addBusinessTime(0, Number.NaN, monFri())).toThrow(RangeError);
    expect(() => addBusinessTime(0, 1, { workdays: [], holidays: [], timeZone: 'UTC' })).toThrow(/no workdays/);
  });

  it('inverts businessTimeBetween (property)', () => {
    const calendars: Calendar[] = [
      monFri(),
      monFri('UTC', ['2026-12-25', '2027-01-01', '2026-05-25']),
      sunThu('Europe/Berlin', ['2026-10-25']),
      monFri('America/New_York', ['2026-11-26']),
      everyDay('America/New_York'),
      { workdays: ['tue', 'sat'], holidays: [], timeZone: 'Australia/Lord_Howe' },
    ];
    const start = at('2025-06-01T00:00Z');
    const span = 600 * 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: calendars.length - 1 }), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span }), (ci, x, y) => {
        const calendar = calendars[ci]!;
        const a = start + Math.min(x, y);
        const b = start + Math.max(x, y);
        const days = businessTimeBetween(a, b, calendar);
        const back = addBusinessTime(a, days, calendar);
        // The earliest instant with the same business time: at most b, with no business time between it and b.
        expect(back).toBeLessThanOrEqual(b + 1e-3);
        expect(businessTimeBetween(back, b, calendar)).toBeLessThan(1e-9);
        expect(Math.abs(businessTimeBetween(a, back, calendar) - days)).toBeLessThan(1e-9);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('agrees with a day-by-day count (property)', () => {
    const calendar = sunThu('Europe/Berlin', ['2026-04-05', '2026-12-24']);
    const dayStart = (d: number): number => localDayStart(d, calendar);
    const slow = (a: number, b: number): number => {
      let total = 0;
      for (let d = localDay(a, calendar).day; dayStart(d) < b; d++) {
        if (!localDay(dayStart(d), calendar).businessDay) continue;
        total += Math.max(0, Math.min(b, dayStart(d + 1)) - Math.max(a, dayStart(d)));
      }
      return total / 86_400_000;
    };
    const start = at('2026-01-01T00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), fc.integer({ min: 0, max: 400 * 86_400_000 }), (x, y) => {
        const a = start + Math.min(x, y);
        const b = start + Math.max(x, y);
        expect(businessTimeBetween(a, b, calendar)).toBeCloseTo(slow(a, b), 9);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('recurring holidays (MM-DD, every year)', () => {
  it('skips a recurring holiday in every year it falls on a workday', () => {
    const c = monFri('UTC', ['12-25', '01-01']);
    // 2025-12-22 (Mon) to 2029-01-01 (Mon): 158 weeks = 790 workdays. 25 Dec is a workday in 2025 (Thu), 2026 (Fri)
    // and 2028 (Mon), not 2027 (Sat); 1 Jan in 2026 (Thu) and 2027 (Fri), not 2028 (Sat): 790 − 5.
    expect(between('2025-12-22T00:00Z', '2029-01-01T00:00Z', c)).toBe(785);
    expect(between('2028-12-25T00:00Z', '2028-12-26T00:00Z', c)).toBe(0);
    expect(between('2027-12-24T12:00Z', '2027-12-27T12:00Z', c)).toBe(1); // Fri noon → Mon noon: 25 Dec 2027 is a Saturday
  });

  it('counts a date both dated and recurring once', () => {
    const c = monFri('UTC', ['12-25', '2026-12-25']);
    expect(between('2026-12-21T00:00Z', '2026-12-28T00:00Z', c)).toBe(4);
  });

  it('takes 02-29 only in leap years', () => {
    const c = monFri('UTC', ['02-29']);
    // 2024-01-01 to 2029-01-01: 1305 workdays; 29 Feb 2024 (Thu) and 2028 (Tue) are holidays.
    expect(between('2024-01-01T00:00Z', '2029-01-01T00:00Z', c)).toBe(1303);
    expect(between('2028-02-29T00:00Z', '2028-03-01T00:00Z', c)).toBe(0);
    expect(between('2027-03-01T00:00Z', '2027-03-02T00:00Z', c)).toBe(1); // no 29 Feb in 2027: 1 March stays a workday
  });

  it('honours them in the calendar’s time zone and when adding business time', () => {
    const berlin = monFri('Europe/Berlin', ['12-25']);
    // 25 Dec 2028 (Mon) in Berlin runs 24 Dec 23:00Z to 25 Dec 23:00Z.
    expect(between('2028-12-24T23:00Z', '2028-12-25T23:00Z', berlin)).toBe(0);
    // Thu 24 Dec 2026 00:00Z + 2 business days: Thursday, then Friday 25 is a holiday, then Monday 28 ends at 29 00:00Z.
    expect(iso(addBusinessTime(at('2026-12-24T00:00Z'), 2, monFri('UTC', ['12-25'])))).toBe('2026-12-29T00:00:00.000Z');
    // Across two years: the inverse agrees with the count.
    const c = monFri('UTC', ['12-25', '01-01', '02-29']);
    const end = addBusinessTime(at('2025-12-22T00:00Z'), 784, c);
    expect(businessTimeBetween(at('2025-12-22T00:00Z'), end, c)).toBe(784);
  });
});

describe('yearOfDay', () => {
  it('is Date’s UTC year, for days from year −2000 to 4000', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_450_000, max: 800_000 }), (day) => {
        expect(yearOfDay(day)).toBe(new Date(day * 86_400_000).getUTCFullYear());
      }),
      { seed: 5, numRuns: 5000 },
    );
    for (const day of [-719_469, -719_468, -1, 0, 58, 59, 365, 10_956, 11_016]) expect(yearOfDay(day)).toBe(new Date(day * 86_400_000).getUTCFullYear());
  });
});

// --date today|yesterday|tomorrow: the calendar date of the injected clock in the process calendar's time zone.
import { describe, expect, it } from 'vitest';
import { calendarToday, parseDateOption } from '../../src/cli/dates.js';
import { SpxError } from '../../src/model/errors.js';
import { spxIn } from './in-process.js';

// 23:30 UTC on Monday 2026-06-01 is already Tuesday 2026-06-02 in Berlin and still Monday in New York.
const LATE = new Date('2026-06-01T23:30:00Z');

describe('calendar dates', () => {
  it('today is the date of the clock in the time zone', () => {
    expect(calendarToday(LATE, 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(calendarToday(LATE, 'Europe/Berlin').toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(calendarToday(LATE, 'America/New_York').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('yesterday and tomorrow are one calendar day either side; a date stays itself', () => {
    expect(parseDateOption('yesterday', LATE, 'Europe/Berlin').toISOString().slice(0, 10)).toBe('2026-06-01');
    expect(parseDateOption('tomorrow', LATE, 'Europe/Berlin').toISOString().slice(0, 10)).toBe('2026-06-03');
    expect(parseDateOption('Today', LATE, 'UTC').toISOString().slice(0, 10)).toBe('2026-06-01');
    expect(parseDateOption('2026-12-31', LATE, 'UTC').toISOString().slice(0, 10)).toBe('2026-12-31');
  });

  it('anything else is E_BAD_DATE, naming the words it takes', () => {
    expect(() => parseDateOption('next week', LATE, 'UTC')).toThrow(SpxError);
    expect(() => parseDateOption('next week', LATE, 'UTC')).toThrow(/today, yesterday or tomorrow/);
  });
});

describe('spx next --date today|yesterday|tomorrow', () => {
  it('resolves against the injected clock', async () => {
    // known.yaml: the next step is held 1 business day after --at ends. Fri 2026-06-05 + 1 → Mon 2026-06-08.
    const friday = new Date('2026-06-05T12:00:00Z');
    const run = async (date: string) => JSON.parse((await spxIn(['next', 'test/fixtures/known.yaml', '--at', 'a', '--date', date, '--json'], { now: friday })).stdout);
    expect((await run('today')).date).toBe('2026-06-05');
    expect((await run('today')).next.holdBy).toBe('2026-06-08');
    expect((await run('yesterday')).date).toBe('2026-06-04');
    expect((await run('tomorrow')).date).toBe('2026-06-06');
    const plain = JSON.parse((await spxIn(['next', 'test/fixtures/known.yaml', '--at', 'a', '--json'], { now: friday })).stdout);
    expect(plain.date).toBe('2026-06-05');
  });

  it('spx simulate --start-date today', async () => {
    const run = await spxIn(['simulate', 'test/fixtures/known.yaml', '--deals', '1000', '--start-date', 'tomorrow', '--json'], { now: new Date('2026-06-05T12:00:00Z') });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)[0].closeDates.start).toBe('2026-06-06');
  });
});

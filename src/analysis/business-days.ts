/** Business-day arithmetic over a process calendar (workdays and holidays), on calendar dates with no timezone drift. */
import { addDays, formatISO, getISODay } from 'date-fns';
import { holidaySet, isHolidayDate } from '../model/holidays.js';
import type { Calendar, Weekday } from '../model/types.js';

const ISO_DAY: Readonly<Record<Weekday, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Expected days like 3.0000000000004 come from float sums; they mean 3, not 4. */
const ROUNDING_SLACK = 1e-9;

/**
 * The date `days` business days after `start`.
 *
 * `start` is read as the calendar date of its UTC day (pass UTC midnight) and the result is UTC midnight of the
 * answer, whatever the host timezone. Fractional days round UP to whole business days (a step expected to take
 * 2.4 days is planned for 3: a date is a commitment, and rounding down would promise the impossible); a float
 * excess below 1e-9 is ignored. Counting starts the day after `start`: each following day that is a workday and
 * not a holiday (a dated one, or a recurring MM-DD one in any year) counts one, so 0 days returns `start` itself, even if it is not a business day.
 *
 * Throws RangeError for a negative or non-finite `days`, or a calendar without workdays.
 */
export function addBusinessDays(start: Date, days: number, calendar: Calendar): Date {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`business days must be a finite number ≥ 0, got ${days}`);
  const whole = Math.max(0, Math.ceil(days - ROUNDING_SLACK));
  const workdays = new Set(calendar.workdays.map((day) => ISO_DAY[day]));
  if (whole > 0 && workdays.size === 0) throw new RangeError('the calendar has no workdays');
  const holidays = holidaySet(calendar.holidays);
  // date-fns works in local time; a local-midnight stand-in for the same calendar date keeps it free of UTC shifts.
  let day = new Date(0);
  day.setFullYear(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); // setFullYear: years < 100 stay as given
  day.setHours(0, 0, 0, 0);
  let left = whole;
  while (left > 0) {
    day = addDays(day, 1);
    if (workdays.has(getISODay(day)) && !isHolidayDate(formatISO(day, { representation: 'date' }), holidays)) left--;
  }
  const result = new Date(0);
  result.setUTCFullYear(day.getFullYear(), day.getMonth(), day.getDate());
  return result;
}

/**
 * The YYYY-MM-DD of a UTC-midnight date (as {@link addBusinessDays} returns); past 9999, ISO 8601's expanded
 * form (+010000-01-11), whole: a fixed ten characters cut it to a month.
 */
export function isoDate(date: Date): string {
  const text = date.toISOString();
  return text.slice(0, text.indexOf('T'));
}

/** The date `days` calendar days after `start` (UTC midnight in, UTC midnight out); fractions round up, as in {@link addBusinessDays}. */
export function addCalendarDays(start: Date, days: number): Date {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`calendar days must be a finite number ≥ 0, got ${days}`);
  const whole = Math.max(0, Math.ceil(days - ROUNDING_SLACK));
  const result = new Date(0);
  result.setUTCFullYear(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + whole);
  return result;
}

/** A stretch of time on the way to a date: business days, or elapsed calendar days (a duration written in them). */
export interface Stretch {
  readonly days: number;
  readonly unit: 'business' | 'calendar';
}

/**
 * The date after `stretches`, in order, from `start`: consecutive stretches of one unit are summed and rounded up
 * once (so a path in business days only gives exactly {@link addBusinessDays} of its total), business days counted
 * on `calendar`, calendar days counted as elapsed days.
 */
export function addStretches(start: Date, stretches: readonly Stretch[], calendar: Calendar): Date {
  let date = start;
  let i = 0;
  while (i < stretches.length) {
    const unit = stretches[i]!.unit;
    let days = 0;
    for (; i < stretches.length && stretches[i]!.unit === unit; i++) days += stretches[i]!.days;
    date = unit === 'calendar' ? addCalendarDays(date, days) : addBusinessDays(date, days, calendar);
  }
  return date;
}

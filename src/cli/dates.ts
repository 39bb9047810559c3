/** Calendar dates on the command line: YYYY-MM-DD (or today, yesterday, tomorrow) in, YYYY-MM-DD out, as UTC midnights. */
import { isoDate, SpxError } from '../index.js';

export { isoDate };

/** A real calendar date in YYYY-MM-DD, as UTC midnight; `flag` names the option in the error. */
export function parseDate(text: string, flag = '--date'): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || isoDate(date) !== text) {
    throw new SpxError('E_BAD_DATE', `${flag} ${text} is not a real date; use YYYY-MM-DD (e.g. 2026-12-01), today, yesterday or tomorrow`);
  }
  return date;
}

/** Calendar days from today that the relative date words mean. */
const RELATIVE_DAYS: Readonly<Record<string, number>> = { yesterday: -1, today: 0, tomorrow: 1 };

/**
 * A date option: YYYY-MM-DD, or `today`, `yesterday` or `tomorrow` — the calendar date at `now` in `timeZone`
 * (the process calendar's), one calendar day either side for the last two. Throws E_BAD_DATE otherwise.
 */
export function parseDateOption(text: string, now: Date, timeZone: string, flag = '--date'): Date {
  const offset = RELATIVE_DAYS[text.trim().toLowerCase()];
  if (offset === undefined) return parseDate(text, flag);
  const day = calendarToday(now, timeZone);
  return new Date(day.getTime() + offset * 86_400_000);
}

/** The calendar date at `now` in `timeZone` (an IANA name, e.g. Europe/Berlin), as UTC midnight. */
export function calendarToday(now: Date, timeZone: string): Date {
  let text: string;
  try {
    // en-CA formats as YYYY-MM-DD.
    text = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    throw new SpxError('E_BAD_DATE', `calendar.timeZone ${timeZone} is not a time zone this Node.js knows; use an IANA name such as Europe/Berlin`);
  }
  return parseDate(text);
}

/** The user's local calendar date today, as UTC midnight (commands with a process use {@link calendarToday}). */
export function today(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

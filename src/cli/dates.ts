/** Calendar dates on the command line: YYYY-MM-DD in, YYYY-MM-DD out, as UTC midnights (no timezone drift). */
import { isoDate, SpxError } from '../index.js';

export { isoDate };

/** A real calendar date in YYYY-MM-DD, as UTC midnight; `flag` names the option in the error. */
export function parseDate(text: string, flag = '--date'): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || isoDate(date) !== text) {
    throw new SpxError('E_BAD_DATE', `${flag} ${text} is not a real date; use YYYY-MM-DD, e.g. 2026-12-01`);
  }
  return date;
}

/** The user's local calendar date today, as UTC midnight. */
export function today(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

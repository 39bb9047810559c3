/** Calendar holidays: dated ones (YYYY-MM-DD, that day only) and recurring ones (MM-DD, that date every year). */

/** A holiday entry that recurs every year: month and day, `12-25`. */
const RECURRING = /^(\d{2})-(\d{2})$/;
/** A holiday entry on one date: `2026-12-25`. */
const DATED = /^\d{4}-\d{2}-\d{2}$/;

/** The holidays of a calendar, split by form, for fast lookups by date. */
export interface HolidaySet {
  /** Dated holidays, as written (YYYY-MM-DD). */
  readonly dated: ReadonlySet<string>;
  /** Recurring holidays as month × 100 + day (12-25 → 1225). */
  readonly recurring: ReadonlySet<number>;
}

/** Splits `holidays` entries into dated and recurring ones; entries of neither form (the schema rejects them) are ignored. */
export function holidaySet(holidays: readonly string[]): HolidaySet {
  const dated = new Set<string>();
  const recurring = new Set<number>();
  for (const entry of holidays) {
    if (DATED.test(entry)) dated.add(entry);
    else {
      const match = RECURRING.exec(entry);
      if (match) recurring.add(Number(match[1]) * 100 + Number(match[2]));
    }
  }
  return { dated, recurring };
}

/**
 * Whether the date `iso` (YYYY-MM-DD) is a holiday: listed as that date, or its month and day are listed as a
 * recurring holiday. A recurring 02-29 falls only in leap years (there is no 29 February to fall on otherwise).
 */
export function isHolidayDate(iso: string, holidays: HolidaySet): boolean {
  if (holidays.dated.has(iso)) return true;
  return holidays.recurring.size > 0 && holidays.recurring.has(Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10)));
}

/**
 * Whether recurring holidays cover every day of a common year (02-29 aside, which falls only once in four years):
 * then no calendar has a business day to count on, whatever its workdays, and date arithmetic would never end.
 */
export function holidaysCoverEveryDay(holidays: readonly string[]): boolean {
  if (holidays.length < 365) return false; // every lint of a calendar asks: most list a dozen
  const { recurring } = holidaySet(holidays);
  return recurring.size - (recurring.has(229) ? 1 : 0) >= 365;
}

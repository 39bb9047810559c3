/** Business time between instants: the part of [a, b) that falls on the process calendar's workdays, counted in its time zone. */
import { tzOffset } from '@date-fns/tz';
import { holidaySet } from '../model/holidays.js';
import type { Calendar, Weekday } from '../model/types.js';

/** Milliseconds in a day of 24 h: the unit of every observed duration. */
export const DAY_MS = 86_400_000;

/**
 * days × 24 h need not give back the milliseconds a business time was computed from (a relative error near
 * 1e-16): a remainder this small (1 µs) still ends on the day it would use up, not on the next business day.
 */
const FLOAT_SLACK_MS = 1e-3;
/** Local days per cached block of a time zone's day starts. */
const BLOCK_DAYS = 128;
/**
 * Offsets are sampled this often when scanning for changes (each sample is an `Intl` call of about 9 µs). Real
 * zones keep an offset for weeks at least (the shortest: Ramadan suspensions of daylight saving, about a month);
 * two changes within a week that cancel out would go unseen.
 */
const SCAN_STEP_MS = 7 * DAY_MS;
/**
 * Offsets are read between 1900 and 2200 and held constant outside: no deal data lies there, and a bad date far
 * out (year 1 or 9999) then costs no scan of the centuries in between.
 */
const ZONE_DATA_FROM = Date.UTC(1900, 0, 1);
const ZONE_DATA_TO = Date.UTC(2200, 0, 1);
/** Local midnight lies within this of UTC midnight of the same date (offsets are within ±15 h; a day of margin). */
const WINDOW_MS = 2 * DAY_MS;

/** Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
const WEEKDAY_INDEX: Readonly<Record<Weekday, number>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** The weekday index (Monday = 0) of local day number `day` (days since 1970-01-01). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Zones that never change offset and count days from UTC midnight. */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'Etc/UCT', 'UCT']);

/**
 * Where each local day of one IANA time zone begins, as an instant. Day `d` (the local calendar date d days after
 * 1970-01-01) begins at the first instant whose local date-time is at or after d's midnight: on a day whose
 * midnight is skipped (a change at 00:00) that is the change itself, and after a change back across midnight the
 * repeated hour belongs to the new day (which then has 25 h). Computed once per block of 128 days from the
 * zone's offsets (via `@date-fns/tz`), found by sampling every 7 days and bisecting to the millisecond.
 */
class ZoneDays {
  private readonly blocks = new Map<number, Float64Array>();
  private lastIndex = NaN;
  private lastBlock: Float64Array = new Float64Array(0);

  constructor(readonly timeZone: string) {}

  /** The instant day `day` begins. */
  start(day: number): number {
    const index = Math.floor(day / BLOCK_DAYS);
    const block = index === this.lastIndex ? this.lastBlock : this.block(index);
    return block[day - index * BLOCK_DAYS]!;
  }

  /** The local day containing instant `t`: the last day that begins at or before t. */
  dayOf(t: number): number {
    let day = Math.floor(t / DAY_MS) + 1;
    while (this.start(day) > t) day--;
    return day;
  }

  /** Day starts of block `index` (BLOCK_DAYS + 1 of them: the last is the next block's first). */
  private block(index: number): Float64Array {
    let block = this.blocks.get(index);
    if (block === undefined) {
      const first = index * BLOCK_DAYS;
      const segments = this.segments(first * DAY_MS - WINDOW_MS, (first + BLOCK_DAYS + 1) * DAY_MS + WINDOW_MS);
      block = new Float64Array(BLOCK_DAYS + 1);
      for (let i = 0; i <= BLOCK_DAYS; i++) block[i] = firstInstantAtOrAfter((first + i) * DAY_MS, segments);
      this.blocks.set(index, block);
    }
    this.lastIndex = index;
    this.lastBlock = block;
    return block;
  }

  /** The zone's constant-offset segments covering [from, to): starts and offsets (ms), the first starting at from. */
  private segments(from: number, to: number): Segments {
    if (to <= ZONE_DATA_FROM || from >= ZONE_DATA_TO) return { starts: [from], offsets: [this.offset(from)], end: to };
    const starts = [from];
    const offsets = [this.offset(from)];
    let previous = from;
    let previousOffset = offsets[0]!;
    for (let t = Math.min(from + SCAN_STEP_MS, to); ; t = Math.min(t + SCAN_STEP_MS, to)) {
      const offset = this.offset(t);
      if (offset !== previousOffset) {
        // Bisect for the first millisecond with the new offset.
        let lo = previous;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.offset(mid) === previousOffset) lo = mid;
          else hi = mid;
        }
        starts.push(hi);
        offsets.push(offset);
        previousOffset = offset;
      }
      previous = t;
      if (t >= to) break;
    }
    return { starts, offsets, end: to };
  }

  /** The zone's UTC offset at instant t, in ms (local = t + offset). */
  private offset(t: number): number {
    const clamped = Math.min(ZONE_DATA_TO, Math.max(ZONE_DATA_FROM, t));
    return Math.round(tzOffset(this.timeZone, new Date(clamped)) * 60_000);
  }
}

interface Segments {
  readonly starts: readonly number[];
  readonly offsets: readonly number[];
  readonly end: number;
}

/**
 * The first instant whose local time (t + offset) is ≥ `local`. Within segment k local time is t + o_k, so the
 * segment's first such instant is max(start_k, local − o_k) if that is still inside it; the earliest over the
 * segments is the answer.
 */
function firstInstantAtOrAfter(local: number, segments: Segments): number {
  const { starts, offsets, end } = segments;
  for (let k = 0; k < starts.length; k++) {
    const candidate = Math.max(starts[k]!, local - offsets[k]!);
    const segmentEnd = k + 1 < starts.length ? starts[k + 1]! : end;
    if (candidate < segmentEnd) return candidate;
  }
  return local - offsets[offsets.length - 1]!;
}

const zoneCache = new Map<string, ZoneDays>();

/** The calendar compiled for fast counting: a workday mask with week prefix sums, holidays as sorted day numbers. */
class CompiledCalendar {
  /** Workday flag per weekday index (Monday = 0). */
  readonly workday: Uint8Array = new Uint8Array(7);
  /** prefix[i] = workdays among the week positions 0 … i − 1 counted from Monday. */
  private readonly prefix = new Int32Array(8);
  readonly perWeek: number;
  /** Local day numbers of dated holidays that fall on workdays, sorted, distinct. */
  private readonly holidays: Int32Array;
  /** Recurring holidays as month × 100 + day (12-25 → 1225); empty when the calendar has none. */
  private readonly recurring: readonly (readonly [month: number, day: number])[];
  /** Per year: the day numbers of its recurring holidays that fall on workdays and are not dated holidays, sorted. */
  private readonly recurringByYear = new Map<number, Int32Array>();
  /** Undefined for UTC: day d begins at d × 24 h. */
  private readonly zone: ZoneDays | undefined;
  /**
   * Per block of BLOCK_DAYS days (DST zones only): the business days whose length is not 24 h, and the sum of
   * (length − 24 h) over them.
   */
  private readonly irregular = new Map<number, { readonly days: Int32Array; readonly lengths: Float64Array; readonly excess: number }>();

  constructor(calendar: Calendar) {
    for (const day of calendar.workdays) this.workday[WEEKDAY_INDEX[day]] = 1;
    for (let i = 0; i < 7; i++) this.prefix[i + 1] = this.prefix[i]! + this.workday[i]!;
    this.perWeek = this.prefix[7]!;
    const holidayDays = new Set<number>();
    const { dated, recurring } = holidaySet(calendar.holidays);
    for (const iso of dated) {
      const day = isoDateToDay(iso);
      if (day !== undefined && this.workday[weekdayOf(day)] === 1) holidayDays.add(day);
    }
    this.holidays = Int32Array.from([...holidayDays].sort((x, y) => x - y));
    this.recurring = [...recurring].sort((x, y) => x - y).map((md) => [Math.floor(md / 100), md % 100] as const);
    const timeZone = calendar.timeZone ?? 'UTC';
    if (UTC_NAMES.has(timeZone)) this.zone = undefined;
    else {
      if (Number.isNaN(tzOffset(timeZone, new Date(0)))) throw new RangeError(`unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin`);
      let zone = zoneCache.get(timeZone);
      if (zone === undefined) {
        zone = new ZoneDays(timeZone);
        zoneCache.set(timeZone, zone);
      }
      this.zone = zone;
    }
  }

  dayStart(day: number): number {
    return this.zone === undefined ? day * DAY_MS : this.zone.start(day);
  }

  dayOf(t: number): number {
    return this.zone === undefined ? Math.floor(t / DAY_MS) : this.zone.dayOf(t);
  }

  isBusinessDay(day: number): boolean {
    return this.workday[weekdayOf(day)] === 1 && !this.isHoliday(day);
  }

  private isHoliday(day: number): boolean {
    const h = this.holidays;
    // Most days are outside the span of the dated holidays: no search for them.
    if (h.length > 0 && day >= h[0]! && day <= h[h.length - 1]!) {
      const i = lowerBound(h, day);
      if (h[i] === day) return true;
    }
    if (this.recurring.length === 0) return false;
    const r = this.recurringIn(yearOfDay(day));
    const j = lowerBound(r, day);
    return j < r.length && r[j] === day;
  }

  /** Business days (whole, counting each as one) among local days [d0, d1), d0 ≤ d1: week arithmetic, then holidays. */
  businessDayCount(d0: number, d1: number): number {
    const h = this.holidays;
    const dated = h.length === 0 || d1 <= h[0]! || d0 > h[h.length - 1]! ? 0 : lowerBound(h, d1) - lowerBound(h, d0);
    return this.workdayCount(d0, d1) - dated - (this.recurring.length === 0 || d1 <= d0 ? 0 : this.recurringCount(d0, d1));
  }

  /** Recurring holidays on workdays (and not also dated holidays) among local days [d0, d1), d0 < d1: year by year. */
  private recurringCount(d0: number, d1: number): number {
    const firstYear = yearOfDay(d0);
    const lastYear = yearOfDay(d1 - 1);
    let count = 0;
    for (let year = firstYear; year <= lastYear; year++) {
      const r = this.recurringIn(year);
      count += year > firstYear && year < lastYear ? r.length : lowerBound(r, d1) - lowerBound(r, d0);
    }
    return count;
  }

  private recurringIn(year: number): Int32Array {
    let days = this.recurringByYear.get(year);
    if (days === undefined) {
      const found: number[] = [];
      for (const [month, date] of this.recurring) {
        const t = new Date(0);
        t.setUTCFullYear(year, month - 1, date); // setUTCFullYear: years < 100 stay as given
        // 02-29 in a year without one rolls over to 1 March: no holiday that year.
        if (t.getUTCMonth() !== month - 1) continue;
        const day = t.getTime() / DAY_MS;
        const i = lowerBound(this.holidays, day);
        const dated = i < this.holidays.length && this.holidays[i] === day;
        if (this.workday[weekdayOf(day)] === 1 && !dated) found.push(day);
      }
      days = Int32Array.from(found);
      this.recurringByYear.set(year, days);
    }
    return days;
  }

  private workdayCount(d0: number, d1: number): number {
    // Workdays in [0-aligned Monday, d) as a function of d, then a difference.
    return this.workdaysBefore(d1) - this.workdaysBefore(d0);
  }

  /** Workdays among the days from the Monday of week 0 (day −3) up to day d (exclusive). */
  private workdaysBefore(day: number): number {
    const sinceMonday = day + 3;
    const weeks = Math.floor(sinceMonday / 7);
    return weeks * this.perWeek + this.prefix[sinceMonday - weeks * 7]!;
  }

  /** Business milliseconds of whole local days [d0, d1), d0 ≤ d1: days × 24 h plus the DST days' excess. */
  businessMs(d0: number, d1: number): number {
    let ms = this.businessDayCount(d0, d1) * DAY_MS;
    if (this.zone !== undefined && d1 > d0) ms += this.excess(d0, d1);
    return ms;
  }

  /** Σ (length − 24 h) over the business days in [d0, d1) whose length is not 24 h. */
  private excess(d0: number, d1: number): number {
    let total = 0;
    const firstBlock = Math.floor(d0 / BLOCK_DAYS);
    const lastBlock = Math.floor((d1 - 1) / BLOCK_DAYS);
    for (let b = firstBlock; b <= lastBlock; b++) {
      const block = this.irregularBlock(b);
      if (block.days.length === 0) continue;
      if (b > firstBlock && b < lastBlock) total += block.excess;
      else for (let i = 0; i < block.days.length; i++) if (block.days[i]! >= d0 && block.days[i]! < d1) total += block.lengths[i]! - DAY_MS;
    }
    return total;
  }

  private irregularBlock(b: number): { readonly days: Int32Array; readonly lengths: Float64Array; readonly excess: number } {
    let block = this.irregular.get(b);
    if (block === undefined) {
      const days: number[] = [];
      const lengths: number[] = [];
      let excess = 0;
      for (let d = b * BLOCK_DAYS; d < (b + 1) * BLOCK_DAYS; d++) {
        const length = this.dayStart(d + 1) - this.dayStart(d);
        if (length !== DAY_MS && this.isBusinessDay(d)) {
          days.push(d);
          lengths.push(length);
          excess += length - DAY_MS;
        }
      }
      block = { days: Int32Array.from(days), lengths: Float64Array.from(lengths), excess };
      this.irregular.set(b, block);
    }
    return block;
  }
}

/** The proleptic Gregorian year of day `day` (days since 1970-01-01): H. Hinnant's civil_from_days, the year only. */
export function yearOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
}

/** The index of the first element ≥ value in a sorted array. */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Day number of an ISO date `YYYY-MM-DD` (days since 1970-01-01), or undefined when it is not one. */
function isoDateToDay(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) ? undefined : ms / DAY_MS;
}

/** Calendars are immutable model objects: compile each once. */
const compiled = new WeakMap<Calendar, CompiledCalendar>();

/** The calendar compiled last: a comparison asks about one calendar a million times, a WeakMap lookup each. */
let lastCalendar: Calendar | undefined;
let lastCompiled: CompiledCalendar | undefined;

function compile(calendar: Calendar): CompiledCalendar {
  if (calendar === lastCalendar) return lastCompiled!;
  let c = compiled.get(calendar);
  if (c === undefined) {
    c = new CompiledCalendar(calendar);
    compiled.set(calendar, c);
  }
  lastCalendar = calendar;
  lastCompiled = c;
  return c;
}

/**
 * The business time between instants `a` and `b` (epoch ms): the length of [a, b) that falls on business days
 * of `calendar` (its workdays minus its holidays, dated ones and recurring MM-DD ones of every year), in days of 24 h. Days are the local calendar days of
 * `calendar.timeZone` (IANA name; `UTC` when absent).
 *
 * What counts is real elapsed time: a business day on which clocks go forward has 23 h and counts 23/24 when
 * wholly inside [a, b); one on which they go back counts 25/24. Each local day begins at its first instant
 * (on a day whose midnight is skipped, the clock change; after a change back across midnight, the repeated hour
 * belongs to the new day). Returns 0 when b ≤ a.
 *
 * Cost: O(1) for the days between (whole-week arithmetic, a binary search in the holidays) plus, in a zone with
 * daylight saving, one cached lookup per 128 days of the span; the first use of a zone and year reads its
 * offsets (via `@date-fns/tz`) once. Offsets before 1900 and after 2200 are taken as those of 1900 and 2200.
 * An infinite end gives Infinity (0 for a calendar without workdays); NaN throws RangeError. Throws RangeError for an unknown time zone.
 */
export function businessTimeBetween(a: number, b: number, calendar: Calendar): number {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError(`business time needs instants, got ${a} and ${b}`);
  if (!(b > a)) return 0;
  const c = compile(calendar);
  // An open-ended span (an --as-of of +∞) holds unbounded business time, if the calendar has any.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return c.perWeek > 0 ? Infinity : 0;
  const da = c.dayOf(a);
  const db = c.dayOf(b);
  if (da === db) return c.isBusinessDay(da) ? (b - a) / DAY_MS : 0;
  let ms = c.businessMs(da + 1, db);
  if (c.isBusinessDay(da)) ms += c.dayStart(da + 1) - a;
  if (c.isBusinessDay(db)) ms += b - c.dayStart(db);
  return ms / DAY_MS;
}

/**
 * The inverse of {@link businessTimeBetween}: the EARLIEST instant b ≥ a with businessTimeBetween(a, b) = days.
 * So a duration that uses up a Friday ends at Friday's end (Saturday 00:00), not on Monday; 0 days returns a.
 * Fractions of a day are real time on the business day they fall on (on a 23-h day, 1/24 day is still one hour).
 * Throws RangeError for a non-finite `a`, a negative or non-finite `days`, or a calendar without workdays (when days > 0).
 */
export function addBusinessTime(a: number, days: number, calendar: Calendar): number {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`business days must be a finite number ≥ 0, got ${days}`);
  if (!Number.isFinite(a)) throw new RangeError(`business time needs a finite start instant, got ${a}`);
  if (days === 0) return a;
  const c = compile(calendar);
  if (c.perWeek === 0) throw new RangeError('the calendar has no workdays');
  let remaining = days * DAY_MS;
  let day = c.dayOf(a);
  if (c.isBusinessDay(day)) {
    const available = c.dayStart(day + 1) - a;
    if (remaining <= available + FLOAT_SLACK_MS) return a + Math.min(remaining, available);
    remaining -= available;
  }
  day++;
  // Skip whole weeks while they cannot overshoot (a week holds at most perWeek business days of ≤ 25 h each),
  // then walk day by day: the walk covers under two weeks plus the holidays and short days in between.
  let weeks = Math.max(0, Math.floor(remaining / DAY_MS / c.perWeek) - 1);
  let used = c.businessMs(day, day + 7 * weeks);
  while (weeks > 0 && used >= remaining) {
    weeks = Math.floor(weeks / 2);
    used = c.businessMs(day, day + 7 * weeks);
  }
  day += 7 * weeks;
  remaining -= used;
  for (;;) {
    if (c.isBusinessDay(day)) {
      const start = c.dayStart(day);
      const length = c.dayStart(day + 1) - start;
      if (remaining <= length + FLOAT_SLACK_MS) return start + Math.min(remaining, length);
      remaining -= length;
    }
    day++;
  }
}

/**
 * The local calendar day (days since 1970-01-01) that instant `t` falls on in `calendar.timeZone`, and whether
 * it is a business day: for callers that group or label instants by business date.
 */
export function localDay(t: number, calendar: Calendar): { readonly day: number; readonly businessDay: boolean } {
  const c = compile(calendar);
  const day = c.dayOf(t);
  return { day, businessDay: c.isBusinessDay(day) };
}

/** The instant local day `day` (days since 1970-01-01) begins in `calendar.timeZone`: midnight, or the first instant after a skipped one. */
export function localDayStart(day: number, calendar: Calendar): number {
  return compile(calendar).dayStart(day);
}

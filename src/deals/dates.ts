/** Instants in deal data: ISO 8601 dates and date-times to epoch milliseconds, a fast path for the usual shapes, zone rules via @date-fns/tz. */
import { TZDate } from '@date-fns/tz';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian), without a Date object (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Wall-clock time in `timeZone` (an IANA name) to epoch milliseconds. */
function wallClock(timeZone: string, year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (timeZone === 'UTC') return utc(year, month, day, hour, minute, second, ms);
  return TZDate.tz(timeZone, year, month - 1, day, hour, minute, second, ms).getTime();
}

/** The ASCII codes of the text {@link parseInstant} is reading: one parser, on bytes, serves strings too. */
const ascii = new Uint8Array(64);

/**
 * Parses `YYYY-MM-DD` (midnight in `timeZone`), `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` followed by `Z`, an offset
 * (`±HH:MM`, `±HHMM`, `±HH`) or nothing (wall-clock time in `timeZone`). Returns undefined for anything else,
 * including dates that do not exist (2026-02-30) and offsets out of range.
 */
export function parseInstant(text: string, timeZone: string): number | undefined {
  const length = text.length;
  // A long text (a field of padding, say) gets its own array rather than growing the kept one.
  const codes = length <= ascii.length ? ascii : new Uint8Array(length);
  // A character outside ASCII never belongs to an instant: 0xFF stands for it (not a digit, sign or separator).
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    codes[i] = code < 128 ? code : 0xff;
  }
  return parseInstantBytes(codes, 0, length, timeZone);
}

function byteDigits(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The last date {@link parseInstantBytes} read (its 10 bytes as a number) and its midnight UTC: an event log repeats days. */
let lastDateKey = -1;
let lastDateMs = 0;

/**
 * The usual shape of an exported instant, `YYYY-MM-DDTHH:MM:SS.sssZ` (exactly 24 bytes), to epoch milliseconds;
 * NaN for anything else (then {@link parseInstantBytes} decides). Small enough for the compiler to inline into
 * the reader's loop, where the general parser's result would be a heap number per row.
 */
export function parseIsoZuluBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 24 || bytes[start + 23] !== 90 || bytes[start + 10] !== 84 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return NaN;
  if (bytes[start + 13] !== 58 || bytes[start + 16] !== 58 || bytes[start + 19] !== 46) return NaN;
  const year = byteDigits(bytes, start, 4);
  const month = byteDigits(bytes, start + 5, 2);
  const day = byteDigits(bytes, start + 8, 2);
  const hour = byteDigits(bytes, start + 11, 2);
  const minute = byteDigits(bytes, start + 14, 2);
  const second = byteDigits(bytes, start + 17, 2);
  const ms = byteDigits(bytes, start + 20, 3);
  if (year < 0 || month < 0 || day < 0 || ms < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  if ((day > 28 || month > 12 || month < 1 || day < 1) && !validDate(year, month, day)) return NaN;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/**
 * {@link parseInstant} on the UTF-8 bytes `bytes[start, end)`, without making a string (the CSV reader's hot path).
 * A non-ASCII byte never belongs to an instant.
 */
export function parseInstantBytes(bytes: Uint8Array, start: number, end: number, timeZone: string): number | undefined {
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  const o = start;
  const length = end - start;
  if (length < 10 || bytes[o + 4] !== 45 || bytes[o + 7] !== 45) return undefined;
  const year = byteDigits(bytes, o, 4);
  const month = byteDigits(bytes, o + 5, 2);
  const day = byteDigits(bytes, o + 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  const key = year * 10_000 + month * 100 + day;
  let midnight: number;
  if (key === lastDateKey) midnight = lastDateMs;
  else {
    if (!validDate(year, month, day)) return undefined;
    midnight = daysFromCivil(year, month, day) * 86_400_000;
    lastDateKey = key;
    lastDateMs = midnight;
  }
  if (length === 10) return timeZone === 'UTC' ? midnight : wallClock(timeZone, year, month, day, 0, 0, 0, 0);
  const separator = bytes[o + 10];
  if ((separator !== 84 && separator !== 32 && separator !== 116) || length < 16 || bytes[o + 13] !== 58) return undefined;
  const hour = byteDigits(bytes, o + 11, 2);
  const minute = byteDigits(bytes, o + 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let i = o + 16;
  let second = 0;
  let ms = 0;
  if (i < end && bytes[i] === 58) {
    if (i + 3 > end) return undefined;
    second = byteDigits(bytes, i + 1, 2);
    if (second < 0 || second > 59) return undefined;
    i += 3;
    if (i < end && (bytes[i] === 46 || bytes[i] === 44)) {
      let j = i + 1;
      let scale = 100;
      while (j < end) {
        const d = bytes[j]! - 48;
        if (d < 0 || d > 9) break;
        ms += d * scale;
        scale /= 10;
        j++;
      }
      if (j === i + 1) return undefined;
      ms = Math.floor(ms + 1e-9);
      i = j;
    }
  }
  const clock = hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  if (i === end) return timeZone === 'UTC' ? midnight + clock : wallClock(timeZone, year, month, day, hour, minute, second, ms);
  const zone = bytes[i];
  if ((zone === 90 || zone === 122) && i + 1 === end) return midnight + clock;
  if (zone !== 43 && zone !== 45) return undefined;
  const rest = end - i - 1;
  let offsetHours: number;
  let offsetMinutes = 0;
  if (rest === 2) offsetHours = byteDigits(bytes, i + 1, 2);
  else if (rest === 4) {
    offsetHours = byteDigits(bytes, i + 1, 2);
    offsetMinutes = byteDigits(bytes, i + 3, 2);
  } else if (rest === 5 && bytes[i + 3] === 58) {
    offsetHours = byteDigits(bytes, i + 1, 2);
    offsetMinutes = byteDigits(bytes, i + 4, 2);
  } else return undefined;
  if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
  const offset = (zone === 43 ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return midnight + clock - offset;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC') return true; // the usual answer, without the time zone database's first load (tens of ms)
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

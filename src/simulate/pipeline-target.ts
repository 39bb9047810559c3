/** The pipeline a bookings target needs: new opportunities per month, from the won-cycle length distribution. */
import { logGamma } from '../model/duration.js';
import { holidaySet, isHolidayDate } from '../model/holidays.js';
import type { Calendar, Process, Weekday } from '../model/types.js';
import { computeMetrics } from '../analysis/metrics.js';
import { bucketLowerBound } from './stats.js';
import { compileModel } from './model.js';
import { runInThisThread } from './simulate.js';

/** What to plan for. Months are `YYYY-MM`; dates are UTC midnights. */
export interface TargetOptions {
  /** Bookings to reach, in the currency of the deal value. */
  readonly bookings: number;
  /** Bookings of one won deal. */
  readonly dealValue: number;
  /** First month in which new opportunities start. */
  readonly fromMonth: string;
  /** Bookings count when the deal is won by the end of this month. */
  readonly byMonth: string;
  /** Deals start from this date in `fromMonth` (today, when that is the current month); default its first day. */
  readonly fromDate?: Date;
  /** Simulated deals for the won-cycle length distribution (default 200,000) and the seed (default 1). */
  readonly deals?: number;
  readonly seed?: number;
}

/** One month in which opportunities start. */
export interface TargetMonth {
  readonly month: string;
  /** Business days on which its opportunities start (spread evenly). */
  readonly startDays: number;
  /** P(an opportunity started this month is won and closes by the end of `byMonth`). */
  readonly closesInTime: number;
}

/** The answer: opportunities to start in every month from `fromMonth` to `byMonth`. */
export interface TargetPlan {
  readonly bookings: number;
  readonly dealValue: number;
  /** ⌈bookings / dealValue⌉. */
  readonly wonDealsNeeded: number;
  readonly fromMonth: string;
  readonly byMonth: string;
  readonly months: readonly TargetMonth[];
  /** n·V·Σ P(in time) = bookings: the expected bookings reach the target (fractional). */
  readonly expectedPerMonth: number | null;
  /** Smallest n with P(won in time ≥ wonDealsNeeded) ≥ 0.5, and ≥ 0.9; null when unreachable. */
  readonly p50PerMonth: number | null;
  readonly p90PerMonth: number | null;
  /** `exact` (Poisson-binomial by convolution) up to EXACT_DEALS deals needed, else `normal` (approximation). */
  readonly countMethod: 'exact' | 'normal';
  readonly simulation: { readonly deals: number; readonly seed: number; readonly won: number };
}

/** Above this many won deals needed, P50/P90 use a normal approximation (the convolution is quadratic in it). */
const EXACT_DEALS = 500;
/** No answer above this many opportunities a month. */
const MAX_PER_MONTH = 10_000_000;
const ISO_DAY: Readonly<Record<Weekday, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * n opportunities start in every month from `fromMonth` to `byMonth`, spread evenly over the month's business days
 * (in `fromMonth` from `fromDate` on). One started on day d is booked in time if it is won and its cycle C (business
 * days, as `spx simulate` dates it) ends by the last day of `byMonth`: C ≤ B(d), B(d) the business days after d
 * through that day. So P(in time | month m) = w · mean over its start days d of F(B(d)), F the won-cycle CDF, here
 * the empirical CDF of a seeded simulation (deterministic; its error is the simulation's, ~1/√won), w exact.
 *
 * - Expected: n·V·Σ_m q_m = bookings, so n = bookings / (V·Σ_m q_m).
 * - P50/P90: the number won in time is Σ_m Binomial(n, q_m); the smallest n for which it reaches ⌈bookings/V⌉ with
 *   probability ≥ 0.5 (≥ 0.9), by exact convolution (a normal approximation above 500 deals needed).
 */
export function pipelineForTarget(process: Process, options: TargetOptions): TargetPlan {
  const deals = options.deals ?? 200_000;
  const seed = options.seed ?? 1;
  const model = compileModel(process);
  const { stats, histogram } = runInThisThread(model, { deals, seed });
  const won = stats.won;
  // The exact win rate; the simulation only gives the shape of the won-cycle lengths.
  const winRate = computeMetrics(process).winRate;
  const cdf = empiricalCdf(histogram, won);

  const [fromYear, fromMonthIndex] = monthParts(options.fromMonth);
  const [byYear, byMonthIndex] = monthParts(options.byMonth);
  const end = Date.UTC(byYear, byMonthIndex + 1, 0);
  const first = options.fromDate?.getTime() ?? Date.UTC(fromYear, fromMonthIndex, 1);
  // Business days from the first start day to the end, and how many follow each.
  const days = businessDays(first, end, process.calendar);
  const months: TargetMonth[] = [];
  let index = 0;
  for (let y = fromYear, m = fromMonthIndex; y < byYear || (y === byYear && m <= byMonthIndex); m === 11 ? ((y += 1), (m = 0)) : (m += 1)) {
    const month = `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
    let sum = 0;
    let count = 0;
    while (index < days.length && isoMonth(days[index]!) === month) {
      sum += cdf(days.length - 1 - index);
      count++;
      index++;
    }
    months.push({ month, startDays: count, closesInTime: count === 0 ? 0 : (winRate * sum) / count });
  }
  const total = months.reduce((s, m) => s + m.closesInTime, 0);
  const needed = Math.ceil(options.bookings / options.dealValue - 1e-9);
  const q = months.map((m) => m.closesInTime);
  const countMethod = needed > EXACT_DEALS ? 'normal' : 'exact';
  return {
    bookings: options.bookings,
    dealValue: options.dealValue,
    wonDealsNeeded: needed,
    fromMonth: options.fromMonth,
    byMonth: options.byMonth,
    months,
    expectedPerMonth: total > 0 ? options.bookings / (options.dealValue * total) : null,
    p50PerMonth: smallestReaching(q, needed, 0.5, countMethod),
    p90PerMonth: smallestReaching(q, needed, 0.9, countMethod),
    countMethod,
    simulation: { deals, seed, won },
  };
}

/** P(C ≤ x | won) from the histogram: a bucket counts once its lower bound is ≤ x (buckets are 0.1% of x wide). */
function empiricalCdf(histogram: Float64Array, won: number): (x: number) => number {
  const at: number[] = [];
  const cumulative: number[] = [];
  let seen = 0;
  histogram.forEach((count, bucket) => {
    if (count === 0) return;
    seen += count;
    at.push(bucketLowerBound(bucket));
    cumulative.push(seen);
  });
  return (x) => {
    if (won === 0) return 0;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : cumulative[lo - 1]! / won;
  };
}

/** Business days (UTC midnights, as ms) from `first` through `last`, both included. */
function businessDays(first: number, last: number, calendar: Calendar): number[] {
  const workdays = new Set(calendar.workdays.map((d) => ISO_DAY[d]));
  const holidays = holidaySet(calendar.holidays);
  const out: number[] = [];
  for (let t = first; t <= last; t += 86_400_000) {
    const date = new Date(t);
    if (workdays.has(date.getUTCDay()) && !isHolidayDate(date.toISOString().slice(0, 10), holidays)) out.push(t);
  }
  return out;
}

const isoMonth = (t: number): string => new Date(t).toISOString().slice(0, 7);

function monthParts(month: string): [number, number] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = match ? Number(match[2]) : 0;
  if (!match || m < 1 || m > 12) throw new RangeError(`a month is YYYY-MM, got ${month}`);
  return [Number(match[1]), m - 1];
}

/** Smallest n ≥ 0 with P(Σ_m Binomial(n, q_m) ≥ k) ≥ level; null when even MAX_PER_MONTH does not do. */
function smallestReaching(q: readonly number[], k: number, level: number, method: 'exact' | 'normal'): number | null {
  if (k <= 0) return 0;
  const reaches = (n: number): boolean => (method === 'exact' ? tailExact(q, n, k) : tailNormal(q, n, k)) >= level;
  let hi = 1;
  while (!reaches(hi)) {
    if (hi >= MAX_PER_MONTH) return null;
    hi = Math.min(MAX_PER_MONTH, hi * 2);
  }
  let lo = hi === 1 ? 0 : hi / 2;
  // Invariant: lo does not reach (or is 0), hi does.
  if (lo === 0 && reaches(0)) return 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** P(Σ_m Binomial(n, q_m) ≥ k): 1 − the convolution of the binomials' pmfs over 0..k−1. */
function tailExact(q: readonly number[], n: number, k: number): number {
  let below = new Float64Array(k);
  below[0] = 1;
  for (const p of q) {
    const pmf = binomialHead(n, p, k);
    const next = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const x = below[a]!;
      if (x === 0) continue;
      for (let b = 0; a + b < k; b++) next[a + b]! += x * pmf[b]!;
    }
    below = next;
  }
  let sum = 0;
  for (const x of below) sum += x;
  return Math.max(0, 1 - sum);
}

/** P(Binomial(n, p) = j) for j < k, through logarithms (no underflow of (1 − p)^n). */
function binomialHead(n: number, p: number, k: number): Float64Array {
  const out = new Float64Array(k);
  if (p <= 0) {
    out[0] = 1;
    return out;
  }
  if (p >= 1) {
    if (n < k) out[n] = 1;
    return out;
  }
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const logNFactorial = logGamma(n + 1);
  for (let j = 0; j < k && j <= n; j++) out[j] = Math.exp(logNFactorial - logGamma(j + 1) - logGamma(n - j + 1) + j * logP + (n - j) * logQ);
  return out;
}

/** The same tail by a normal approximation with continuity correction. */
function tailNormal(q: readonly number[], n: number, k: number): number {
  const mean = n * q.reduce((s, p) => s + p, 0);
  const variance = n * q.reduce((s, p) => s + p * (1 - p), 0);
  if (variance === 0) return mean >= k ? 1 : 0;
  const z = (k - 0.5 - mean) / Math.sqrt(variance);
  return 0.5 * erfc(z / Math.SQRT2);
}

/** erfc by Numerical Recipes' Chebyshev fit (|error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

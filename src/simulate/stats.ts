/** Streaming statistics in constant memory: per-chunk counters and sums that merge exactly, and a cycle-length histogram. */

/**
 * The cycle-length histogram: log-linear buckets read straight from a double's bits (like HdrHistogram), so
 * bucketing is exact and identical on every machine.
 *
 * - x ≥ 2^-8 day: bucket by binary exponent e and the top 10 mantissa bits — 1,024 buckets per octave, each
 *   [2^e·(1 + m/1024), 2^e·(1 + (m + 1)/1024)). The midpoint is within 2^-11·x of every value in the bucket.
 * - 0 ≤ x < 2^-8 day (under two minutes of an eight-hour day): 1,024 linear buckets of width 2^-18.
 * - Octaves run up to e = 40; larger values (over 2·10^12 business days, which the step cap makes unreachable
 *   with any sane duration) are counted in the last bucket.
 *
 * Error bound: a quantile reported from the histogram is the midpoint of the bucket holding the exact order
 * statistic q, clamped to the exact [min, max] of the sample, so |reported − q| ≤ max(2^-11·q, 2^-19):
 * 0.05% relative (0.05 days at 100 days), far inside the sampling error of any percentile. Memory is fixed:
 * 51,200 buckets (400 KB) per thread, whatever the number of deals.
 */
export const HISTOGRAM_BUCKETS = 1024 * 50;
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const MIN_EXPONENT = -8;
const MAX_EXPONENT = 40;
const LINEAR_WIDTH = 2 ** (MIN_EXPONENT - SUB_BITS);
/** Computed once: bundlers turn module constants into variables, and `2 ** x` in the function would run per call. */
const LOG_RANGE_START = 2 ** MIN_EXPONENT;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
/** Index of the word holding the sign, the exponent and the top mantissa bits. */
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The bucket of a non-negative cycle length (negative values, impossible for valid processes, go to bucket 0). */
export function histogramBucket(x: number): number {
  if (!(x >= LOG_RANGE_START)) return x > 0 ? Math.floor(x / LINEAR_WIDTH) : 0;
  scratch[0] = x;
  const high = scratchWords[HIGH_WORD]!;
  const exponent = (high >>> 20) - 1023;
  if (exponent > MAX_EXPONENT) return HISTOGRAM_BUCKETS - 1;
  return SUB + (exponent - MIN_EXPONENT) * SUB + ((high >>> (20 - SUB_BITS)) & (SUB - 1));
}

/** The midpoint of a bucket's range (the value reported for every count in it). */
export function bucketMidpoint(bucket: number): number {
  if (bucket < SUB) return (bucket + 0.5) * LINEAR_WIDTH;
  const octave = Math.floor((bucket - SUB) / SUB);
  const m = (bucket - SUB) % SUB;
  return 2 ** (octave + MIN_EXPONENT) * (1 + (m + 0.5) / SUB);
}

/** The smallest value a bucket holds. */
export function bucketLowerBound(bucket: number): number {
  if (bucket < SUB) return bucket * LINEAR_WIDTH;
  const octave = Math.floor((bucket - SUB) / SUB);
  const m = (bucket - SUB) % SUB;
  return 2 ** (octave + MIN_EXPONENT) * (1 + m / SUB);
}

/**
 * The p-quantile (0 < p ≤ 1) of the values counted in `histogram`: the smallest value with at least ⌈p·n⌉ values
 * at or below it (the inverse of the empirical CDF), estimated within the bound above. Undefined when n = 0.
 */
export function histogramQuantile(histogram: Float64Array, n: number, p: number, min: number, max: number): number | undefined {
  if (n <= 0) return undefined;
  // ⌈p·n⌉ with a guard against 0.8·10 = 8.000000000000002.
  const rank = Math.max(1, Math.ceil(p * n - 1e-9 * Math.max(1, p * n)));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) return Math.min(max, Math.max(min, bucketMidpoint(bucket)));
  }
  return max;
}

/** Sizes of the per-step, per-duration-entry (a plain step's duration or a track) and per-exit sections. */
export interface StatsShape {
  readonly steps: number;
  readonly entries: number;
  readonly exits: number;
}

// Scalar slots at the head of the stats array.
const DEALS = 0;
const STUCK = 1;
const DEAL_STEPS = 2;
const WON = 3;
const WON_MEAN = 4;
const WON_M2 = 5;
const WON_MIN = 6;
const WON_MAX = 7;
const WAITING = 8;
const SCALARS = 9;

/**
 * Everything counted about a set of deals, in one Float64Array so a chunk's stats post to the main thread as one
 * transferable buffer. Counts are integers held exactly in doubles (up to 2^53). Sums of days depend on the order
 * of addition, so chunks are merged in chunk order, never in the order threads finish: that makes the totals —
 * and the JSON — identical for any number of workers.
 *
 * Layout: scalars (deals, stuck, deal-steps, won n / mean / M2 / min / max, waiting days), then per step
 * reached, visits, gate misses, days; per duration entry (see SimulationModel.durationStart) days and times it
 * was the longest of its step; per exit deals.
 */
export class SimulationStats {
  readonly data: Float64Array;
  readonly reachedAt: number;
  readonly visitsAt: number;
  readonly gateMissesAt: number;
  readonly stepDaysAt: number;
  readonly entryDaysAt: number;
  readonly criticalAt: number;
  readonly exitsAt: number;

  constructor(
    readonly shape: StatsShape,
    data?: Float64Array,
  ) {
    this.reachedAt = SCALARS;
    this.visitsAt = this.reachedAt + shape.steps;
    this.gateMissesAt = this.visitsAt + shape.steps;
    this.stepDaysAt = this.gateMissesAt + shape.steps;
    this.entryDaysAt = this.stepDaysAt + shape.steps;
    this.criticalAt = this.entryDaysAt + shape.entries;
    this.exitsAt = this.criticalAt + shape.entries;
    const length = this.exitsAt + shape.exits;
    if (data !== undefined && data.length !== length) throw new RangeError(`stats of ${data.length} numbers do not fit a shape of ${length}`);
    this.data = data ?? new Float64Array(length);
    if (data === undefined) {
      this.data[WON_MIN] = Infinity;
      this.data[WON_MAX] = -Infinity;
    }
  }

  get deals(): number {
    return this.data[DEALS]!;
  }
  get stuck(): number {
    return this.data[STUCK]!;
  }
  /** Step visits over all deals (the benchmark's unit of work). */
  get dealSteps(): number {
    return this.data[DEAL_STEPS]!;
  }
  get won(): number {
    return this.data[WON]!;
  }
  /** Mean cycle length of won deals (NaN when none). */
  get wonMean(): number {
    return this.data[WON] === 0 ? NaN : this.data[WON_MEAN]!;
  }
  /** Sample variance of won cycle lengths (n − 1 denominator; NaN below two won deals). */
  get wonVariance(): number {
    const n = this.data[WON]!;
    return n < 2 ? NaN : this.data[WON_M2]! / (n - 1);
  }
  get wonMin(): number {
    return this.data[WON_MIN]!;
  }
  get wonMax(): number {
    return this.data[WON_MAX]!;
  }
  get waitingDays(): number {
    return this.data[WAITING]!;
  }

  /** Adds a chunk's stats; call in chunk order (see the class comment). Chan et al.'s merge for mean and M2. */
  merge(other: SimulationStats): void {
    const a = this.data;
    const b = other.data;
    if (a.length !== b.length) throw new RangeError('cannot merge stats of different processes');
    const nA = a[WON]!;
    const nB = b[WON]!;
    if (nB > 0) {
      if (nA === 0) {
        a[WON_MEAN] = b[WON_MEAN]!;
        a[WON_M2] = b[WON_M2]!;
      } else {
        const n = nA + nB;
        const delta = b[WON_MEAN]! - a[WON_MEAN]!;
        a[WON_MEAN] = a[WON_MEAN]! + (delta * nB) / n;
        a[WON_M2] = a[WON_M2]! + b[WON_M2]! + ((delta * delta * nA) / n) * nB;
      }
      a[WON] = nA + nB;
    }
    a[WON_MIN] = Math.min(a[WON_MIN]!, b[WON_MIN]!);
    a[WON_MAX] = Math.max(a[WON_MAX]!, b[WON_MAX]!);
    a[DEALS]! += b[DEALS]!;
    a[STUCK]! += b[STUCK]!;
    a[DEAL_STEPS]! += b[DEAL_STEPS]!;
    a[WAITING]! += b[WAITING]!;
    for (let i = SCALARS; i < a.length; i++) a[i]! += b[i]!;
  }
}

/** Slot indices for the simulation kernel, which writes the scalars directly. */
export const STATS_SLOTS = { DEALS, STUCK, DEAL_STEPS, WON, WON_MEAN, WON_M2, WON_MIN, WON_MAX, WAITING } as const;

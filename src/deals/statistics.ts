/** The statistics calibration reports: Wilson intervals, a mean with its interval, Kaplan–Meier quantiles, empirical quantiles and a PERT fit. */

/** z of a two-sided 95% normal interval. */
export const Z95 = 1.96;

/** A closed interval [low, high]. */
export type Interval = readonly [low: number, high: number];

/**
 * The 95% Wilson score interval of a proportion k/n:
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), with p = k/n and z = 1.96. Unlike p ± z·√(p(1−p)/n) it
 * stays inside [0, 1] and is not empty at k = 0 or k = n. Undefined for n = 0. Throws RangeError unless
 * 0 ≤ k ≤ n are integers.
 */
export function wilsonInterval(k: number, n: number, z: number = Z95): Interval | undefined {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`a proportion needs integers 0 ≤ k ≤ n, got ${k}/${n}`);
  if (n === 0) return undefined;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0 or 1; rounding must not move it.
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** A sample's mean with its 95% interval. */
export interface MeanEstimate {
  readonly n: number;
  /** Undefined when n = 0. */
  readonly mean: number | undefined;
  /** The sample standard deviation (divisor n − 1); undefined when n < 2. */
  readonly sd: number | undefined;
  /** mean ± 1.96·sd/√n; undefined when n < 2. */
  readonly ci: Interval | undefined;
}

/** The mean of `values` with the normal-approximation 95% interval mean ± 1.96·sd/√n (sample sd, divisor n − 1). */
export function meanInterval(values: ArrayLike<number>): MeanEstimate {
  const n = values.length;
  if (n === 0) return { n, mean: undefined, sd: undefined, ci: undefined };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: undefined, ci: undefined };
  // Two passes: the squared deviations from the mean, not Σx² − n·mean² (which cancels catastrophically).
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) * (values[i]! - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const half = (Z95 * sd) / Math.sqrt(n);
  return { n, mean, sd, ci: [mean - half, mean + half] };
}

/** One step of a Kaplan–Meier curve: at `time`, `events` of the `atRisk` visits ended and S dropped to `survival`. */
export interface SurvivalStep {
  readonly time: number;
  readonly atRisk: number;
  readonly events: number;
  readonly survival: number;
}

/** The Kaplan–Meier estimate of a survival curve from right-censored observations. */
export interface SurvivalCurve {
  /** One entry per distinct event time, ascending; S(t) is the survival of the last step at or before t (1 before the first). */
  readonly steps: readonly SurvivalStep[];
  /** Observations: ended and censored. */
  readonly n: number;
  readonly censored: number;
}

/**
 * The Kaplan–Meier estimator: S(t) = ∏_{t_i ≤ t} (1 − d_i/r_i) over the distinct event times t_i, with d_i events
 * at t_i and r_i observations still at risk just before it (time ≥ t_i). A censored observation stays at risk up
 * to and including its time (an event and a censoring at the same time: the event comes first, the usual
 * convention). `censored[i]` says observation i was cut off at `times[i]` (an open visit at `--as-of`).
 */
export function kaplanMeier(times: ArrayLike<number>, censored: ArrayLike<boolean>): SurvivalCurve {
  const n = times.length;
  if (censored.length !== n) throw new RangeError('kaplanMeier: times and censored differ in length');
  // Ended and censored times sorted apart by the typed arrays' native numeric sort (a comparator sort of indices
  // costs several times more at a million visits), then merged: at a tie the events count first.
  let cuts = 0;
  for (let i = 0; i < n; i++) if (censored[i]) cuts++;
  const ended = new Float64Array(n - cuts);
  const cut = new Float64Array(cuts);
  for (let i = 0, e = 0, c = 0; i < n; i++) {
    if (censored[i]) cut[c++] = times[i]!;
    else ended[e++] = times[i]!;
  }
  ended.sort();
  cut.sort();
  const steps: SurvivalStep[] = [];
  let atRisk = n;
  let survival = 1;
  let e = 0;
  let c = 0;
  while (e < ended.length || c < cut.length) {
    const time = e < ended.length && (c >= cut.length || ended[e]! <= cut[c]!) ? ended[e]! : cut[c]!;
    let events = 0;
    while (e < ended.length && ended[e] === time) {
      events++;
      e++;
    }
    let lost = 0;
    while (c < cut.length && cut[c] === time) {
      lost++;
      c++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ time, atRisk, events, survival });
    }
    atRisk -= events + lost;
  }
  return { steps, n, censored: cuts };
}

/**
 * Quantiles of the Kaplan–Meier curve of `ended` and `censored` times without building the curve: exactly
 * {@link survivalQuantile} of {@link kaplanMeier} for each q (the same products in the same order), for a million
 * visits with no object per step.
 */
export function kaplanMeierQuantiles(ended: ArrayLike<number>, censored: ArrayLike<number>, qs: readonly number[], endedSorted = false): (number | undefined)[] {
  const e0 = endedSorted ? ended : Float64Array.from(ended).sort();
  const c0 = Float64Array.from(censored).sort();
  const targets = qs.map((q) => 1 - q + 1e-12);
  const found: (number | undefined)[] = qs.map(() => undefined);
  let left = qs.length;
  let atRisk = e0.length + c0.length;
  let survival = 1;
  let e = 0;
  let c = 0;
  while ((e < e0.length || c < c0.length) && left > 0) {
    const time = e < e0.length && (c >= c0.length || e0[e]! <= c0[c]!) ? e0[e]! : c0[c]!;
    let events = 0;
    while (e < e0.length && e0[e] === time) {
      events++;
      e++;
    }
    let lost = 0;
    while (c < c0.length && c0[c] === time) {
      lost++;
      c++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      for (let k = 0; k < targets.length; k++) {
        if (found[k] === undefined && survival <= targets[k]!) {
          found[k] = time;
          left--;
        }
      }
    }
    atRisk -= events + lost;
  }
  return found;
}

/**
 * The q-quantile of a survival curve: the smallest t with S(t) ≤ 1 − q (p50: q = 0.5). Undefined when the curve
 * never gets that low (too many visits censored before it). A tolerance of 1e-12 keeps products such as
 * (1 − 1/2)·… that equal 1 − q exactly on paper from missing it by rounding.
 */
export function survivalQuantile(curve: SurvivalCurve, q: number): number | undefined {
  const target = 1 - q + 1e-12;
  for (const step of curve.steps) if (step.survival <= target) return step.time;
  return undefined;
}

/**
 * The empirical q-quantile of `sorted` (ascending) by linear interpolation between order statistics — the
 * definition of R's default (type 7) and numpy's: with h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])
 * (0-based). Undefined for an empty sample.
 */
export function empiricalQuantile(sorted: ArrayLike<number>, q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** A fitted three-point duration estimate, in business days. */
export interface PertFit {
  readonly min: number;
  readonly likely: number;
  readonly max: number;
}

/**
 * A PERT estimate of a step's duration from observed times in its stage: subtract the declared mean gap (the
 * `within`s that the time in stage also contains) from every time, then min = the 5th and max = the 95th
 * empirical percentile ({@link empiricalQuantile}), and likely from the mean, so that the PERT mean
 * (min + 4·likely + max)/6 equals the observed mean: likely = (6·mean − min − max)/4, clamped to [min, max].
 * Durations cannot be negative: times shorter than the gap count as 0. Undefined for an empty sample.
 * `sorted`: the times are ascending already (the shift keeps that order, so the sort is skipped; same result).
 */
export function fitPert(times: ArrayLike<number>, meanGap: number, sorted = false): PertFit | undefined {
  const n = times.length;
  if (n === 0) return undefined;
  const shifted = new Float64Array(n);
  for (let i = 0; i < n; i++) shifted[i] = Math.max(0, times[i]! - meanGap);
  if (!sorted) shifted.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += shifted[i]!;
  const mean = sum / n;
  const min = empiricalQuantile(shifted, 0.05)!;
  const max = empiricalQuantile(shifted, 0.95)!;
  const likely = Math.min(max, Math.max(min, (6 * mean - min - max) / 4));
  return { min, likely, max };
}

/**
 * The Aalen–Johansen estimate of how right-censored observations end: with causes 0…k−1 (say, the next stage a
 * visit moves to) and `causes[i] = -1` for an observation cut off at `times[i]` (a visit still open at `--as-of`),
 * the cumulative incidence of cause j is Σ_t S(t−)·d_j(t)/r(t) over the distinct event times, S the Kaplan–Meier
 * survival of "not ended yet". Returned normalised to sum to 1 over the causes: the share of each cause among
 * observations that end. Without censoring this is exactly the counted share d_j/n; with it, it does not
 * undercount the causes that take longer (counting only the ended observations would: near the cut-off, only the
 * quick ones have ended). All zero when nothing ended.
 */
export function competingShares(times: ArrayLike<number>, causes: ArrayLike<number>, causeCount: number): Float64Array {
  const n = times.length;
  if (causes.length !== n) throw new RangeError('competingShares: times and causes differ in length');
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => times[x]! - times[y]!);
  const incidence = new Float64Array(causeCount);
  const events = new Float64Array(causeCount);
  let atRisk = n;
  let survival = 1;
  for (let i = 0; i < n; ) {
    const time = times[order[i]!]!;
    events.fill(0);
    let ended = 0;
    let cut = 0;
    for (; i < n && times[order[i]!] === time; i++) {
      const cause = causes[order[i]!]!;
      if (cause < 0) cut++;
      else {
        events[cause]!++;
        ended++;
      }
    }
    if (ended > 0) {
      for (let j = 0; j < causeCount; j++) incidence[j]! += (survival * events[j]!) / atRisk;
      survival *= 1 - ended / atRisk;
    }
    atRisk -= ended + cut;
  }
  let total = 0;
  for (let j = 0; j < causeCount; j++) total += incidence[j]!;
  if (total > 0) for (let j = 0; j < causeCount; j++) incidence[j]! /= total;
  return incidence;
}

/**
 * The 95% Wilson score interval around an estimated proportion `p` from `n` observations (the same formula as
 * {@link wilsonInterval}, with p given rather than k/n): for shares estimated with censored observations.
 */
export function wilsonAround(p: number, n: number, z: number = Z95): Interval | undefined {
  if (n === 0 || !Number.isFinite(p)) return undefined;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

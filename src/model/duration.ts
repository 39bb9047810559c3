/** Durations in business days: parsing the file's forms, means, CDFs, and the expected maximum of parallel tracks. */
import type { CalendarDays, Duration } from './types.js';

/** Business days in a week, for the `"2w"` form. */
const DAYS_PER_WEEK = 5;
/** The calendar-day forms: `14 calendar days`, `1 calendar day`, `2 calendar weeks`. */
const CALENDAR_FORM = /^\s*(\d+(?:\.\d+)?)\s+calendar\s+(days?|weeks?)\s*$/;

/**
 * Normalizes a duration as written in a process file.
 *
 * - a number → `fixed` (kept as written, even negative or non-finite, so `duration-order` can report it);
 * - `"3d"` → 3, `"2w"` → 10 business days (decimals allowed, as the schema's pattern);
 * - `{ min, likely, max, dist? }` → `pert` by default, or `triangular`;
 * - `{ min, max, dist: uniform }` → `uniform` (`likely` is ignored);
 * - min = max (and likely equal to them) → `fixed`;
 * - `"14 calendar days"` / `"2 calendar weeks"` (= 14), or an estimate with `unit: calendar-days`: elapsed calendar
 *   days, converted to business days with the calendar's `workdaysPerWeek` (every parameter × workdaysPerWeek / 7)
 *   and marked with `calendarDays` (see {@link CalendarDays}).
 *
 * An estimate with min = max but another `likely` is kept as written, so duration-order still sees the disorder.
 * Returns undefined for anything else (the schema rejects those forms).
 */
export function parseDurationValue(raw: unknown, workdaysPerWeek = DAYS_PER_WEEK): Duration | undefined {
  if (typeof raw === 'number') return { dist: 'fixed', value: raw };
  if (typeof raw === 'string') {
    const calendar = CALENDAR_FORM.exec(raw);
    if (calendar) {
      const days = Number(calendar[1]) * (calendar[2]!.startsWith('week') ? 7 : 1);
      return inBusinessDays({ dist: 'fixed', value: days }, workdaysPerWeek);
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*([dw])\s*$/.exec(raw);
    if (!match) return undefined;
    const amount = Number(match[1]);
    return { dist: 'fixed', value: match[2] === 'w' ? amount * DAYS_PER_WEEK : amount };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const written = parseEstimate(o);
  if (written === undefined || o['unit'] === undefined || o['unit'] === 'business-days') return written;
  return o['unit'] === 'calendar-days' ? inBusinessDays(written, workdaysPerWeek) : undefined;
}

function parseEstimate(o: Record<string, unknown>): Duration | undefined {
  const { min, likely, max } = o;
  const dist = o['dist'] ?? 'pert';
  if (typeof min !== 'number' || typeof max !== 'number') return undefined;
  if (dist === 'uniform') return min === max ? { dist: 'fixed', value: min } : { dist: 'uniform', min, max };
  if (dist !== 'pert' && dist !== 'triangular') return undefined;
  if (typeof likely !== 'number') return undefined;
  if (min === max && likely === min) return { dist: 'fixed', value: min };
  return { dist, min, likely, max };
}

/**
 * A calendar-day duration in business days: every parameter × workdaysPerWeek / 7 (multiplied first, so 14
 * calendar days on a 5-day week are exactly 10). Scaling every parameter scales every sample, so the mean,
 * the CDF and the simulation all follow from the business-day form.
 */
function inBusinessDays(d: Duration, workdaysPerWeek: number): Duration {
  const scale = (days: number): number => (days * workdaysPerWeek) / 7;
  const calendarDays = { workdaysPerWeek };
  switch (d.dist) {
    case 'fixed':
      return { dist: 'fixed', value: scale(d.value), calendarDays };
    case 'uniform':
      return { dist: 'uniform', min: scale(d.min), max: scale(d.max), calendarDays };
    default:
      return { dist: d.dist, min: scale(d.min), likely: scale(d.likely), max: scale(d.max), calendarDays };
  }
}

/** The calendar days a business-day amount of a calendar-day duration stands for (× 7 / workdaysPerWeek). */
export function toCalendarDays(businessDays: number, calendarDays: CalendarDays): number {
  return (businessDays * 7) / calendarDays.workdaysPerWeek;
}

/** E[duration]: PERT (min + 4·likely + max)/6, triangular (min + likely + max)/3, uniform (min + max)/2. */
export function durationMean(d: Duration): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'pert':
      return (d.min + 4 * d.likely + d.max) / 6;
    case 'triangular':
      return (d.min + d.likely + d.max) / 3;
    case 'uniform':
      return (d.min + d.max) / 2;
  }
}

/** The interval outside which the CDF is 0 (below) or 1 (above). */
export function durationSupport(d: Duration): [number, number] {
  if (d.dist === 'fixed') return [d.value, d.value];
  if (!(d.min < d.max)) {
    const mean = durationMean(d);
    return [mean, mean];
  }
  return [d.min, d.max];
}

/**
 * P(duration ≤ t). PERT uses the regularized incomplete beta function with
 * α = 1 + 4(likely − min)/(max − min), β = 1 + 4(max − likely)/(max − min).
 *
 * Estimates that lint reports as invalid are made well-defined rather than NaN (max ≤ min becomes a fixed
 * duration at the mean; a likely outside [min, max] is clamped), so analyses of a broken file still finish.
 */
export function durationCdf(d: Duration, t: number): number {
  return cdfOf(d)(t);
}

/** Builds the CDF once per duration, so integration does not recompute PERT's shape constants at every point. */
function cdfOf(d: Duration): (t: number) => number {
  if (d.dist === 'fixed') {
    const value = d.value;
    return (t) => (t >= value ? 1 : 0);
  }
  const { min, max } = d;
  if (!(min < max)) {
    // Invalid (max ≤ min): a fixed duration at the mean, consistent with durationSupport.
    const mean = durationMean(d);
    return (t) => (t >= mean ? 1 : 0);
  }
  const span = max - min;
  if (d.dist === 'uniform') return (t) => (t <= min ? 0 : t >= max ? 1 : (t - min) / span);
  const likely = Math.min(max, Math.max(min, d.likely));
  if (d.dist === 'triangular') {
    return (t) => {
      if (t <= min) return 0;
      if (t >= max) return 1;
      // A span near the underflow limit makes span·(likely − min) 0: the same ratio as two quotients, each ≤ 1.
      if (t < likely) return finiteOr(((t - min) * (t - min)) / (span * (likely - min)), () => ((t - min) / span) * ((t - min) / (likely - min)));
      return 1 - finiteOr(((max - t) * (max - t)) / (span * (max - likely)), () => ((max - t) / span) * ((max - t) / (max - likely)));
    };
  }
  const alpha = 1 + (4 * (likely - min)) / span;
  const beta = 1 + (4 * (max - likely)) / span;
  const logBeta = logGamma(alpha) + logGamma(beta) - logGamma(alpha + beta);
  return (t) => (t <= min ? 0 : t >= max ? 1 : incompleteBeta(alpha, beta, logBeta, (t - min) / span));
}

/** value when finite, else the fallback (computed only then, so well-conditioned inputs keep their exact bits). */
function finiteOr(value: number, fallback: () => number): number {
  return Number.isFinite(value) ? value : fallback();
}

// Lanczos approximation (g = 7, n = 9): about 1e-15 relative for the small arguments PERT needs (1 ≤ α, β ≤ 5).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection, for completeness
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * I_x(a, b), the regularized incomplete beta function (Numerical Recipes' continued fraction, modified Lentz),
 * accurate to about 1e-13 for the parameters PERT produces.
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number): number {
  return incompleteBeta(a, b, logGamma(a) + logGamma(b) - logGamma(a + b), x);
}

/** I_x(a, b) given ln B(a, b). */
function incompleteBeta(a: number, b: number, logBeta: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta);
  // The continued fraction converges fast only below the mean-ish split point; use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const MAX_ITERATIONS = 500;
  const EPS = 1e-16;
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Points where a duration's CDF has a jump or a kink; the integrand is smooth between them. */
function breakpoints(d: Duration): number[] {
  if (d.dist !== 'fixed' && !(d.min < d.max)) return durationSupport(d);
  switch (d.dist) {
    case 'fixed':
      return [d.value];
    case 'uniform':
      return [d.min, d.max];
    default:
      return [d.min, d.likely, d.max];
  }
}

/**
 * Where the largest of the tracks lies, [lo, hi], and its exact expectation where that needs no integration: 0 for
 * no track, the mean of a single one, lo for a point mass.
 */
function maxOfTracksSupport(durations: readonly Duration[]): { lo: number; hi: number; exact: number | undefined } {
  if (durations.length === 0) return { lo: 0, hi: 0, exact: 0 };
  if (durations.length === 1) return { lo: NaN, hi: NaN, exact: durationMean(durations[0]!) };
  let lo = -Infinity;
  let hi = -Infinity;
  for (const d of durations) {
    const [a, b] = durationSupport(d);
    lo = Math.max(lo, a);
    hi = Math.max(hi, b);
  }
  return { lo, hi, exact: hi > lo ? undefined : lo };
}

/**
 * E[max of independent durations] — how long a parallel step lasts on average, its tracks being independent.
 *
 * With F(t) = ∏ F_k(t), F is 0 below L = max_k lo_k, so E[max] = L + ∫_L^H (1 − F(t)) dt with H = max_k hi_k
 * (this also covers negative lows). The integral is split at every breakpoint (min, likely, max, fixed values:
 * the CDF's jumps and kinks) and each piece integrated by adaptive Gauss–Kronrod (7/15), to about 1e-11 relative —
 * or as close as the CDFs' rounding allows (a span of a few ulps of its values), with bounded work: any input finishes
 * in milliseconds. An empty list lasts 0 days; one track is its exact mean.
 */
export function expectedMaxOfTracks(durations: readonly Duration[]): number {
  const { lo, hi, exact } = maxOfTracksSupport(durations);
  if (exact !== undefined) return exact;
  const cuts = new Set<number>([lo, hi]);
  for (const d of durations) for (const x of breakpoints(d)) if (x > lo && x < hi) cuts.add(x);
  const points = [...cuts].sort((x, y) => x - y);
  const cdfs = durations.map(cdfOf);
  const survival = (t: number): number => {
    let product = 1;
    for (const cdf of cdfs) {
      product *= cdf(t);
      if (product === 0) break;
    }
    return 1 - product;
  };
  const tolerance = 1e-11 * Math.max(1, Math.abs(lo), Math.abs(hi));
  let integral = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    integral += adaptiveGaussKronrod(survival, points[i]!, points[i + 1]!, (tolerance * (points[i + 1]! - points[i]!)) / (hi - lo));
  }
  return lo + integral;
}

/**
 * An upper bound of {@link expectedMaxOfTracks} from the tracks' means and variances, without integrating: the smaller
 * of the largest maximum and μ̄ + √((n−1)/n · ((n−1)/n · Σσ² + Σ(μ−μ̄)²)). Why it holds: the largest of n numbers
 * exceeds their average by at most √((n−1)/n · Σ (x − x̄)²); take expectations (Jensen), the tracks being
 * independent. Uses the same distributions as the integration (likely clamped, max ≤ min fixed at the mean), and
 * the same exact answers where the integration needs none (no track, one track, a point mass).
 */
export function expectedMaxOfTracksUpperBound(durations: readonly Duration[]): number {
  const { lo, hi, exact } = maxOfTracksSupport(durations);
  if (exact !== undefined) return exact;
  const n = durations.length;
  const moments = durations.map(meanAndVariance);
  const meanOfMeans = moments.reduce((sum, [mean]) => sum + mean, 0) / n;
  let variances = 0;
  let spread = 0;
  for (const [mean, variance] of moments) {
    variances += variance;
    spread += (mean - meanOfMeans) ** 2;
  }
  const shrink = (n - 1) / n;
  return Math.min(hi, meanOfMeans + Math.sqrt(shrink * (shrink * variances + spread)));
}

/** Mean and variance of the distribution {@link cdfOf} builds for a duration. */
function meanAndVariance(d: Duration): [number, number] {
  if (d.dist === 'fixed') return [d.value, 0];
  const { min, max } = d;
  if (!(min < max)) return [durationMean(d), 0];
  const span = max - min;
  if (d.dist === 'uniform') return [(min + max) / 2, (span * span) / 12];
  const likely = Math.min(max, Math.max(min, d.likely));
  if (d.dist === 'triangular') {
    return [(min + likely + max) / 3, (min * min + likely * likely + max * max - min * likely - min * max - likely * max) / 18];
  }
  const alpha = 1 + (4 * (likely - min)) / span;
  const beta = 1 + (4 * (max - likely)) / span;
  const sum = alpha + beta;
  return [min + (span * alpha) / sum, (span * span * alpha * beta) / (sum * sum * (sum + 1))];
}

// QUADPACK's 15-point Kronrod nodes (positive half, the last one is 0) and weights, and the embedded 7-point Gauss weights.
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.10479001032225018383987632254152,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

function gaussKronrod15(f: (t: number) => number, a: number, b: number): { value: number; error: number } {
  const center = (a + b) / 2;
  const half = (b - a) / 2;
  const fc = f(center);
  let kronrod = fc * WGK[7]!;
  let gauss = fc * WG[3]!;
  for (let j = 0; j < 7; j++) {
    const dx = half * XGK[j]!;
    const sum = f(center - dx) + f(center + dx);
    kronrod += WGK[j]! * sum;
    // Odd Kronrod nodes (1, 3, 5) are the 7-point Gauss nodes.
    if (j % 2 === 1) gauss += WG[(j - 1) / 2]! * sum;
  }
  return { value: kronrod * half, error: Math.abs((kronrod - gauss) * half) };
}

/**
 * GK15 evaluations one adaptive integration spends before it refines less deeply. Smooth pieces need a few dozen;
 * only an integrand whose rounding noise exceeds the tolerance (a span tiny against its values, a density with a
 * near-vertical tangent at an end, a subnormal span, non-finite parameters) would otherwise refine every interval
 * to MAX_DEPTH: 2^40 evaluations, a hang.
 */
const EVALUATION_BUDGET = 2000;
/** Levels the maximal depth drops by each time the budget runs out, so at most 40 / 10 refills follow. */
const DEPTH_STEP = 10;

/**
 * Adaptive bisection with an explicit stack (no recursion); the 7/15 difference is a generous error bound.
 * Work is bounded: an interval is not split when its midpoint is not strictly inside (float resolution), a NaN
 * error (non-finite parameters) is accepted as is, and after every EVALUATION_BUDGET evaluations the maximal depth
 * drops by DEPTH_STEP — inputs within the budget (every well-conditioned one) integrate exactly as before.
 */
function adaptiveGaussKronrod(f: (t: number) => number, a: number, b: number, tolerance: number): number {
  let maxDepth = 40;
  let budget = EVALUATION_BUDGET;
  let total = 0;
  const stack: [number, number, number][] = [[a, b, 0]];
  while (stack.length > 0) {
    const [x, y, depth] = stack.pop()!;
    const { value, error } = gaussKronrod15(f, x, y);
    if (--budget === 0) {
      budget = EVALUATION_BUDGET;
      maxDepth = Math.max(0, maxDepth - DEPTH_STEP);
    }
    const allowed = Math.max((tolerance * (y - x)) / (b - a), Number.EPSILON * Math.abs(value));
    const mid = (x + y) / 2;
    if (error <= allowed || depth >= maxDepth || Number.isNaN(error) || !(x < mid && mid < y)) {
      total += value;
    } else {
      stack.push([x, mid, depth + 1], [mid, y, depth + 1]);
    }
  }
  return total;
}

/** The density of a duration at t (0 outside its support); only called for estimates with min < max. */
function pdfOf(d: Duration): (t: number) => number {
  if (d.dist === 'fixed' || !(d.min < d.max)) return () => 0;
  const { min, max } = d;
  const span = max - min;
  if (d.dist === 'uniform') return (t) => (t < min || t > max ? 0 : 1 / span);
  const likely = Math.min(max, Math.max(min, d.likely));
  if (d.dist === 'triangular') {
    return (t) => {
      if (t <= min || t >= max) return 0;
      return t < likely
        ? finiteOr((2 * (t - min)) / (span * (likely - min)), () => (2 * ((t - min) / (likely - min))) / span)
        : finiteOr((2 * (max - t)) / (span * (max - likely)), () => (2 * ((max - t) / (max - likely))) / span);
    };
  }
  const alpha = 1 + (4 * (likely - min)) / span;
  const beta = 1 + (4 * (max - likely)) / span;
  const logBeta = logGamma(alpha) + logGamma(beta) - logGamma(alpha + beta);
  return (t) => {
    if (t <= min || t >= max) return 0;
    const x = (t - min) / span;
    // (α − 1)·ln x is 0 when α = 1, even where ln x would be −∞.
    const a = alpha === 1 ? 0 : (alpha - 1) * Math.log(x);
    const b = beta === 1 ? 0 : (beta - 1) * Math.log1p(-x);
    return Math.exp(a + b - logBeta) / span;
  };
}

/**
 * How E[max of independent durations] moves when one track's whole distribution shifts later by one day (its
 * min, likely and max, hence its mean, each +1): d E[max] / d shift_k = P(track k is the longest), its
 * criticality. For a continuous track it is ∫ f_k(t) ∏_{l≠k} F_l(t) dt, integrated like {@link expectedMaxOfTracks};
 * for a fixed track at v it is ∏_{l≠k} F_l(v) — the right derivative when it ties with another fixed track.
 * One entry per duration, in order; a single track is 1.
 */
export function expectedMaxShiftDerivatives(durations: readonly Duration[]): number[] {
  if (durations.length === 1) return [1];
  const cdfs = durations.map(cdfOf);
  const othersAt = (k: number, t: number): number => {
    let product = 1;
    for (let l = 0; l < cdfs.length && product !== 0; l++) if (l !== k) product *= cdfs[l]!(t);
    return product;
  };
  return durations.map((d, k) => {
    const [lo, hi] = durationSupport(d);
    if (!(hi > lo)) return othersAt(k, lo);
    // A span so narrow that the density (at most 2 / span) overflows: a point mass at the mean, as far as doubles can tell.
    if (!Number.isFinite(2 / (hi - lo))) return othersAt(k, durationMean(d));
    const density = pdfOf(d);
    const cuts = new Set<number>([lo, hi]);
    for (const other of durations) for (const x of breakpoints(other)) if (x > lo && x < hi) cuts.add(x);
    const points = [...cuts].sort((x, y) => x - y);
    const integrand = (t: number): number => density(t) * othersAt(k, t);
    let integral = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      integral += adaptiveGaussKronrod(integrand, points[i]!, points[i + 1]!, (1e-12 * (points[i + 1]! - points[i]!)) / (hi - lo));
    }
    return integral;
  });
}

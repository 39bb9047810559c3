/** Duration samplers compiled to flat typed arrays: fixed, uniform, triangular (inverse CDF) and PERT-beta (exact table method). */
import { logGamma, regularizedIncompleteBeta } from '../model/duration.js';
import type { Duration } from '../model/types.js';
import type { Xoshiro128 } from './rng.js';

/** Sampler kinds, as stored in {@link SamplerTable.kinds}. */
export const FIXED = 0;
export const UNIFORM = 1;
export const TRIANGULAR = 2;
export const PERT = 3;

/** Parameters per sampler in {@link SamplerTable.params}. */
export const PARAMS = 4;

/**
 * PERT tables split [0, 1] into 2^10 cells of equal Beta probability. More cells make the uniform "rectangle"
 * inside a cell cover more of the density (fewer slow-path draws) but cost set-up time and cache; at 1,024 cells
 * about 99.5% of draws take the fast path on the bundled processes.
 */
const CELL_BITS = 10;
export const PERT_CELLS = 1 << CELL_BITS;
const FRACTION_BITS = 32 - CELL_BITS;
const FRACTION_SCALE = 2 ** -FRACTION_BITS;
const FRACTION_MASK = (1 << FRACTION_BITS) - 1;
const TWO_POW_MINUS_32 = 2 ** -32;
/** Doubles per cell: [t0, dt / r, r, fHi] (see {@link buildPertShape}); `fromBits` shifts by 2 for it. */
const CELL = 4;
/** Doubles before the cells: [α − 1, β − 1, ln B(α, β), 0]. */
const HEADER = 4;
const PERT_TABLE_LENGTH = HEADER + (PERT_CELLS + 1) * CELL;

/**
 * Every duration of a process as plain data, so it can be built once and posted to worker threads.
 *
 * `params` holds four numbers per sampler:
 * - FIXED: [value]
 * - UNIFORM: [min, max − min]
 * - TRIANGULAR: [min, max, max − min, (likely − min)/(max − min)]
 * - PERT: [min, max − min, offset of the shape's first cell in `pert`, offset of its header]
 */
export interface SamplerTable {
  readonly kinds: Uint8Array;
  readonly params: Float64Array;
  /** The PERT shape tables, one per distinct (α, β), back to back. */
  readonly pert: Float64Array;
}

/** Collects durations into a {@link SamplerTable}; PERT shapes are tabulated once per distinct (α, β). */
export class SamplerTableBuilder {
  private readonly kinds: number[] = [];
  private readonly params: number[] = [];
  private readonly shapes = new Map<string, number>();
  private readonly tables: Float64Array[] = [];

  /** Adds a duration and returns its sampler id; `undefined` (an absent `within`) is a fixed 0. */
  add(duration: Duration | undefined): number {
    const id = this.kinds.length;
    const d: Duration = duration ?? { dist: 'fixed', value: 0 };
    if (d.dist === 'fixed') return this.push(FIXED, d.value, 0, 0, 0);
    const { min, max } = d;
    // As in the model's CDFs: an estimate lint reports as invalid (max ≤ min) is a fixed duration at its mean.
    if (!(min < max)) {
      const mean = d.dist === 'uniform' ? (min + max) / 2 : d.dist === 'triangular' ? (min + d.likely + max) / 3 : (min + 4 * d.likely + max) / 6;
      return this.push(FIXED, mean, 0, 0, 0);
    }
    const span = max - min;
    if (d.dist === 'uniform') return this.push(UNIFORM, min, span, 0, 0);
    const likely = Math.min(max, Math.max(min, d.likely));
    if (d.dist === 'triangular') return this.push(TRIANGULAR, min, max, span, (likely - min) / span);
    const alpha = 1 + (4 * (likely - min)) / span;
    const beta = 1 + (4 * (max - likely)) / span;
    const key = `${alpha},${beta}`;
    let header = this.shapes.get(key);
    if (header === undefined) {
      header = this.tables.length * PERT_TABLE_LENGTH;
      this.tables.push(buildPertShape(alpha, beta));
      this.shapes.set(key, header);
    }
    this.push(PERT, min, span, header + HEADER, header);
    return id;
  }

  build(): SamplerTable {
    const pert = new Float64Array(this.tables.length * PERT_TABLE_LENGTH);
    this.tables.forEach((table, i) => pert.set(table, i * PERT_TABLE_LENGTH));
    return { kinds: Uint8Array.from(this.kinds), params: Float64Array.from(this.params), pert };
  }

  private push(kind: number, a: number, b: number, c: number, d: number): number {
    this.kinds.push(kind);
    this.params.push(a, b, c, d);
    return this.kinds.length - 1;
  }
}

/**
 * Draws durations from a {@link SamplerTable} with one generator.
 *
 * - fixed: no draw; uniform: min + span·U; triangular: its closed-form inverse CDF (one draw and a square root).
 * - PERT-beta, exactly, with usually ONE 32-bit draw: the top 10 bits pick one of 1,024 cells of equal
 *   probability (their boundaries are the Beta quantiles, computed once by Newton's method on the regularized
 *   incomplete beta function). Inside a cell the density f lies between fLo and fHi (f is unimodal, so those
 *   are its values at the ends or the mode). The cell's probability splits into a rectangle, fLo × width,
 *   sampled uniformly with the remaining 22 bits (this is the fast path, taken with probability r =
 *   fLo·width/cell probability, about 0.995), and the cap above it, sampled by rejection under f (the slow path).
 *   The mixture has density exactly f — unlike two Gamma draws (Marsaglia–Tsang: about four draws, a normal
 *   and a logarithm per Beta variate), it costs little more than the generator itself, which is what lets a
 *   deal-step cost a few draws. Beta(α, β) with α, β ≥ 1 (always so for PERT) has a bounded density, so the
 *   rejection is well defined; its acceptance is above 1/5 even in the first cell of α = 5.
 *
 * Resolution: a cell is sampled in 2^22 steps, the run as a whole in 2^32 — far below any business-day precision.
 */
export class DurationSampler {
  private readonly kinds: Uint8Array;
  private readonly params: Float64Array;
  private readonly pert: Float64Array;
  /** Per PERT sampler, the offset of its first cell in `pert`, as an integer for cheap indexing. */
  private readonly cellsAt: Int32Array;

  constructor(
    table: SamplerTable,
    readonly rng: Xoshiro128,
  ) {
    this.kinds = table.kinds;
    this.params = table.params;
    this.pert = table.pert;
    this.cellsAt = Int32Array.from(table.kinds, (kind, id) => (kind === PERT ? table.params[id * PARAMS + 2]! : 0));
  }

  /** One draw of sampler `id`, in business days, from the sampler's generator. */
  sample(id: number): number {
    return this.kinds[id] === FIXED ? this.params[id * PARAMS]! : this.fromBits(id, this.rng.nextU32() | 0);
  }

  /**
   * Sampler `id` given 32 random bits (as an int32), for the simulation loop, which draws its bits in blocks.
   * Small so V8 inlines it; the PERT fast path comes first because it is the common case. A fixed duration
   * ignores the bits (the loop does not spend a draw on one).
   */
  fromBits(id: number, bits: number): number {
    const o = id * PARAMS;
    const params = this.params;
    const kind = this.kinds[id];
    if (kind === PERT) {
      const cell = this.cellsAt[id]! + ((bits >>> FRACTION_BITS) << 2);
      const pert = this.pert;
      const v = ((bits & FRACTION_MASK) + 0.5) * FRACTION_SCALE;
      const t = v < pert[cell + 2]! ? pert[cell]! + v * pert[cell + 1]! : this.capDraw(cell, id);
      return params[o]! + params[o + 1]! * t;
    }
    if (kind === FIXED) return params[o]!;
    const u = ((bits >>> 0) + 0.5) * TWO_POW_MINUS_32;
    if (kind === UNIFORM) return params[o]! + params[o + 1]! * u;
    const c = params[o + 3]!;
    return u < c ? params[o]! + params[o + 2]! * Math.sqrt(u * c) : params[o + 1]! - params[o + 2]! * Math.sqrt((1 - u) * (1 - c));
  }

  /** The slow path: a point under f and above fLo in the cell, by rejection from the box [t0, t1] × [fLo, fHi]. */
  private capDraw(cell: number, id: number): number {
    const pert = this.pert;
    const header = this.params[id * PARAMS + 3]!;
    const t0 = pert[cell]!;
    const width = pert[cell + CELL]! - t0;
    const r = pert[cell + 2]!;
    const fHi = pert[cell + 3]!;
    const fLo = (r * PERT_CELL_PROBABILITY) / width;
    const am1 = pert[header]!;
    const bm1 = pert[header + 1]!;
    const logBeta = pert[header + 2]!;
    for (;;) {
      const t = t0 + width * this.rng.nextDouble();
      const y = fLo + (fHi - fLo) * this.rng.nextDouble();
      if (y <= betaDensity(t, am1, bm1, logBeta)) return t;
    }
  }
}

const PERT_CELL_PROBABILITY = 1 / PERT_CELLS;

/** The Beta(α, β) density at t, from α − 1, β − 1 and ln B(α, β); a zero exponent contributes 1 even at 0. */
function betaDensity(t: number, am1: number, bm1: number, logBeta: number): number {
  let log = -logBeta;
  if (am1 !== 0) log += am1 * Math.log(t);
  if (bm1 !== 0) log += bm1 * Math.log1p(-t);
  return Math.exp(log);
}

/**
 * The table of one Beta(α, β) shape (α, β ≥ 1): a header [α − 1, β − 1, ln B, 0], then per cell i
 * [t_i, (t_{i+1} − t_i)/r_i, r_i, fHi_i], then a sentinel cell whose t is 1. t_i is the i/1024 quantile;
 * r_i = fLo_i·(t_{i+1} − t_i)·1024 ≤ 1 is the share of the cell's probability under the rectangle.
 * fLo and fHi are nudged by 1e-12 (relative) outwards so rounding in f never makes the bounds wrong.
 */
export function buildPertShape(alpha: number, beta: number): Float64Array {
  const table = new Float64Array(PERT_TABLE_LENGTH);
  const am1 = alpha - 1;
  const bm1 = beta - 1;
  const logBeta = logGamma(alpha) + logGamma(beta) - logGamma(alpha + beta);
  table[0] = am1;
  table[1] = bm1;
  table[2] = logBeta;
  const density = (t: number): number => betaDensity(t, am1, bm1, logBeta);
  const nodes = new Float64Array(PERT_CELLS + 1);
  nodes[PERT_CELLS] = 1;
  for (let i = 1; i < PERT_CELLS; i++) nodes[i] = betaQuantile(alpha, beta, i / PERT_CELLS, nodes[i - 1]!, density);
  const mode = am1 + bm1 > 0 ? am1 / (am1 + bm1) : 0.5;
  for (let i = 0; i <= PERT_CELLS; i++) {
    const at = HEADER + i * CELL;
    const t0 = nodes[i]!;
    table[at] = t0;
    if (i === PERT_CELLS) break;
    const t1 = nodes[i + 1]!;
    const width = t1 - t0;
    const f0 = density(t0);
    const f1 = density(t1);
    let fHi = Math.max(f0, f1);
    if (mode > t0 && mode < t1) fHi = Math.max(fHi, density(mode));
    const fLo = Math.min(f0, f1) * (1 - 1e-12);
    const r = width > 0 ? Math.min(1, fLo * width * PERT_CELLS) : 0;
    table[at + 1] = r > 0 ? width / r : 0;
    table[at + 2] = r;
    table[at + 3] = fHi * (1 + 1e-12);
  }
  return table;
}

/** The p-quantile of Beta(α, β) above `lower` (a known smaller quantile): safeguarded Newton on I_t(α, β). */
function betaQuantile(alpha: number, beta: number, p: number, lower: number, density: (t: number) => number): number {
  let lo = lower;
  let hi = 1;
  const fLower = density(lower);
  // From the previous quantile, one cell further along the density: usually within a few ulps after 2–3 steps.
  let t = fLower > 0 ? Math.min(lower + 1 / PERT_CELLS / fLower, (lower + 1) / 2) : (lower + 1) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const error = regularizedIncompleteBeta(alpha, beta, t) - p;
    if (error === 0) return t;
    if (error > 0) hi = t;
    else lo = t;
    const f = density(t);
    let next = f > 0 ? t - error / f : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    // Newton's error after a step of size s is about s²·|f'/2f| ≤ s²/min(t, 1 − t) for PERT's shapes: a step
    // below 1e-9·min(t, 1 − t) leaves an error below 1e-18, under the incomplete beta's own accuracy.
    else if (Math.abs(next - t) <= 1e-9 * Math.min(t, 1 - t)) return next;
    if (hi - lo <= 4e-16) return next;
    t = next;
  }
  return t;
}

/** Duration samplers as flat tables: every kind (fixed, uniform, triangular, PERT-beta) drawn exactly from one 32-bit draw. */
import { logGamma, regularizedIncompleteBeta } from '../model/duration.js';
import type { Duration } from '../model/types.js';
import type { Xoshiro128 } from './rng.js';

/** Sampler kinds, as stored in {@link SamplerTable.kinds} (for descriptions and tests; sampling does not branch on them). */
export const FIXED = 0;
export const UNIFORM = 1;
export const TRIANGULAR = 2;
export const PERT = 3;

/**
 * Shape tables split [0, 1] into 2^10 cells of equal probability. More cells make the "rectangle" inside a cell
 * cover more of the density (fewer slow-path draws) but cost set-up time and cache; at 1,024 cells about 99.5%
 * of PERT draws take the fast path.
 */
const CELL_BITS = 10;
export const CELLS = 1 << CELL_BITS;
const FRACTION_BITS = 32 - CELL_BITS;
const FRACTION_MASK = (1 << FRACTION_BITS) - 1;
const FRACTION_SCALE = 2 ** -FRACTION_BITS;
const CELL_PROBABILITY = 1 / CELLS;
/** Doubles per cell: [t0, width / r, r, fHi]; `draw` shifts the cell number by 2 for it. */
const CELL = 4;
/** Doubles before the cells, describing the density for the slow path: see {@link shapeDensity}. */
const HEADER = 4;
const SHAPE_LENGTH = HEADER + (CELLS + 1) * CELL;
/** Header tags: the first header double. */
const BETA_SHAPE = 1;
const TRIANGLE_SHAPE = 2;
const FLAT_SHAPE = 3;

/**
 * Every duration of a process as plain data, built once and posted as is to worker threads. Sampler `id` draws
 * t from shape table `shapes[shapeAt[id] …]` (a distribution on [0, 1]) and returns `low[id] + span[id] · t`.
 */
export interface SamplerTable {
  readonly kinds: Uint8Array;
  readonly low: Float64Array;
  readonly span: Float64Array;
  /** Offset of the sampler's shape (its header) in `shapes`. */
  readonly shapeAt: Int32Array;
  /** The shape tables back to back, one per distinct shape. */
  readonly shapes: Float64Array;
}

/** Shapes built, by key, shared by every builder (they are only read): a stage-time quantile per stage builds the same beta tables. */
const knownShapes = new Map<string, Float64Array>();
/** Past this many the shapes are forgotten: a process has a few dozen distinct durations. */
const KNOWN_SHAPES = 1024;

/**
 * Collects durations into a {@link SamplerTable}. Shapes are tabulated once per distinct shape: one for every
 * fixed duration, one for every uniform, one per triangular mode and one per PERT (α, β).
 */
export class SamplerTableBuilder {
  private readonly kinds: number[] = [];
  private readonly low: number[] = [];
  private readonly span: number[] = [];
  private readonly shapeAt: number[] = [];
  private readonly shapeIndex = new Map<string, number>();
  private readonly tables: Float64Array[] = [];

  /** Adds a duration and returns its sampler id; `undefined` (an absent `within`) is a fixed 0. */
  add(duration: Duration | undefined): number {
    const d: Duration = duration ?? { dist: 'fixed', value: 0 };
    if (d.dist === 'fixed') return this.push(FIXED, d.value, 0, 'fixed', flatShape);
    const { min, max } = d;
    // As in the model's CDFs: an estimate lint reports as invalid (max ≤ min) is a fixed duration at its mean.
    if (!(min < max)) {
      const mean = d.dist === 'uniform' ? (min + max) / 2 : d.dist === 'triangular' ? (min + d.likely + max) / 3 : (min + 4 * d.likely + max) / 6;
      return this.push(FIXED, mean, 0, 'fixed', flatShape);
    }
    const span = max - min;
    if (d.dist === 'uniform') return this.push(UNIFORM, min, span, 'uniform', uniformShape);
    const likely = Math.min(max, Math.max(min, d.likely));
    if (d.dist === 'triangular') {
      const mode = (likely - min) / span;
      return this.push(TRIANGULAR, min, span, `triangular ${mode}`, () => triangularShape(mode));
    }
    const alpha = 1 + (4 * (likely - min)) / span;
    const beta = 1 + (4 * (max - likely)) / span;
    return this.push(PERT, min, span, `beta ${alpha} ${beta}`, () => betaShape(alpha, beta));
  }

  build(): SamplerTable {
    const shapes = new Float64Array(this.tables.length * SHAPE_LENGTH);
    this.tables.forEach((table, i) => shapes.set(table, i * SHAPE_LENGTH));
    return {
      kinds: Uint8Array.from(this.kinds),
      low: Float64Array.from(this.low),
      span: Float64Array.from(this.span),
      shapeAt: Int32Array.from(this.shapeAt),
      shapes,
    };
  }

  private push(kind: number, low: number, span: number, key: string, build: () => Float64Array): number {
    let index = this.shapeIndex.get(key);
    if (index === undefined) {
      index = this.tables.length;
      let table = knownShapes.get(key);
      if (table === undefined) {
        if (knownShapes.size >= KNOWN_SHAPES) knownShapes.clear();
        knownShapes.set(key, (table = build()));
      }
      this.tables.push(table);
      this.shapeIndex.set(key, index);
    }
    this.kinds.push(kind);
    this.low.push(low);
    this.span.push(span);
    this.shapeAt.push(index * SHAPE_LENGTH);
    return this.kinds.length - 1;
  }
}

/**
 * Draws durations from a {@link SamplerTable}, exactly, with usually ONE 32-bit draw whatever the kind.
 *
 * Each shape is split into 1,024 cells of equal probability (boundaries: the distribution's quantiles — closed
 * form for uniform and triangular, Newton's method on the regularized incomplete beta function for PERT). The
 * top 10 bits of the draw pick a cell. Inside it the density f lies between fLo and fHi (f is unimodal, so those
 * are its values at the ends or the mode); the cell's probability splits into a rectangle, fLo × width, sampled
 * uniformly with the remaining 22 bits (the fast path: probability r = fLo·width·1,024, which is 1 for uniform
 * and about 0.995 for PERT), and the cap above it, sampled by rejection under f with fresh draws straight from
 * the generator (the slow path). The mixture has density exactly f, up to the draw's resolution. Compared with
 * Beta from two Gamma variates (Marsaglia–Tsang: about four draws, a normal and a logarithm per sample), a sample
 * costs little more than the draw itself, and the hot path has no branch on the kind — which lets V8 inline it
 * wherever the simulation loop samples.
 *
 * Beta(α, β) with α, β ≥ 1 (always so for PERT) and the triangle have bounded densities, so the rejection is
 * well defined; its acceptance is above 1/5 even in PERT's worst first cell (α = 5). Resolution: 2^22 steps per
 * cell, 2^32 over the whole range — far below any business-day precision.
 */
export class DurationSampler {
  /** [low, span] per sampler, side by side: one cache line for both. */
  private readonly scale: Float64Array;
  /** Per sampler, the offset of its shape's first cell. */
  private readonly cellsAt: Int32Array;
  private readonly shapes: Float64Array;
  private readonly capResult = new Float64Array(1);

  constructor(
    table: SamplerTable,
    readonly rng: Xoshiro128,
  ) {
    this.scale = new Float64Array(2 * table.low.length);
    table.low.forEach((low, id) => {
      this.scale[2 * id] = low;
      this.scale[2 * id + 1] = table.span[id]!;
    });
    this.cellsAt = table.shapeAt.map((at) => at + HEADER);
    this.shapes = table.shapes;
  }

  /** One draw of sampler `id`, in business days, from the sampler's generator. */
  sample(id: number): number {
    return this.draw(id, this.rng.nextU32() | 0);
  }

  /** Sampler `id` given 32 random bits (as an int32): the top 10 pick the cell, the other 22 the point in it. */
  draw(id: number, bits: number): number {
    return this.drawInCell(id, bits >>> FRACTION_BITS, ((bits & FRACTION_MASK) + 0.5) * FRACTION_SCALE);
  }

  /**
   * Sampler `id` in cell `cell` (0 … 1,023) at fraction f ∈ [0, 1) of the cell's probability: for callers that
   * hold the uniform as a double (the simulation kernel's `within`s, see engine.ts). Small and branch-light so V8
   * inlines it at every call site.
   */
  drawInCell(id: number, cell: number, f: number): number {
    const shapes = this.shapes;
    const at = this.cellsAt[id]! + (cell << 2);
    let t: number;
    if (f < shapes[at + 2]!) t = shapes[at]! + f * shapes[at + 1]!;
    else {
      // The slow path leaves its result in a Float64Array rather than returning it: a call's return value is a
      // boxed number, and merging it with the fast path's would make V8 box every draw (measured: 25% slower).
      this.capDraw(at, this.cellsAt[id]! - HEADER);
      t = this.capResult[0]!;
    }
    const scale = this.scale;
    return scale[2 * id]! + scale[2 * id + 1]! * t;
  }

  /** The slow path: a point under f and above fLo in the cell, by rejection from the box [t0, t1] × [fLo, fHi]. */
  private capDraw(cell: number, header: number): void {
    const shapes = this.shapes;
    const t0 = shapes[cell]!;
    const width = shapes[cell + CELL]! - t0;
    const r = shapes[cell + 2]!;
    const fHi = shapes[cell + 3]!;
    const fLo = (r * CELL_PROBABILITY) / width;
    for (;;) {
      const t = t0 + width * this.rng.nextDouble();
      const y = fLo + (fHi - fLo) * this.rng.nextDouble();
      if (y <= shapeDensity(shapes, header, t)) {
        this.capResult[0] = t;
        return;
      }
    }
  }
}

/** The density at t of the shape whose header is at `header`. */
function shapeDensity(shapes: Float64Array, header: number, t: number): number {
  const tag = shapes[header];
  if (tag === BETA_SHAPE) return betaDensity(t, shapes[header + 1]!, shapes[header + 2]!, shapes[header + 3]!);
  if (tag === TRIANGLE_SHAPE) return triangleDensity(t, shapes[header + 1]!);
  return 1;
}

/** The Beta(α, β) density at t, from α − 1, β − 1 and ln B(α, β); a zero exponent contributes 1 even at 0. */
function betaDensity(t: number, am1: number, bm1: number, logBeta: number): number {
  let log = -logBeta;
  if (am1 !== 0) log += am1 * Math.log(t);
  if (bm1 !== 0) log += bm1 * Math.log1p(-t);
  return Math.exp(log);
}

/** The triangular density on [0, 1] with its mode at c. */
function triangleDensity(t: number, c: number): number {
  if (t < c) return (2 * t) / c;
  return c === 1 ? 2 * t : (2 * (1 - t)) / (1 - c);
}

/** The flat shape of every fixed duration: t = 0 always (the sampler's span is 0 anyway), never the slow path. */
function flatShape(): Float64Array {
  const table = new Float64Array(SHAPE_LENGTH);
  table[0] = FLAT_SHAPE;
  for (let i = 0; i < CELLS; i++) table[HEADER + i * CELL + 2] = 1;
  return table;
}

/** Uniform on [0, 1]: cells of width 1/1,024, density 1, always the fast path. */
function uniformShape(): Float64Array {
  return tabulate([FLAT_SHAPE, 0, 0, 0], (p) => p, () => 1, 0.5);
}

/** Triangular on [0, 1] with mode c: closed-form quantiles. */
function triangularShape(c: number): Float64Array {
  return tabulate(
    [TRIANGLE_SHAPE, c, 0, 0],
    (p) => (p <= c ? Math.sqrt(p * c) : 1 - Math.sqrt((1 - p) * (1 - c))),
    (t) => triangleDensity(t, c),
    c,
  );
}

/** Beta(α, β), α, β ≥ 1, as PERT uses it. */
export function betaShape(alpha: number, beta: number): Float64Array {
  const am1 = alpha - 1;
  const bm1 = beta - 1;
  const logBeta = logGamma(alpha) + logGamma(beta) - logGamma(alpha + beta);
  const density = (t: number): number => betaDensity(t, am1, bm1, logBeta);
  const mode = am1 + bm1 > 0 ? am1 / (am1 + bm1) : 0.5;
  return tabulate([BETA_SHAPE, am1, bm1, logBeta], (p, lower, guess) => betaQuantile(alpha, beta, p, lower, guess, density), density, mode);
}

/**
 * A shape table: the header, then per cell i [t_i, (t_{i+1} − t_i)/r_i, r_i, fHi_i], then a sentinel cell whose
 * t is 1. t_i is the i/1,024 quantile; r_i = fLo_i·(t_{i+1} − t_i)·1,024 ≤ 1 is the share of the cell's
 * probability under the rectangle. fLo and fHi are nudged outwards by 1e-12 (relative) so rounding in f never
 * makes the bounds wrong.
 */
function tabulate(
  header: readonly number[],
  quantile: (p: number, lower: number, guess: number) => number,
  density: (t: number) => number,
  mode: number,
): Float64Array {
  const table = new Float64Array(SHAPE_LENGTH);
  table.set(header);
  const nodes = new Float64Array(CELLS + 1);
  nodes[CELLS] = 1;
  for (let i = 1; i < CELLS; i++) {
    // Cubic extrapolation from the last three quantiles (equally spaced in p): a guess Newton needs one step from.
    const guess = i >= 4 ? 3 * nodes[i - 1]! - 3 * nodes[i - 2]! + nodes[i - 3]! : NaN;
    nodes[i] = quantile(i / CELLS, nodes[i - 1]!, guess);
  }
  for (let i = 0; i <= CELLS; i++) {
    const at = HEADER + i * CELL;
    const t0 = nodes[i]!;
    table[at] = t0;
    if (i === CELLS) break;
    const t1 = nodes[i + 1]!;
    const width = t1 - t0;
    const f0 = density(t0);
    const f1 = density(t1);
    let fHi = Math.max(f0, f1);
    if (mode > t0 && mode < t1) fHi = Math.max(fHi, density(mode));
    const fLo = Math.min(f0, f1) * (1 - 1e-12);
    const r = width > 0 ? Math.min(1, fLo * width * CELLS) : 0;
    table[at + 1] = r > 0 ? width / r : 0;
    table[at + 2] = r;
    table[at + 3] = fHi * (1 + 1e-12);
  }
  return table;
}

/**
 * The p-quantile of Beta(α, β) above `lower` (a known smaller quantile): safeguarded Newton on I_t(α, β), from
 * `guess` when it lies above `lower`, else from one cell further along the density.
 */
function betaQuantile(alpha: number, beta: number, p: number, lower: number, guess: number, density: (t: number) => number): number {
  let lo = lower;
  let hi = 1;
  let t = guess;
  if (!(t > lower && t < 1)) {
    const fLower = density(lower);
    t = fLower > 0 ? Math.min(lower + CELL_PROBABILITY / fLower, (lower + 1) / 2) : (lower + 1) / 2;
  }
  for (let iteration = 0; iteration < 200; iteration++) {
    const error = regularizedIncompleteBeta(alpha, beta, t) - p;
    if (error === 0) return t;
    if (error > 0) hi = t;
    else lo = t;
    const f = density(t);
    let next = f > 0 ? t - error / f : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    // Newton's error after a step of size s is about s²·|f'/2f| ≤ 2s²/min(t, 1 − t) for PERT's shapes (α, β ≤ 5):
    // s² ≤ 1e-14·min(t, 1 − t) leaves an error below 2e-14, near the incomplete beta's own accuracy and far below
    // what would matter (a cell's probability moves by f × the error, 1e-10 of it).
    else if ((next - t) * (next - t) <= 1e-14 * Math.min(t, 1 - t)) return next;
    if (hi - lo <= 4e-16) return next;
    t = next;
  }
  return t;
}

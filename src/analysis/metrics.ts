/** Exact cycle metrics: win probability, expected won-cycle length and expected time to an outcome, per step. */
import { durationMean, expectedMaxOfTracks, expectedMaxOfTracksUpperBound } from '../model/duration.js';
import type { Duration, Process, Step } from '../model/types.js';
import { buildStepGraph, stronglyConnectedComponents } from './graph.js';

/** The derived numbers of one step (see "Numbers spx derives" in the format contract). */
export interface StepMetrics {
  readonly id: string;
  /** h(i): expected duration of the step (a parallel step: E[max of its tracks]). */
  readonly expectedDuration: number;
  /** w(i): probability of reaching a won outcome from the start of this step. */
  readonly winProbability: number;
  /** u(i): E[time to won · 1{won}] from the start of this step. */
  readonly wonTimeMass: number;
  /** E[cycle | won] from the start of this step = u(i)/w(i); undefined when w(i) = 0. */
  readonly expectedCycleWon: number | undefined;
  /** m(i): expected time to any outcome; Infinity when a deal here may never reach one. */
  readonly expectedTimeToOutcome: number;
  /** d(i): probability of ending in a `disqualified` outcome from here (0 in a process without one). */
  readonly disqualifiedProbability: number;
  /** w(i) / (1 − d(i)): the win probability of the deals from here that turn out to be opportunities. */
  readonly qualifiedWinProbability: number;
  /** E[time to an outcome | not disqualified] from here = (m(i) − v(i)) / (1 − d(i)), v(i) = E[time · 1{disqualified}]. */
  readonly qualifiedTimeToOutcome: number;
}

/** Process-level metrics, plus every step's. */
export interface Metrics {
  /** w(start). */
  readonly winRate: number;
  /** u(start)/w(start); undefined when no deal can be won. */
  readonly expectedCycleWon: number | undefined;
  /** m(start). */
  readonly expectedTimeToOutcome: number;
  /** d(start): the share of deals that end `disqualified` (not opportunities); 0 in a process without one. */
  readonly disqualifiedRate: number;
  /**
   * P(won | not disqualified) = w(start) / (1 − d(start)): the win rate of qualified opportunities. Equal to
   * `winRate` in a process without disqualified outcomes. (Won deals are qualified, so E[cycle | won] is the same.)
   */
  readonly qualifiedWinRate: number;
  /** E[time to an outcome | not disqualified] from start. */
  readonly qualifiedTimeToOutcome: number;
  /** By step id, in file order. */
  readonly steps: ReadonlyMap<string, StepMetrics>;
}

/** Probability mass that may go missing from a step before we call it a leak (the probability-sum tolerance). */
const LEAK_TOLERANCE = 1e-6;
/** Pivots below this make a component's system singular (only possible when probabilities sum above 1). */
const SINGULAR_PIVOT = 1e-12;

/** E[max] of a parallel step is a numerical integration; metrics, paths and lint all ask for it, so keep it. */
const parallelExpectation = new WeakMap<Step, number>();

/** h(i): E[duration] of a step, or E[max of its tracks] for a parallel step. */
export function stepExpectedDuration(step: Step): number {
  if (step.parallel.length === 0) return step.duration === undefined ? 0 : durationMean(step.duration);
  let h = parallelExpectation.get(step);
  if (h === undefined) {
    h = expectedMaxOfTracks(step.parallel.map((track) => track.duration));
    parallelExpectation.set(step, h);
  }
  return h;
}

/** g: E[within] of a transition; an absent `within` is 0. */
export function expectedWithin(within: Duration | undefined): number {
  return within === undefined ? 0 : durationMean(within);
}

/** A step's transitions, resolved and aggregated once. */
interface Row {
  /** Transitions to steps with p > 0: target index, p, g. */
  readonly to: number[];
  readonly p: number[];
  readonly g: number[];
  /** Σ p over target (won) outcomes, Σ p·g over target outcomes, Σ p·g over all outcomes. */
  bWon: number;
  bWonG: number;
  bAllG: number;
  /** Some p > 0 goes to an outcome. */
  toOutcome: boolean;
  /** p going nowhere known (missing mass, unknown targets): a deal may end without an outcome. */
  leaks: boolean;
}

/**
 * The linear system shared by the component solvers: each step's row and own cost h, and the
 * unknowns w (win probability), u (won-time mass) and m (time to an outcome), filled in as components are solved.
 */
interface System {
  readonly rows: readonly Row[];
  readonly h: Float64Array;
  readonly w: Float64Array;
  readonly u: Float64Array;
  readonly m: Float64Array;
}

/**
 * Solves the contract's three linear systems exactly:
 *
 * - w(i) = b(i→won) + Σ_j P(i→j)·w(j)
 * - u(i) = h(i)·w(i) + Σ_j P(i→j)·(g(i→j)·w(j) + u(j)) + b(i→won)·g(i→won)
 * - m(i) = h(i) + Σ_j P(i→j)·(g(i→j) + m(j)) + Σ_o b(i→o)·g(i→o)
 *
 * Every outcome whose result is `won` counts as won; transitions with p = 0 contribute nothing. The systems are
 * solved one strongly connected component at a time, sinks first, so an acyclic process costs linear time: a
 * single step is direct substitution (x = rhs / (1 − p_ii) with a self-loop), a larger component is dense Gaussian
 * elimination with partial pivoting on that component only.
 *
 * Degenerate cases are decided structurally rather than numerically: w = u = 0 exactly where no won outcome is
 * reachable; m = Infinity where some reachable step can reach no outcome, or loses probability mass (its p sum
 * below 1 − 1e-6, or a transition to an unknown id). If probabilities summing above 1 make a component's system
 * singular, its w and u are NaN and m is Infinity (lint reports probability-sum for such files).
 */
export function computeMetrics(process: Process): Metrics {
  return metricsWith(process, stepExpectedDuration);
}

/** Metrics that bound the exact ones without integrating any parallel step's E[max]; see {@link computeMetricsUpperBound}. */
export interface MetricsUpperBound {
  /**
   * {@link computeMetrics}'s numbers with each parallel step's E[max] replaced by an upper bound: the win, qualified
   * win and disqualified rates are the exact ones (durations never enter them); times are at least the exact ones
   * when `timesAreUpperBounds`.
   */
  readonly metrics: Metrics;
  /** No step's probabilities sum above 1, so every expected time grows with every step's duration. */
  readonly timesAreUpperBounds: boolean;
}

/**
 * The metrics with each parallel step's E[max of its tracks] replaced by a closed-form upper bound
 * ({@link expectedMaxOfTracksUpperBound}). u(i) and m(i) grow with every h(i) (their coefficients w, p and
 * (I − P)⁻¹ are ≥ 0 where no step's probabilities sum above 1), so E[cycle | won] here is at least the exact one:
 * a target it meets, the exact model meets too, and lint skips the integration (milliseconds of a cold start).
 */
export function computeMetricsUpperBound(process: Process): MetricsUpperBound {
  let timesAreUpperBounds = true;
  for (const step of process.steps.values()) {
    let total = 0;
    for (const t of step.next) if (t.p > 0) total += t.p;
    if (!(total <= 1)) timesAreUpperBounds = false;
  }
  return { metrics: metricsWith(process, stepExpectedDurationUpperBound), timesAreUpperBounds };
}

/** h(i), or for a parallel step whose E[max] is not known yet an upper bound of it. */
function stepExpectedDurationUpperBound(step: Step): number {
  if (step.parallel.length === 0) return stepExpectedDuration(step);
  return parallelExpectation.get(step) ?? expectedMaxOfTracksUpperBound(step.parallel.map((track) => track.duration));
}

function metricsWith(process: Process, stepCost: (step: Step) => number): Metrics {
  const metrics = solveMetrics(process, stepCost, expectedWithin);
  if (![...process.outcomes.values()].some((o) => o.result === 'disqualified')) return metrics;
  // The same w and u systems with `disqualified` as the target: d(i) = P(disqualified), v(i) = E[time · 1{disqualified}].
  const disqualified = solveMetrics(process, stepCost, expectedWithin, { target: 'disqualified' });
  const steps = new Map<string, StepMetrics>();
  for (const [id, step] of metrics.steps) {
    const other = disqualified.steps.get(id)!;
    steps.set(id, qualify(step, other.winProbability, other.wonTimeMass));
  }
  const start = steps.get(process.start);
  return {
    ...metrics,
    disqualifiedRate: start?.disqualifiedProbability ?? 0,
    qualifiedWinRate: start?.qualifiedWinProbability ?? 0,
    qualifiedTimeToOutcome: start?.qualifiedTimeToOutcome ?? Infinity,
    steps,
  };
}

/** A step's numbers conditioned on not ending disqualified, given d(i) and v(i). */
function qualify(step: StepMetrics, d: number, v: number): StepMetrics {
  const qualified = 1 - d;
  return {
    ...step,
    disqualifiedProbability: d,
    // Every deal from here is disqualified: no opportunity, so nothing is won among them.
    qualifiedWinProbability: qualified > 0 ? step.winProbability / qualified : 0,
    qualifiedTimeToOutcome: qualified > 0 && Number.isFinite(step.expectedTimeToOutcome) ? (step.expectedTimeToOutcome - v) / qualified : Infinity,
  };
}

/**
 * E[step visits per deal] from `from` (default: start), loops included: m(i) of the same system with every visit
 * costing 1 and every `within` 0. Infinity when a deal there may never reach an outcome. What a simulation of
 * that process costs per deal, known before running it.
 */
export function expectedVisits(process: Process, from: string = process.start): number {
  return solveMetrics(process, () => 1, () => 0, { deadEndsEnd: true }).steps.get(from)?.expectedTimeToOutcome ?? Infinity;
}

/**
 * The three systems with h(i) and g(i→j) given by `stepCost` and `gapCost`. With `deadEndsEnd`, a step with no
 * transition of p > 0 ends the deal there (as the simulator ends it, stuck) instead of making m infinite.
 */
function solveMetrics(
  process: Process,
  stepCost: (step: Step) => number,
  gapCost: (within: Duration | undefined) => number,
  { deadEndsEnd = false, target = 'won' }: { deadEndsEnd?: boolean; target?: 'won' | 'disqualified' } = {},
): Metrics {
  const graph = buildStepGraph(process);
  const n = graph.ids.length;
  const steps = graph.ids.map((id) => process.steps.get(id)!);
  const h = new Float64Array(n);
  const rows: Row[] = steps.map((step, i) => {
    h[i] = stepCost(step);
    const row: Row = { to: [], p: [], g: [], bWon: 0, bWonG: 0, bAllG: 0, toOutcome: false, leaks: false };
    let total = 0;
    for (const t of step.next) {
      if (!(t.p > 0)) continue;
      const j = graph.indexOf.get(t.to);
      const g = gapCost(t.within);
      if (j !== undefined) {
        row.to.push(j);
        row.p.push(t.p);
        row.g.push(g);
      } else {
        const outcome = process.outcomes.get(t.to);
        if (outcome === undefined) continue; // mass lost to an unknown id
        row.toOutcome = true;
        row.bAllG += t.p * g;
        if (outcome.result === target) {
          row.bWon += t.p;
          row.bWonG += t.p * g;
        }
      }
      total += t.p;
    }
    row.leaks = total < 1 - LEAK_TOLERANCE;
    if (deadEndsEnd && total === 0) {
      row.leaks = false;
      row.toOutcome = true;
    }
    return row;
  });

  const { components, componentOf } = stronglyConnectedComponents(graph);
  const w = new Float64Array(n);
  const u = new Float64Array(n);
  const m = new Float64Array(n);
  // Per component: can it reach won, and may a deal in it never reach an outcome?
  const reachesWon = new Uint8Array(components.length);
  const neverEnds = new Uint8Array(components.length);
  const local = new Int32Array(n).fill(-1);
  const system: System = { rows, h, w, u, m };

  components.forEach((component, c) => {
    let exits = false;
    let wins = false;
    let trapped = false;
    for (const i of component) {
      const row = rows[i]!;
      if (row.bWon > 0) wins = true;
      if (row.leaks) trapped = true;
      if (row.toOutcome) exits = true;
      for (const j of row.to) {
        const d = componentOf[j]!;
        if (d === c) continue;
        exits = true;
        if (reachesWon[d]) wins = true;
        if (neverEnds[d]) trapped = true;
      }
    }
    let singular: boolean;
    if (component.length === 1) {
      singular = solveSingleton(component[0]!, system, wins, trapped || !exits, componentOf, c);
    } else {
      component.forEach((i, k) => (local[i] = k));
      singular = solveComponent(component, local, system, wins, trapped || !exits);
      for (const i of component) local[i] = -1;
    }
    reachesWon[c] = wins ? 1 : 0;
    neverEnds[c] = trapped || !exits || singular ? 1 : 0;
  });

  const byId = new Map<string, StepMetrics>();
  graph.ids.forEach((id, i) => {
    const wi = w[i]!;
    const ui = u[i]!;
    byId.set(id, {
      id,
      expectedDuration: h[i]!,
      winProbability: wi,
      wonTimeMass: ui,
      expectedCycleWon: wi === 0 ? undefined : ui / wi,
      expectedTimeToOutcome: m[i]!,
      disqualifiedProbability: 0,
      qualifiedWinProbability: wi,
      qualifiedTimeToOutcome: m[i]!,
    });
  });
  const start = byId.get(process.start);
  return {
    winRate: start?.winProbability ?? 0,
    expectedCycleWon: start?.expectedCycleWon,
    expectedTimeToOutcome: start?.expectedTimeToOutcome ?? Infinity,
    disqualifiedRate: 0,
    qualifiedWinRate: start?.winProbability ?? 0,
    qualifiedTimeToOutcome: start?.expectedTimeToOutcome ?? Infinity,
    steps: byId,
  };
}

function solveSingleton(
  i: number,
  { rows, h, w, u, m }: System,
  wins: boolean,
  neverEnds: boolean,
  componentOf: Int32Array,
  c: number,
): boolean {
  const row = rows[i]!;
  let selfP = 0;
  let wRhs = row.bWon;
  let uRhs = row.bWonG;
  let mRhs = h[i]! + row.bAllG;
  for (let k = 0; k < row.to.length; k++) {
    const j = row.to[k]!;
    const p = row.p[k]!;
    mRhs += p * row.g[k]!;
    if (componentOf[j] === c) {
      selfP += p;
    } else {
      wRhs += p * w[j]!;
      mRhs += p * m[j]!;
    }
  }
  const denominator = 1 - selfP;
  const singular = Math.abs(denominator) < SINGULAR_PIVOT;
  if (!wins) {
    w[i] = 0;
    u[i] = 0;
  } else if (singular) {
    w[i] = NaN;
    u[i] = NaN;
  } else {
    const wi = wRhs / denominator;
    w[i] = wi;
    // u's right-hand side needs w of this step (its own duration, and g·w on a self-loop).
    uRhs += h[i]! * wi;
    for (let k = 0; k < row.to.length; k++) {
      const j = row.to[k]!;
      const p = row.p[k]!;
      uRhs += p * row.g[k]! * w[j]!;
      if (j !== i) uRhs += p * u[j]!;
    }
    u[i] = uRhs / denominator;
  }
  m[i] = neverEnds || singular ? Infinity : mRhs / denominator;
  return singular;
}

function solveComponent(
  component: readonly number[],
  local: Int32Array,
  { rows, h, w, u, m }: System,
  wins: boolean,
  neverEnds: boolean,
): boolean {
  const size = component.length;
  if (!wins) for (const i of component) w[i] = u[i] = 0;
  if (neverEnds) for (const i of component) m[i] = Infinity;
  if (!wins && neverEnds) return false;

  // A = I − P restricted to the component, factorized once (PA = LU) and reused for every right-hand side.
  const a = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    a[r * size + r] = 1;
    const row = rows[component[r]!]!;
    for (let k = 0; k < row.to.length; k++) {
      const col = local[row.to[k]!]!;
      if (col >= 0) a[r * size + col]! -= row.p[k]!;
    }
  }
  const lu = factorize(a, size);

  if (wins) {
    const rhs = new Float64Array(size);
    component.forEach((i, r) => {
      const row = rows[i]!;
      let value = row.bWon;
      for (let k = 0; k < row.to.length; k++) {
        const j = row.to[k]!;
        if (local[j]! < 0) value += row.p[k]! * w[j]!;
      }
      rhs[r] = value;
    });
    const ws = lu ? solve(lu, rhs) : rhs.fill(NaN);
    component.forEach((i, r) => (w[i] = ws[r]!));
    component.forEach((i, r) => {
      const row = rows[i]!;
      let value = h[i]! * w[i]! + row.bWonG;
      for (let k = 0; k < row.to.length; k++) {
        const j = row.to[k]!;
        value += row.p[k]! * row.g[k]! * w[j]!;
        if (local[j]! < 0) value += row.p[k]! * u[j]!;
      }
      rhs[r] = value;
    });
    const us = lu ? solve(lu, rhs) : rhs.fill(NaN);
    component.forEach((i, r) => (u[i] = us[r]!));
  }

  if (!neverEnds) {
    const rhs = new Float64Array(size);
    component.forEach((i, r) => {
      const row = rows[i]!;
      let value = h[i]! + row.bAllG;
      for (let k = 0; k < row.to.length; k++) {
        const j = row.to[k]!;
        value += row.p[k]! * row.g[k]!;
        if (local[j]! < 0) value += row.p[k]! * m[j]!;
      }
      rhs[r] = value;
    });
    const ms = lu ? solve(lu, rhs) : undefined;
    component.forEach((i, r) => (m[i] = ms ? ms[r]! : Infinity));
  }
  if (!lu) for (const i of component) m[i] = Infinity;
  return !lu;
}

/** A dense LU factorization (PA = LU) of one component's matrix; shared with the sensitivity adjoints. */
export interface Factorization {
  readonly lu: Float64Array;
  readonly pivot: Int32Array;
  readonly size: number;
}

/** LU factorization with partial pivoting, in place; undefined when the matrix is numerically singular. */
export function factorize(a: Float64Array, size: number): Factorization | undefined {
  const pivot = new Int32Array(size);
  for (let col = 0; col < size; col++) {
    let best = col;
    let bestAbs = Math.abs(a[col * size + col]!);
    for (let r = col + 1; r < size; r++) {
      const v = Math.abs(a[r * size + col]!);
      if (v > bestAbs) {
        best = r;
        bestAbs = v;
      }
    }
    if (bestAbs < SINGULAR_PIVOT) return undefined;
    pivot[col] = best;
    if (best !== col) {
      for (let k = 0; k < size; k++) {
        const tmp = a[col * size + k]!;
        a[col * size + k] = a[best * size + k]!;
        a[best * size + k] = tmp;
      }
    }
    const diagonal = a[col * size + col]!;
    for (let r = col + 1; r < size; r++) {
      const factor = a[r * size + col]! / diagonal;
      if (factor === 0) continue;
      a[r * size + col] = factor;
      for (let k = col + 1; k < size; k++) a[r * size + k]! -= factor * a[col * size + k]!;
    }
  }
  return { lu: a, pivot, size };
}

/** Solves (LU)x = Pb for one right-hand side, returning a new array. */
export function solve({ lu, pivot, size }: Factorization, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let col = 0; col < size; col++) {
    const p = pivot[col]!;
    if (p !== col) {
      const tmp = x[col]!;
      x[col] = x[p]!;
      x[p] = tmp;
    }
  }
  for (let r = 1; r < size; r++) {
    let sum = x[r]!;
    for (let k = 0; k < r; k++) sum -= lu[r * size + k]! * x[k]!;
    x[r] = sum;
  }
  for (let r = size - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let k = r + 1; k < size; k++) sum -= lu[r * size + k]! * x[k]!;
    x[r] = sum / lu[r * size + r]!;
  }
  return x;
}

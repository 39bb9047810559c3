/** Exact sensitivities of the win rate, the qualified win rate and E[cycle | won] to every probability and duration, by adjoint solves. */
import { durationMean, expectedMaxShiftDerivatives } from '../model/duration.js';
import type { Process, Step } from '../model/types.js';
import { buildStepGraph, stronglyConnectedComponents, type StepGraph } from './graph.js';
import { computeMetrics, expectedWithin, factorize, solve, stepExpectedDuration, type Metrics } from './metrics.js';

/**
 * What a lever moves:
 * - `probability`: raise the p of one transition (to a step or a won outcome); the mass comes from the step's
 *   transitions to lost outcomes in proportion to their p, or, when it has none, from its other transitions to
 *   steps or won outcomes in proportion to theirs; never from disqualified ones (see {@link computeSensitivity});
 * - `duration`: the expected duration h of a step that is not parallel (per business day);
 * - `track`: the mean of one track of a parallel step, the whole distribution shifted (per business day);
 * - `within`: the mean gap g of one transition (per business day).
 */
export type LeverKind = 'probability' | 'duration' | 'track' | 'within';

/** One parameter and the exact derivatives of the process's win rate and won-cycle length with respect to it. */
export interface Lever {
  readonly kind: LeverKind;
  readonly step: string;
  /** The track (kind `track`), else null. */
  readonly track: string | null;
  /** Index of the transition in the step's `next` (kinds `probability` and `within`), else null. */
  readonly transition: number | null;
  /** The transition's target (kinds `probability` and `within`), else null. */
  readonly to: string | null;
  /** The parameter now: p, or a mean in business days. */
  readonly value: number;
  /**
   * How far the parameter can move in the lever's direction: for `probability` the p it can take from others
   * (Σ p of the transitions it takes from), for durations the mean itself (a mean cannot go below 0).
   */
  readonly room: number;
  /** For `probability`: whether the mass comes from the lost transitions or from all the others; else null. */
  readonly takesFrom: 'lost' | 'others' | null;
  /** d(win rate)/d(parameter): per unit of p (1.0 = 100 points), or per business day. */
  readonly winRate: number;
  /** d(disqualified rate)/d(parameter), same units; 0 in a process without disqualified outcomes. */
  readonly disqualifiedRate: number;
  /**
   * d(qualified win rate)/d(parameter), same units: of Q = W/(1 − D), dQ = (dW·(1 − D) + W·dD)/(1 − D)². Equal to
   * `winRate` in a process without disqualified outcomes; 0 when every deal ends disqualified.
   */
  readonly qualifiedWinRate: number;
  /** d(E[cycle | won])/d(parameter) in business days, same units; null when no deal can be won. */
  readonly cycleDays: number | null;
}

/** Every lever of a process, with the numbers they are derivatives of. */
export interface Sensitivity {
  /** w(start). */
  readonly winRate: number;
  /** d(start): the share of deals that end disqualified. */
  readonly disqualifiedRate: number;
  /** w(start)/(1 − d(start)): the win rate of qualified opportunities. */
  readonly qualifiedWinRate: number;
  /** u(start)/w(start); undefined when no deal can be won (won deals are qualified: also E[cycle | won, qualified]). */
  readonly expectedCycleWon: number | undefined;
  /** Expected visits of each step per deal started at `start` (the adjoint of the win-rate system), in file order. */
  readonly visits: ReadonlyMap<string, number>;
  /** Probability levers, then duration (or track) levers, then `within` levers, each group in file order. */
  readonly levers: readonly Lever[];
}

/** The two adjoint vectors and the per-step numbers they were computed with (indices of the step graph). */
export interface Adjoints {
  readonly graph: StepGraph;
  readonly metrics: Metrics;
  /** λ = (I − P)^−T e_start: expected visits of each step per deal. */
  readonly visits: Float64Array;
  /** ν = (I − P)^−T μ, μ_j = λ_j·h_j + Σ_i λ_i·P_ij·g_ij: how u(start) moves through w. */
  readonly nu: Float64Array;
  readonly w: Float64Array;
  readonly u: Float64Array;
}

/**
 * Solves the transposed systems of {@link computeMetrics} once each, one strongly connected component at a time
 * in topological order (sources first): λᵀ(I − P) = e_startᵀ and νᵀ(I − P) = μᵀ. Then, for a change dθ of any
 * parameters of step i only, with dP, db (won outcomes), dh, dg the changes it makes to step i's row:
 *
 * - d w(start) = λ_i·(Σ_j dP_ij·w_j + db_i)
 * - d u(start) = λ_i·(dh_i·w_i + Σ_j dP_ij·(g_ij·w_j + u_j) + Σ_j P_ij·dg_ij·w_j + d(Σ_won b·g)_i) + ν_i·(Σ_j dP_ij·w_j + db_i)
 *
 * (differentiate w = b + Pw and u = h∘w + (P∘G)w + b_won·g + Pu, and move (I − P)^−1 onto the adjoints).
 */
export function computeAdjoints(process: Process, metrics: Metrics = computeMetrics(process)): Adjoints {
  const graph = buildStepGraph(process);
  const n = graph.ids.length;
  const w = new Float64Array(n);
  const u = new Float64Array(n);
  const h = new Float64Array(n);
  // Edges with p > 0 between steps, as the metrics solve them.
  const edgeTo: number[][] = [];
  const edgeP: number[][] = [];
  const edgeG: number[][] = [];
  graph.ids.forEach((id, i) => {
    const step = process.steps.get(id)!;
    const at = metrics.steps.get(id)!;
    w[i] = at.winProbability;
    u[i] = at.wonTimeMass;
    h[i] = stepExpectedDuration(step);
    const to: number[] = [];
    const ps: number[] = [];
    const gs: number[] = [];
    for (const t of step.next) {
      const j = graph.indexOf.get(t.to);
      if (!(t.p > 0) || j === undefined) continue;
      to.push(j);
      ps.push(t.p);
      gs.push(expectedWithin(t.within));
    }
    edgeTo.push(to);
    edgeP.push(ps);
    edgeG.push(gs);
  });

  const lambda = new Float64Array(n);
  const nu = new Float64Array(n);
  // Right-hand sides accumulated from components already solved (and μ's terms), pushed along edges.
  const lambdaRhs = new Float64Array(n);
  const nuRhs = new Float64Array(n);
  const start = graph.indexOf.get(process.start);
  if (start !== undefined) lambdaRhs[start] = 1;
  const { components, componentOf } = stronglyConnectedComponents(graph);
  const local = new Int32Array(n).fill(-1);

  for (let c = components.length - 1; c >= 0; c--) {
    const component = components[c]!;
    const size = component.length;
    component.forEach((i, k) => (local[i] = k));
    // (I − P)ᵀ restricted to the component: row r is step component[r]'s column of I − P.
    const a = new Float64Array(size * size);
    for (let r = 0; r < size; r++) a[r * size + r] = 1;
    for (let k = 0; k < size; k++) {
      const i = component[k]!;
      const to = edgeTo[i]!;
      for (let e = 0; e < to.length; e++) {
        const r = local[to[e]!]!;
        if (r >= 0) a[r * size + k]! -= edgeP[i]![e]!;
      }
    }
    const lu = size === 1 ? undefined : factorize(a, size);
    const solveComponent = (rhs: Float64Array, out: Float64Array): void => {
      const b = Float64Array.from(component, (i) => rhs[i]!);
      if (size === 1) out[component[0]!] = b[0]! / a[0]!;
      else if (!lu) component.forEach((i) => (out[i] = NaN));
      else solve(lu, b).forEach((x, k) => (out[component[k]!] = x));
    };

    solveComponent(lambdaRhs, lambda);
    for (const i of component) {
      const li = lambda[i]!;
      nuRhs[i]! += li * h[i]!;
      const to = edgeTo[i]!;
      for (let e = 0; e < to.length; e++) {
        const j = to[e]!;
        nuRhs[j]! += li * edgeP[i]![e]! * edgeG[i]![e]!;
        if (componentOf[j] !== c) lambdaRhs[j]! += li * edgeP[i]![e]!;
      }
    }
    solveComponent(nuRhs, nu);
    for (const i of component) {
      const to = edgeTo[i]!;
      for (let e = 0; e < to.length; e++) {
        const j = to[e]!;
        if (componentOf[j] !== c) nuRhs[j]! += nu[i]! * edgeP[i]![e]!;
      }
    }
    for (const i of component) local[i] = -1;
  }
  return { graph, metrics, visits: lambda, nu, w, u };
}

/**
 * The exact derivatives of the win rate W = w(start), of the disqualified rate D = d(start), of the qualified win
 * rate Q = W/(1 − D) and of C = E[cycle | won] = U/W (U = u(start)) with respect to every lever (see
 * {@link LeverKind}), from two adjoint solves ({@link computeAdjoints}) instead of one solve per parameter.
 * dC = (dU − C·dW)/W. d solves the same system as w with `disqualified` as the target, so its adjoint is λ too:
 * dD = λ_i·(Σ_j dP_ij·d_j + db_i(disqualified)) costs no extra solve, and dQ = (dW·(1 − D) + W·dD)/(1 − D)².
 *
 * A `probability` lever on transition k of step i raises p_k by ε and takes ε from the step's transitions with
 * p > 0 to lost outcomes (result `lost`) in proportion to their p; when the step has none, from its other
 * transitions with p > 0 to steps or won outcomes in proportion to theirs. Disqualified transitions never give
 * mass: a deal that is not an opportunity is not a loss a seller can convert, and taking from it would raise the
 * win rate only by counting non-opportunities as deals. Transitions to lost or disqualified outcomes have no lever
 * (lowering a lost one is the same thing as raising the others), nor do steps with nothing to take from. A `track` lever shifts the track's
 * whole distribution, so dh = P(the track is the longest)·d(mean) ({@link expectedMaxShiftDerivatives}).
 * Derivatives are at the current values: moving a parameter by Δ changes a number by about derivative·Δ.
 */
export function computeSensitivity(process: Process): Sensitivity {
  const adjoints = computeAdjoints(process);
  const { graph, metrics, visits: lambda, nu, w, u } = adjoints;
  const W = metrics.winRate;
  const D = metrics.disqualifiedRate;
  const C = metrics.expectedCycleWon;
  const resultOf = (id: string): string | undefined => (process.steps.has(id) ? undefined : process.outcomes.get(id)?.result);
  const wonOutcome = (id: string): boolean => resultOf(id) === 'won';
  const lostOutcome = (id: string): boolean => resultOf(id) === 'lost';
  const disqualifiedOutcome = (id: string): boolean => resultOf(id) === 'disqualified';
  // d of where a transition leads: a step's, 1 for a disqualified outcome, else 0.
  const targetD = (to: string): number => {
    const j = graph.indexOf.get(to);
    return j !== undefined ? metrics.steps.get(to)!.disqualifiedProbability : disqualifiedOutcome(to) ? 1 : 0;
  };
  // w and u of where a transition leads: a step's, 1 and 0 for won, 0 and 0 for lost (or unknown ids).
  const targetW = (to: string): number => {
    const j = graph.indexOf.get(to);
    return j !== undefined ? w[j]! : wonOutcome(to) ? 1 : 0;
  };
  const targetU = (to: string): number => {
    const j = graph.indexOf.get(to);
    return j !== undefined ? u[j]! : 0;
  };
  const cycle = (dW: number, dU: number): number | null => (C === undefined || !(W > 0) ? null : (dU - C * dW) / W);
  const qualified = (dW: number, dD: number): number => (1 - D > 0 ? (dW * (1 - D) + W * dD) / (1 - D) ** 2 : 0);
  // Durations move neither W nor D.
  const rates = { winRate: 0, disqualifiedRate: 0, qualifiedWinRate: 0 };

  const probability: Lever[] = [];
  const durations: Lever[] = [];
  const withins: Lever[] = [];
  graph.ids.forEach((id, i) => {
    const step = process.steps.get(id)!;
    const li = lambda[i]!;
    const ni = nu[i]!;
    step.next.forEach((t, k) => {
      if (lostOutcome(t.to) || disqualifiedOutcome(t.to) || (!process.steps.has(t.to) && !process.outcomes.has(t.to))) return;
      const donors = donorsOf(step, k, lostOutcome, disqualifiedOutcome);
      if (!donors) return;
      let dW = li * targetW(t.to);
      let dD = li * targetD(t.to);
      let dU = li * (expectedWithin(t.within) * targetW(t.to) + targetU(t.to)) + ni * targetW(t.to);
      for (const d of donors.indices) {
        const share = step.next[d]!.p / donors.room;
        const to = step.next[d]!.to;
        dW -= share * li * targetW(to);
        dD -= share * li * targetD(to);
        dU -= share * (li * (expectedWithin(step.next[d]!.within) * targetW(to) + targetU(to)) + ni * targetW(to));
      }
      probability.push({ kind: 'probability', step: id, track: null, transition: k, to: t.to, value: t.p, room: donors.room, takesFrom: donors.from, winRate: dW, disqualifiedRate: dD, qualifiedWinRate: qualified(dW, dD), cycleDays: cycle(dW, dU) });
    });
    // dU = λ_i·w_i·dh: a longer step delays only the deals that pass it and go on to win.
    const perDayOfStep = li * w[i]!;
    if (step.parallel.length === 0) {
      const value = stepExpectedDuration(step);
      durations.push({ kind: 'duration', step: id, track: null, transition: null, to: null, value, room: Math.max(0, value), takesFrom: null, ...rates, cycleDays: cycle(0, perDayOfStep) });
    } else {
      const criticality = expectedMaxShiftDerivatives(step.parallel.map((track) => track.duration));
      step.parallel.forEach((track, k) => {
        const value = durationMean(track.duration);
        durations.push({ kind: 'track', step: id, track: track.id, transition: null, to: null, value, room: Math.max(0, value), takesFrom: null, ...rates, cycleDays: cycle(0, perDayOfStep * criticality[k]!) });
      });
    }
    step.next.forEach((t, k) => {
      if (!(t.p > 0) || targetW(t.to) === 0) return;
      const value = expectedWithin(t.within);
      withins.push({ kind: 'within', step: id, track: null, transition: k, to: t.to, value, room: Math.max(0, value), takesFrom: null, ...rates, cycleDays: cycle(0, li * t.p * targetW(t.to)) });
    });
  });
  const visits = new Map<string, number>();
  graph.ids.forEach((id, i) => visits.set(id, lambda[i]!));
  return { winRate: W, disqualifiedRate: D, qualifiedWinRate: metrics.qualifiedWinRate, expectedCycleWon: C, visits, levers: [...probability, ...durations, ...withins] };
}

/** The transitions a probability lever on transition k takes from, and their total p; undefined when none. */
function donorsOf(
  step: Step,
  k: number,
  lost: (id: string) => boolean,
  disqualified: (id: string) => boolean,
): { indices: number[]; room: number; from: 'lost' | 'others' } | undefined {
  const others = step.next.flatMap((t, d) => (d !== k && t.p > 0 && !disqualified(t.to) ? [d] : []));
  const lostOnes = others.filter((d) => lost(step.next[d]!.to));
  const indices = lostOnes.length > 0 ? lostOnes : others;
  const room = indices.reduce((sum, d) => sum + step.next[d]!.p, 0);
  if (!(room > 0)) return undefined;
  return { indices, room, from: lostOnes.length > 0 ? 'lost' : 'others' };
}

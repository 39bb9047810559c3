/** The exact observed view of a process: what deal data that records some steps as CRM stages should show. */
import type { Process } from '../model/types.js';
import { buildStepGraph, stronglyConnectedComponents, type Condensation } from './graph.js';
import { computeMetrics, expectedWithin, factorize, solve, stepExpectedDuration } from './metrics.js';

/** What the process predicts for one observed group G (the steps one CRM stage records). */
export interface ObservedGroupView {
  readonly id: string;
  /** The steps of G, in file order. */
  readonly steps: readonly string[];
  /** n(G,e): expected entries per deal into G at step e (from a state not in G, or starting at e); every step of G. */
  readonly entries: ReadonlyMap<string, number>;
  /** Σ_e n(G,e). */
  readonly totalEntries: number;
  /**
   * s(G→H): of the entries into G, the expected share whose next observed stage is H (another group id or an
   * outcome id); only H with a share above 0, groups first (in group order), then outcomes (in file order). The
   * shares sum to 1 minus the probability that a deal, once in G, never enters another group or an outcome (a
   * probability leak or a trap cycle reached while in G). Empty when G is never entered.
   */
  readonly shares: ReadonlyMap<string, number>;
  /**
   * T(G): expected business time from entering G until entering another group or an outcome, entry-weighted:
   * durations of G's steps and of silent steps visited meanwhile, and every `within` on the way out of them (to an
   * outcome too). Infinity when a deal in G may never leave it; NaN when G is never entered.
   */
  readonly timeInStage: number;
  /** Entry-weighted probability of reaching won after entering G: Σ_e n(G,e)·w(e) / Σ_e n(G,e); NaN if never entered. */
  readonly winProbability: number;
  /** w_G(e) = w(e): the probability of reaching won after entering G at e, for every step of G. */
  readonly winProbabilityByEntry: ReadonlyMap<string, number>;
  /** Entry-weighted E[business time from entering G to any outcome] (m of the entry steps); NaN if never entered. */
  readonly expectedTimeToOutcome: number;
  /** E[time from entering G to won | won], entry-weighted: Σ n·u / Σ n·w; undefined when no entry can be won. */
  readonly expectedTimeToWon: number | undefined;
  /** E[business time from the deal's start to its first entry into G | G is entered]; undefined when G never is. */
  readonly expectedEntryTime: number | undefined;
}

/** The observed view of a process: one entry per observed group, and the process's own headline numbers. */
export interface ObservedView {
  /** By group id, in the order of each group's first step in the file. */
  readonly groups: ReadonlyMap<string, ObservedGroupView>;
  /** The process's win rate, as computeMetrics gives it. */
  readonly winRate: number;
  /** The process's E[cycle | won], as computeMetrics gives it. */
  readonly expectedCycleWon: number | undefined;
}

/** Probability mass that may go missing from a step before we call it a leak (as metrics.ts). */
const LEAK_TOLERANCE = 1e-6;
/** Pivots below this make a system singular (only possible when probabilities sum above 1). */
const SINGULAR_PIVOT = 1e-12;
const EMPTY = new Float64Array(0);

/** A step's transitions with p > 0, resolved once. */
interface Row {
  /** To steps: target index, p, E[within]. */
  readonly to: number[];
  readonly p: number[];
  readonly g: number[];
  /** To outcomes: outcome index, p. */
  readonly outcome: number[];
  readonly outcomeP: number[];
  /** h(i) + Σ p·g over every transition: the expected time a visit of the step adds to the stage it is in. */
  cost: number;
  /** p going nowhere known: a deal may vanish here without entering anything. */
  leaks: boolean;
}

/** The process compiled for the observed view: steps numbered in file order, groups numbered by first step. */
interface Compiled {
  readonly ids: readonly string[];
  readonly start: number;
  readonly h: Float64Array;
  readonly rows: readonly Row[];
  /** Predecessor transitions of each step: source index, p, E[within]. */
  readonly predFrom: readonly number[][];
  readonly predP: readonly number[][];
  readonly predG: readonly number[][];
  readonly outcomeIds: readonly string[];
  readonly groupIds: readonly string[];
  /** Group index of each step; −1 for a silent step. */
  readonly groupOfStep: Int32Array;
  /** Step indices of each group, in file order. */
  readonly members: readonly (readonly number[])[];
  /** The whole step graph's strongly connected components (reverse topological order, as graph.ts). */
  readonly condensation: Condensation;
  /** Index of each step's strongly connected component. */
  readonly componentOf: Int32Array;
  /** Number of steps in each component. */
  readonly componentSize: Int32Array;
  /** Scratch: local index of a step inside the sub-graph being solved, −1 otherwise (always reset after use). */
  readonly localOf: Int32Array;
}

function compile(process: Process, groupOf: ReadonlyMap<string, string>): Compiled {
  const graph = buildStepGraph(process);
  const n = graph.ids.length;
  const outcomeIds = [...process.outcomes.keys()];
  const outcomeIndex = new Map(outcomeIds.map((id, i) => [id, i]));
  const groupIds: string[] = [];
  const groupIndex = new Map<string, number>();
  const groupOfStep = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  graph.ids.forEach((id, i) => {
    const group = groupOf.get(id);
    if (group === undefined) return;
    // Shares are keyed by group and outcome ids together, so they must not collide.
    if (process.outcomes.has(group)) throw new RangeError(`observed group id "${group}" is also an outcome id`);
    let k = groupIndex.get(group);
    if (k === undefined) {
      k = groupIds.length;
      groupIds.push(group);
      groupIndex.set(group, k);
      members.push([]);
    }
    groupOfStep[i] = k;
    members[k]!.push(i);
  });

  const h = new Float64Array(n);
  const predFrom: number[][] = Array.from({ length: n }, () => []);
  const predP: number[][] = Array.from({ length: n }, () => []);
  const predG: number[][] = Array.from({ length: n }, () => []);
  const rows: Row[] = graph.ids.map((id, i) => {
    const step = process.steps.get(id)!;
    h[i] = stepExpectedDuration(step);
    const row: Row = { to: [], p: [], g: [], outcome: [], outcomeP: [], cost: h[i]!, leaks: false };
    let total = 0;
    for (const t of step.next) {
      if (!(t.p > 0)) continue;
      const j = graph.indexOf.get(t.to);
      const o = outcomeIndex.get(t.to);
      if (j === undefined && o === undefined) continue; // mass lost to an unknown id
      const g = expectedWithin(t.within);
      total += t.p;
      row.cost += t.p * g;
      if (j !== undefined) {
        row.to.push(j);
        row.p.push(t.p);
        row.g.push(g);
        predFrom[j]!.push(i);
        predP[j]!.push(t.p);
        predG[j]!.push(g);
      } else {
        row.outcome.push(o!);
        row.outcomeP.push(t.p);
      }
    }
    row.leaks = total < 1 - LEAK_TOLERANCE;
    return row;
  });
  const condensation = stronglyConnectedComponents(graph);
  const { components, componentOf } = condensation;
  return {
    ids: graph.ids,
    start: graph.indexOf.get(process.start) ?? -1,
    h,
    rows,
    predFrom,
    predP,
    predG,
    outcomeIds,
    groupIds,
    groupOfStep,
    members,
    condensation,
    componentOf,
    componentSize: Int32Array.from(components, (component) => component.length),
    localOf: new Int32Array(n).fill(-1),
  };
}

/**
 * Expected visits x and arrival-time mass β (E[Σ over visits of the time the visit starts]) on the sub-graph
 * induced by `members`, given what flows in from outside it:
 *
 * - x_j = inX_j + Σ_{i ∈ V} x_i·P(i→j)
 * - β_j = inB_j + Σ_{i ∈ V} P(i→j)·(β_i + x_i·(h_i + g(i→j)))
 *
 * Transitions leaving V are ignored (the caller accounts for them). Solved one strongly connected component of V
 * at a time, sources first, like metrics.ts solves its systems sinks first: a single step by substitution, a larger
 * component by dense LU on that component only. A component no transition leaves (a trap) is visited infinitely
 * often once reached; a numerically singular one (probabilities above 1) gives NaN. `inX` and `inB` are used as
 * accumulators and overwritten. `condensation` may pass the sub-graph's components when known (the whole process).
 */
function solveForward(
  model: Compiled,
  members: readonly number[],
  inX: Float64Array,
  inB: Float64Array | undefined,
  condensation?: Condensation,
): { x: Float64Array; b: Float64Array | undefined } {
  const size = members.length;
  const { localOf, rows, h } = model;
  members.forEach((i, l) => (localOf[i] = l));
  const x = new Float64Array(size);
  const b = inB ? new Float64Array(size) : undefined;
  try {
    const { components, componentOf } = condensation ?? localCondensation(model, members);
    const position = new Int32Array(size);
    for (let c = components.length - 1; c >= 0; c--) {
      const component = components[c]!;
      component.forEach((l, r) => (position[l] = r));
      const m = component.length;
      // Closed: no transition leaves the component and no mass leaks, so a deal that enters never leaves.
      let closed = true;
      for (const l of component) {
        const row = rows[members[l]!]!;
        if (row.leaks || row.outcome.length > 0) closed = false;
        for (const j of row.to) {
          const lj = localOf[j]!;
          if (lj < 0 || componentOf[lj] !== c) closed = false;
        }
      }
      if (closed) {
        let reached = false;
        for (const l of component) if (inX[l]! > 0) reached = true;
        for (const l of component) {
          x[l] = reached ? Infinity : 0;
          if (b) b[l] = reached ? Infinity : 0;
        }
        continue; // nothing leaves it: no pushes
      }
      if (m === 1) {
        const l = component[0]!;
        const i = members[l]!;
        const row = rows[i]!;
        let self = 0;
        let selfCost = 0;
        for (let k = 0; k < row.to.length; k++) {
          if (row.to[k] === i) {
            self += row.p[k]!;
            selfCost += row.p[k]! * (h[i]! + row.g[k]!);
          }
        }
        const denominator = 1 - self;
        if (Math.abs(denominator) < SINGULAR_PIVOT) {
          x[l] = NaN;
          if (b) b[l] = NaN;
        } else {
          x[l] = inX[l]! / denominator;
          if (b) b[l] = (inB![l]! + x[l]! * selfCost) / denominator;
        }
      } else {
        // (I − P_CC)ᵀ: row r is step component[r]'s balance, column c the step the mass comes from.
        const a = new Float64Array(m * m);
        for (let r = 0; r < m; r++) a[r * m + r] = 1;
        component.forEach((l, col) => {
          const row = rows[members[l]!]!;
          for (let k = 0; k < row.to.length; k++) {
            const lj = localOf[row.to[k]!]!;
            if (lj >= 0 && componentOf[lj] === c) a[position[lj]! * m + col]! -= row.p[k]!;
          }
        });
        const lu = factorize(a, m);
        const rhs = new Float64Array(m);
        component.forEach((l, r) => (rhs[r] = inX[l]!));
        const xs = lu ? solve(lu, rhs) : rhs.fill(NaN);
        component.forEach((l, r) => (x[l] = xs[r]!));
        if (b) {
          component.forEach((l, r) => (rhs[r] = inB![l]!));
          component.forEach((l) => {
            const i = members[l]!;
            const row = rows[i]!;
            for (let k = 0; k < row.to.length; k++) {
              const lj = localOf[row.to[k]!]!;
              if (lj >= 0 && componentOf[lj] === c) rhs[position[lj]!]! += row.p[k]! * x[l]! * (h[i]! + row.g[k]!);
            }
          });
          const bs = lu ? solve(lu, rhs) : rhs.fill(NaN);
          component.forEach((l, r) => (b[l] = bs[r]!));
        }
      }
      // Push what leaves the component to later components of V.
      for (const l of component) {
        const i = members[l]!;
        const row = rows[i]!;
        const xi = x[l]!;
        if (xi === 0) continue;
        for (let k = 0; k < row.to.length; k++) {
          const lj = localOf[row.to[k]!]!;
          if (lj < 0 || componentOf[lj] === c) continue;
          inX[lj]! += xi * row.p[k]!;
          if (b) inB![lj]! += row.p[k]! * (b[l]! + xi * (h[i]! + row.g[k]!));
        }
      }
    }
  } finally {
    for (const i of members) localOf[i] = -1;
  }
  return { x, b };
}

/** The strongly connected components of the sub-graph induced by `members` (their local indices must be set). */
function localCondensation(model: Compiled, members: readonly number[]): Condensation {
  const successors = members.map((i) => {
    const out: number[] = [];
    for (const j of model.rows[i]!.to) {
      const l = model.localOf[j]!;
      if (l >= 0 && !out.includes(l)) out.push(l);
    }
    return out;
  });
  return stronglyConnectedComponents({ ids: members.map((i) => model.ids[i]!), indexOf: new Map(), successors });
}

/**
 * The observed view of a process (see "Numbers spx derives from deal data" in docs/format.md): for every observed
 * group G (the steps `groupOf` maps to one group id; steps it does not map are silent), the expected entries per
 * deal n(G,e), the next-stage shares s(G→H), the time in stage T(G), and the win probability and times ahead of a
 * deal that enters G. Everything is exact: linear systems, no simulation.
 *
 * The deal's observable state is (step, group of the last observed entry). A deal is in G from a visit of a step of
 * G until it visits a step of another group or reaches an outcome; silent steps keep the group. So, with x(i) the
 * expected visits of step i and y_G(s) the expected visits of silent step s while the deal is in G (the forward
 * system on the silent steps reachable from G without passing another group, fed by G's own visits):
 *
 * - n(G,e) = 1{e = start} + Σ_{k ∉ G observed} x(k)·P(k→e) + Σ_{s silent} (x(s) − y_G(s))·P(s→e)
 * - the flow out of G to H: Σ_{t in G, or silent while in G} visits(t)·P(t→H), and s(G→H) = flow / Σ_e n(G,e)
 * - T(G) = Σ_t visits(t)·(h(t) + Σ P·g over all of t's transitions) / Σ_e n(G,e)  (expected time in G per entry)
 *
 * Win probability and times to outcomes after entering at e are the process's w(e), u(e), m(e) (the future of a
 * deal does not depend on how it got to e). The expected first-entry time comes from the taboo chain that stops at
 * G, solved only on the steps lying between G's steps (both reachable from and leading to G): elsewhere it equals
 * the process's own forward solution.
 *
 * Cost: the whole-process systems are solved once, strongly connected component by component; each group then costs
 * its own steps and transitions, the silent steps it reaches, and the steps between its steps. An acyclic process
 * with one step per group stays linear. Throws a RangeError when a group id is also an outcome id.
 */
export function observedView(process: Process, groupOf: ReadonlyMap<string, string>): ObservedView {
  const model = compile(process, groupOf);
  const metrics = computeMetrics(process);
  const { ids, rows, start, groupOfStep, predFrom, predP } = model;
  const n = ids.length;

  // Whole-process expected visits x and arrival-time mass β.
  const all = Array.from({ length: n }, (_, i) => i);
  const inX = new Float64Array(n);
  if (start >= 0) inX[start] = 1;
  const { x, b: beta } = solveForward(model, all, inX, new Float64Array(n), model.condensation);

  // Per-group scratch, reset after each group.
  const silentVisits = new Float64Array(n);
  const inSilent = new Uint8Array(n);
  const groupFlow = new Float64Array(model.groupIds.length);
  const outcomeFlow = new Float64Array(model.outcomeIds.length);
  const mark = new Uint8Array(n);

  const groups = new Map<string, ObservedGroupView>();
  model.groupIds.forEach((groupId, k) => {
    const steps = model.members[k]!;

    // Silent steps a deal can reach while in G, and its visits of them.
    const silent: number[] = [];
    for (const t of steps) {
      for (const j of rows[t]!.to) {
        if (groupOfStep[j] === -1 && !inSilent[j]) {
          inSilent[j] = 1;
          silent.push(j);
        }
      }
    }
    for (let q = 0; q < silent.length; q++) {
      for (const j of rows[silent[q]!]!.to) {
        if (groupOfStep[j] === -1 && !inSilent[j]) {
          inSilent[j] = 1;
          silent.push(j);
        }
      }
    }
    if (silent.length > 0) {
      silent.forEach((s, l) => (model.localOf[s] = l));
      const inY = new Float64Array(silent.length);
      for (const t of steps) {
        const row = rows[t]!;
        for (let q = 0; q < row.to.length; q++) {
          const l = model.localOf[row.to[q]!]!;
          if (l >= 0) inY[l]! += x[t]! * row.p[q]!;
        }
      }
      for (const s of silent) model.localOf[s] = -1;
      const { x: y } = solveForward(model, silent, inY, undefined);
      silent.forEach((s, l) => (silentVisits[s] = y[l]!));
    }

    // Entries at each step of G: transitions into it from a state not in G.
    const entries = new Map<string, number>();
    const entryCount = new Float64Array(steps.length);
    let totalEntries = 0;
    steps.forEach((e, r) => {
      let count = e === start ? 1 : 0;
      const from = predFrom[e]!;
      for (let q = 0; q < from.length; q++) {
        const s = from[q]!;
        const group = groupOfStep[s]!;
        if (group === k) continue;
        const outside = group >= 0 ? x[s]! : Math.max(0, x[s]! - (inSilent[s] ? silentVisits[s]! : 0));
        count += outside * predP[e]![q]!;
      }
      entryCount[r] = count;
      entries.set(ids[e]!, count);
      totalEntries += count;
    });

    // Flows out of G and the time spent in it.
    const touched: number[] = [];
    let time = 0;
    let neverEnds = false;
    for (let r = 0; r < steps.length + silent.length; r++) {
      const t = r < steps.length ? steps[r]! : silent[r - steps.length]!;
      const visits = r < steps.length ? x[t]! : silentVisits[t]!;
      if (visits === 0) continue;
      const row = rows[t]!;
      if (!Number.isFinite(visits) || row.leaks) neverEnds = true;
      time += visits * row.cost;
      for (let q = 0; q < row.to.length; q++) {
        const j = row.to[q]!;
        const group = groupOfStep[j]!;
        if (group === k || (group === -1 && inSilent[j])) continue;
        if (groupFlow[group] === 0) touched.push(group);
        groupFlow[group]! += visits * row.p[q]!;
      }
      for (let q = 0; q < row.outcome.length; q++) outcomeFlow[row.outcome[q]!]! += visits * row.outcomeP[q]!;
    }

    const shares = new Map<string, number>();
    if (totalEntries > 0) {
      touched.sort((p, q) => p - q);
      for (const group of touched) shares.set(model.groupIds[group]!, groupFlow[group]! / totalEntries);
      outcomeFlow.forEach((flow, o) => {
        if (flow > 0) shares.set(model.outcomeIds[o]!, flow / totalEntries);
      });
    }
    for (const group of touched) groupFlow[group] = 0;
    outcomeFlow.fill(0);
    for (const s of silent) {
      inSilent[s] = 0;
      silentVisits[s] = 0;
    }

    // Ahead of an entry: the process's own w, u, m at the entry step, entry-weighted.
    const winProbabilityByEntry = new Map<string, number>();
    let winMass = 0;
    let wonTimeMass = 0;
    let outcomeTimeMass = 0;
    steps.forEach((e, r) => {
      const step = metrics.steps.get(ids[e]!)!;
      winProbabilityByEntry.set(ids[e]!, step.winProbability);
      const weight = entryCount[r]!;
      if (weight === 0) return;
      winMass += weight * step.winProbability;
      wonTimeMass += weight * step.wonTimeMass;
      outcomeTimeMass += weight * step.expectedTimeToOutcome;
    });

    groups.set(groupId, {
      id: groupId,
      steps: steps.map((e) => ids[e]!),
      entries,
      totalEntries,
      shares,
      timeInStage: totalEntries > 0 ? (neverEnds ? Infinity : time / totalEntries) : NaN,
      winProbability: totalEntries > 0 ? winMass / totalEntries : NaN,
      winProbabilityByEntry,
      expectedTimeToOutcome: totalEntries > 0 ? outcomeTimeMass / totalEntries : NaN,
      expectedTimeToWon: winMass > 0 ? wonTimeMass / winMass : undefined,
      expectedEntryTime: firstEntryTime(model, k, x, beta!, mark),
    });
  });
  return { groups, winRate: metrics.winRate, expectedCycleWon: metrics.expectedCycleWon };
}

/**
 * E[time of the first entry into group k | it happens]. Before its first entry a deal moves in the taboo chain
 * (the process with G's steps absorbing). A step that G cannot reach does not matter; a step that cannot be reached
 * from G is only ever visited before the first entry, so its taboo visits are its plain visits x and β. Only the
 * steps both reachable from G and leading to G (D) need the taboo system, solved on D \ G alone. Those steps lie
 * between G's components in topological order, which bounds both searches.
 */
function firstEntryTime(model: Compiled, k: number, x: Float64Array, beta: Float64Array, mark: Uint8Array): number | undefined {
  const { rows, h, start, groupOfStep, predFrom, predP, predG, componentOf } = model;
  const steps = model.members[k]!;
  if (steps.includes(start)) return 0;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const e of steps) {
    lowest = Math.min(lowest, componentOf[e]!);
    highest = Math.max(highest, componentOf[e]!);
  }
  // The common case (a group that is a whole component, e.g. one step off any loop) has nothing in between.
  if (lowest === highest && model.componentSize[lowest] === steps.length) return entryTimeFrom(model, k, x, beta, [], EMPTY, EMPTY);
  // Bit 1: reachable from G (components ≥ lowest: descendants come earlier in Tarjan's order); bit 2: leads to G.
  const touched: number[] = [];
  const search = (bit: number, next: (v: number) => readonly number[], keep: (c: number) => boolean): void => {
    const stack: number[] = [];
    for (const e of steps) {
      if (!mark[e]) touched.push(e);
      mark[e]! |= bit;
      stack.push(e);
    }
    while (stack.length > 0) {
      for (const w of next(stack.pop()!)) {
        if (mark[w]! & bit || !keep(componentOf[w]!)) continue;
        if (!mark[w]) touched.push(w);
        mark[w]! |= bit;
        stack.push(w);
      }
    }
  };
  search(1, (v) => rows[v]!.to, (c) => c >= lowest);
  search(2, (v) => predFrom[v]!, (c) => c <= highest);
  const between = touched.filter((v) => mark[v] === 3 && groupOfStep[v] !== k);
  for (const v of touched) mark[v] = 0;

  // Taboo visits α and arrival mass on D \ G, fed by the plain solution outside it.
  let alpha: Float64Array = new Float64Array(0);
  let alphaB: Float64Array = new Float64Array(0);
  if (between.length > 0) {
    between.forEach((v, l) => (model.localOf[v] = l));
    const inA = new Float64Array(between.length);
    const inB = new Float64Array(between.length);
    between.forEach((v, l) => {
      if (v === start) inA[l] = 1;
      const from = predFrom[v]!;
      for (let q = 0; q < from.length; q++) {
        const s = from[q]!;
        if (groupOfStep[s] === k || model.localOf[s]! >= 0) continue;
        inA[l]! += x[s]! * predP[v]![q]!;
        inB[l]! += predP[v]![q]! * (beta[s]! + x[s]! * (h[s]! + predG[v]![q]!));
      }
    });
    for (const v of between) model.localOf[v] = -1;
    const solved = solveForward(model, between, inA, inB);
    alpha = solved.x;
    alphaB = solved.b!;
  }
  return entryTimeFrom(model, k, x, beta, between, alpha, alphaB);
}

/** E[first-entry time | entered] from the taboo visits α (and arrival mass) of the steps `between`, plain elsewhere. */
function entryTimeFrom(
  model: Compiled,
  k: number,
  x: Float64Array,
  beta: Float64Array,
  between: readonly number[],
  alpha: Float64Array,
  alphaB: Float64Array,
): number | undefined {
  const { h, groupOfStep, predFrom, predP, predG, localOf } = model;
  for (let l = 0; l < between.length; l++) localOf[between[l]!] = l;
  let entered = 0;
  let timeMass = 0;
  for (const e of model.members[k]!) {
    const from = predFrom[e]!;
    for (let q = 0; q < from.length; q++) {
      const s = from[q]!;
      if (groupOfStep[s] === k) continue;
      const l = localOf[s]!;
      const visits = l >= 0 ? alpha[l]! : x[s]!;
      if (visits === 0) continue;
      const arrival = l >= 0 ? alphaB[l]! : beta[s]!;
      entered += visits * predP[e]![q]!;
      timeMass += predP[e]![q]! * (arrival + visits * (h[s]! + predG[e]![q]!));
    }
  }
  for (const v of between) localOf[v] = -1;
  return entered > 0 ? timeMass / entered : undefined;
}

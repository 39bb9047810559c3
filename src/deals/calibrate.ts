/** The calibration comparison: what a process predicts for observed stages against what deal data shows, with intervals, verdicts and fitted numbers. */
import { expectedWithin } from '../analysis/metrics.js';
import type { Severity } from '../model/diagnostic.js';
import type { DocPath, Process, Step } from '../model/types.js';
import { businessTimeBetween } from './business-time.js';
import { quote } from './collect.js';
import {
  competingShares,
  empiricalQuantile,
  fitPert,
  kaplanMeierQuantiles,
  meanInterval,
  wilsonAround,
  wilsonInterval,
  type Interval,
  type PertFit,
} from './statistics.js';
import { internId, type VisitColumns } from './visit-columns.js';
import type { UnmappedStage, VisitsResult } from './visits.js';

/** What the process predicts for one observed group (the observed view of the deal-data contract, §3). */
export interface PredictedGroup {
  readonly id: string;
  /** The steps the group's CRM stage records, in file order. */
  readonly steps: readonly string[];
  /** s(G→H) per next group id or outcome id; missing means 0. */
  readonly shares: ReadonlyMap<string, number>;
  /** T(G): expected business days from entering the group to entering another group or an outcome. */
  readonly timeInStage: number;
}

/** The process's predictions that calibration compares with the data. */
export interface PredictedView {
  /** By group id, in the order the report lists them. */
  readonly groups: ReadonlyMap<string, PredictedGroup>;
  /** w(start). */
  readonly winRate: number;
  /** E[cycle | won] in business days; undefined when no deal can be won. */
  readonly expectedCycleWon: number | undefined;
}

/** Everything {@link calibrate} compares. */
export interface CalibrationInput {
  readonly process: Process;
  /** The visits as objects ({@link dealVisits}) or in columns ({@link dealVisitColumns}): the same numbers either way. */
  readonly visits: VisitsResult | VisitColumns;
  readonly predicted: PredictedView;
  /** Below this many observations a comparison is `too-few` and nothing is fitted (the CLI's `--min-sample`, default 30). */
  readonly minSample: number;
  /**
   * Epoch ms the data was cut at. With it, the observed win rate counts deals still open as censored at their age
   * (Aalen–Johansen) instead of leaving them out; without it, won / (won + lost).
   */
  readonly asOf?: number;
}

/** `ok`: the prediction lies in the 95% interval; `differs`: it does not (n ≥ min sample); `too-few`: n below the min sample. */
export type Verdict = 'ok' | 'differs' | 'too-few';

/** The observed win rate of closed deals against w(start). */
export interface WinRateComparison {
  readonly predicted: number;
  /** won / (won + lost); null without closed deals. */
  readonly observed: number | null;
  readonly n: number;
  readonly ci: Interval | null;
  readonly verdict: Verdict;
}

/** Cycle length of won deals (business days from the first event to the won event) against E[cycle | won]. */
export interface CycleComparison {
  readonly predicted: number | null;
  readonly observedMean: number | null;
  /** The type-7 empirical median. */
  readonly observedMedian: number | null;
  readonly n: number;
}

/** One next-stage share: G → H. */
export interface TransitionComparison {
  readonly from: string;
  /** A group id or an outcome id. */
  readonly to: string;
  readonly predicted: number;
  /** k / n; null when n = 0. */
  readonly observed: number | null;
  /** Completed visits of `from`. */
  readonly n: number;
  /** Those whose next stage is `to`. */
  readonly k: number;
  readonly ci: Interval | null;
  /** `off-process`: the data moves G → H where the process gives it share 0. */
  readonly verdict: Verdict | 'off-process';
}

/** Fitted numbers for a one-step group, rounded as `--write` puts them into the file. */
export interface FittedStep {
  /** One entry per transition of the step, in file order: the observed share, rounded to 2 decimals (summing to 1 in hundredths). Absent when the data cannot tell the transitions apart. */
  readonly p?: readonly { readonly to: string; readonly p: number; readonly path: DocPath }[];
  /** PERT estimate of the step's duration (2 decimals); absent for a parallel step. */
  readonly duration?: PertFit & { readonly path: DocPath };
}

/** Time in one observed stage. */
export interface StageComparison {
  /** The group id. */
  readonly stage: string;
  readonly steps: readonly string[];
  /** T(G). */
  readonly predictedDays: number;
  /** Completed visits. */
  readonly n: number;
  /** Open visits (censored at `--as-of`). */
  readonly censored: number;
  /** Mean of the completed visits. */
  readonly mean: number | null;
  /** mean ± 1.96·sd/√n. */
  readonly ci: Interval | null;
  /** Kaplan–Meier quantiles over completed and censored visits; null when the curve never gets there. */
  readonly p50: number | null;
  readonly p80: number | null;
  readonly p90: number | null;
  readonly verdict: Verdict;
  readonly fitted?: FittedStep;
}

/** A lint-style finding about a node of the process document; the CLI turns `path` into file:line:column with `locate`. */
export interface CalibrationFinding {
  readonly ruleId: 'calibration-share' | 'calibration-time' | 'calibration-win-rate' | 'off-process' | 'unknown-stage';
  readonly severity: Severity;
  readonly message: string;
  readonly path: DocPath;
}

/** The calibration report (the contract's JSON shape, without `file`, `process`, `version` and `asOf`, which the CLI adds). */
export interface CalibrationReport {
  readonly deals: { readonly total: number; readonly won: number; readonly lost: number; readonly disqualified: number; readonly open: number; readonly ignored: number };
  readonly unmapped: readonly { readonly stage: string; readonly deals: number }[];
  readonly winRate: WinRateComparison;
  readonly cycleDays: CycleComparison;
  readonly transitions: readonly TransitionComparison[];
  readonly stages: readonly StageComparison[];
  readonly findings: readonly CalibrationFinding[];
}

/** The verdict of a prediction against an interval over n observations. */
function verdictOf(predicted: number, ci: Interval | undefined, n: number, minSample: number): Verdict {
  if (n < minSample || ci === undefined) return 'too-few';
  return predicted < ci[0] || predicted > ci[1] ? 'differs' : 'ok';
}

const fmt = (x: number): string => String(Math.round(x * 1000) / 1000);
const fmtCi = (ci: Interval): string => `${fmt(ci[0])}–${fmt(ci[1])}`;

/**
 * Rounds shares to `decimals` decimals so that they sum to exactly 1 in units of 10^-decimals (largest-remainder
 * method): each share, normalised by the total, gets the floor of its units, and the units left over go one each
 * to the largest remainders (ties: the earlier share). Weights may be counts. All zero weights give all zeros.
 */
export function roundShares(weights: readonly number[], decimals = 2): number[] {
  const scale = 10 ** decimals;
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return weights.map(() => 0);
  // 1e-9: k·100/n like 28.999999999999996 is 29 units, not 28 with a remainder of 1.
  const exact = weights.map((w) => (w / total) * scale);
  const units = exact.map((x) => Math.floor(x + 1e-9));
  let left = scale - units.reduce((sum, u) => sum + u, 0);
  const order = exact.map((x, i) => i).sort((i, j) => exact[j]! - units[j]! - (exact[i]! - units[i]!) || i - j);
  for (let r = 0; left > 0 && r < order.length; r++, left--) units[order[r]!]!++;
  return units.map((u) => u / scale);
}

/** x rounded to 2 decimals. */
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Compares a process's predictions for observed data with deal data (the deal-data contract, §4).
 *
 * - Next-stage shares: per group G, n = its completed visits and k = those whose next stage is H; the observed
 *   share k/n with its 95% Wilson interval against s(G→H). Listed: every H with s > 0, then every H the data
 *   shows where s = 0 (`off-process`, with a finding).
 * - Time in stage: the mean of completed visits with mean ± 1.96·sd/√n against T(G); Kaplan–Meier p50/p80/p90
 *   with open visits censored at `--as-of`.
 * - Win rate over closed deals (Wilson) against w(start); won cycle lengths against E[cycle | won] (no verdict).
 * - Verdicts: `too-few` below `minSample` observations, `differs` when the prediction is outside the interval,
 *   else `ok`; each `differs` and each off-process move is a finding at the document path it is about (the
 *   transition's `p`, the step's `duration`, `targets.winRate`), and each unmapped stage an `unknown-stage`
 *   finding at the crm stage map.
 * - Fitted numbers, for groups of one step with n ≥ minSample: `p` per transition from the observed counts of
 *   the group its target is observed as (possible when the targets are distinct outcomes or steps in distinct
 *   groups: no self-loop, no silent target), normalised over the step's transitions and rounded by
 *   {@link roundShares}; `duration` from {@link fitPert} of the completed times minus the declared mean gap
 *   Σ p·E[within], rounded to 2 decimals (not for parallel steps).
 */
export function calibrate(input: CalibrationInput): CalibrationReport {
  const { process, visits, predicted, minSample } = input;
  const findings: CalibrationFinding[] = [];
  const groupOfStep = new Map<string, string>();
  for (const group of predicted.groups.values()) for (const step of group.steps) groupOfStep.set(step, group.id);

  const observations = 'count' in visits.visits ? observationsOfColumns(visits as VisitColumns, predicted) : observationsOfVisits(visits as VisitsResult, predicted);
  const dealsOf = observations.deals;

  // Deals and the win rate.
  let won = 0;
  let lost = 0;
  let disqualified = 0;
  let open = 0;
  const wonCycles: number[] = [];
  for (let i = 0; i < dealsOf.count; i++) {
    const result = dealsOf.result[i];
    if (result === WON) {
      won++;
      if (!Number.isNaN(dealsOf.cycleDays[i]!)) wonCycles.push(dealsOf.cycleDays[i]!);
    } else if (result === LOST) lost++;
    else if (result === DISQUALIFIED) disqualified++;
    else open++;
  }
  // The predicted win rate is over all deals, so a disqualified deal is a closed deal that was not won.
  const closed = won + lost + disqualified;
  // Deals still open would be counted out, and near --as-of the quick losses have closed while the slower wins
  // have not: the open deals count as censored at their age instead (Aalen–Johansen; with none open, won/closed).
  const observedWinRate = open > 0 && input.asOf !== undefined && closed > 0 ? censoredWinRate(dealsOf, process, input.asOf) : closed > 0 ? won / closed : undefined;
  const winCi = open > 0 && input.asOf !== undefined ? wilsonAround(observedWinRate ?? NaN, closed) : wilsonInterval(won, closed);
  const winRate: WinRateComparison = {
    predicted: predicted.winRate,
    observed: observedWinRate ?? null,
    n: closed,
    ci: winCi ?? null,
    verdict: verdictOf(predicted.winRate, winCi, closed, minSample),
  };
  if (winRate.verdict === 'differs') {
    findings.push({
      ruleId: 'calibration-win-rate',
      severity: 'warning',
      message: `observed win rate ${fmt(winRate.observed!)} (n ${closed}, 95% CI ${fmtCi(winCi!)}) but the process predicts ${fmt(predicted.winRate)}: check the probabilities on the way to won`,
      path: ['targets', 'winRate'],
    });
  }
  // The built-in numeric sort of a Float64Array: several times faster than a comparator on an array.
  const wonSorted = Float64Array.from(wonCycles).sort();
  const cycleDays: CycleComparison = {
    predicted: predicted.expectedCycleWon ?? null,
    observedMean: meanInterval(wonSorted).mean ?? null,
    observedMedian: empiricalQuantile(wonSorted, 0.5) ?? null,
    n: wonSorted.length,
  };

  const byGroup = observations.groups;
  const transitions: TransitionComparison[] = [];
  const stages: StageComparison[] = [];
  for (const group of predicted.groups.values()) {
    const data = byGroup.get(group.id)!;
    const n = data.completed.length;
    const targets = [...group.shares].filter(([, s]) => s > 0).map(([to]) => to);
    const offProcess = [...data.next.keys()].filter((to) => !((group.shares.get(to) ?? 0) > 0)).sort();
    const destinations = [...targets, ...offProcess];
    // Open visits are censored: the moves that take longer have not happened yet for them (Aalen–Johansen shares;
    // with no visit open, exactly k/n).
    const censoredShares = data.openTimes.length > 0 && n > 0 ? sharesWithOpenVisits(data, destinations) : undefined;
    destinations.forEach((to, index) => {
      const k = data.next.get(to) ?? 0;
      const share = group.shares.get(to) ?? 0;
      const observed = n === 0 ? undefined : censoredShares === undefined ? k / n : censoredShares[index]!;
      const ci = censoredShares === undefined ? wilsonInterval(k, n) : wilsonAround(observed!, n);
      const verdict = share > 0 ? verdictOf(share, ci, n, minSample) : 'off-process';
      transitions.push({ from: group.id, to, predicted: share, observed: observed ?? null, n, k, ci: ci ?? null, verdict });
      if (verdict === 'differs') {
        findings.push({
          ruleId: 'calibration-share',
          severity: 'warning',
          message: `${group.id} → ${to}: observed share ${fmt(observed!)} (k ${k} of n ${n}, 95% CI ${fmtCi(ci!)}) but the process predicts ${fmt(share)}`,
          path: sharePath(process, group, to, predicted),
        });
      } else if (verdict === 'off-process') {
        findings.push({
          ruleId: 'off-process',
          severity: 'warning',
          message: `${k} of ${n} visits of ${group.id} moved to ${to}, which the process does not allow from there: add the transition or fix the crm stage map`,
          path: [...firstStepPath(process, group), 'next'],
        });
      }
    });

    const estimate = meanInterval(data.completed);
    // Sorted once for Kaplan–Meier and the PERT fit (the mean sums in visit order, as always).
    const sortedTimes = Float64Array.from(data.completed).sort();
    const [p50, p80, p90] = kaplanMeierQuantiles(sortedTimes, data.openTimes, [0.5, 0.8, 0.9], true);
    const verdict = verdictOf(group.timeInStage, estimate.ci, n, minSample);
    const onlyStep = group.steps.length === 1 ? process.steps.get(group.steps[0]!) : undefined;
    if (verdict === 'differs') {
      findings.push({
        ruleId: 'calibration-time',
        severity: 'warning',
        message: `time in ${group.id}: observed mean ${fmt(estimate.mean!)} business days (n ${n}, 95% CI ${fmtCi(estimate.ci!)}) but the process predicts ${fmt(group.timeInStage)}`,
        path: onlyStep !== undefined ? [...onlyStep.path, onlyStep.parallel.length > 0 ? 'parallel' : 'duration'] : firstStepPath(process, group),
      });
    }
    const fitted = onlyStep !== undefined && n >= minSample && n > 0 ? fitStep(onlyStep, sortedTimes, censoredShares === undefined ? data.next : new Map(destinations.map((to, i) => [to, censoredShares[i]!])), groupOfStep, process) : undefined;
    stages.push({
      stage: group.id,
      steps: group.steps,
      predictedDays: group.timeInStage,
      n,
      censored: data.openTimes.length,
      mean: estimate.mean ?? null,
      ci: estimate.ci ?? null,
      p50: p50 ?? null,
      p80: p80 ?? null,
      p90: p90 ?? null,
      verdict,
      ...(fitted === undefined ? {} : { fitted }),
    });
  }

  const stageMapPath: DocPath = process.crm === undefined ? ['steps'] : [...process.crm.path, 'stages'];
  for (const u of observations.unmapped) {
    findings.push({
      ruleId: 'unknown-stage',
      severity: 'warning',
      message: `stage ${quote(u.stage)} (${u.deals} deal${u.deals === 1 ? '' : 's'}) maps to no step or outcome: add it to crm.stages`,
      path: stageMapPath,
    });
  }

  return {
    deals: { total: dealsOf.count + observations.ignoredDeals, won, lost, disqualified, open, ignored: observations.ignoredDeals },
    unmapped: observations.unmapped.map((u) => ({ stage: u.stage, deals: u.deals })),
    winRate,
    cycleDays,
    transitions,
    stages,
    findings,
  };
}

const WON = 1;
const LOST = 2;
const DISQUALIFIED = 3;

/** What the comparison reads of the visits, whichever form they came in: per group its times and moves, per deal its result. */
interface Observations {
  readonly groups: ReadonlyMap<string, GroupObservations>;
  readonly deals: DealObservations;
  readonly unmapped: readonly UnmappedStage[];
  readonly ignoredDeals: number;
}

/** One observed group's visits: completed (with where each went) and open, in visit order. */
interface GroupObservations {
  readonly completed: Float64Array;
  /** Per completed visit: index into `targetIds`. */
  readonly completedNext: Int32Array;
  readonly targetIds: readonly string[];
  /** Completed visits per next stage, in order of first appearance. */
  readonly next: ReadonlyMap<string, number>;
  readonly openTimes: Float64Array;
}

/** Per deal with a mapped event: WON, LOST, DISQUALIFIED or 0 (open), the cycle (NaN while open) and the first event's instant. */
interface DealObservations {
  readonly count: number;
  readonly result: ArrayLike<number>;
  readonly cycleDays: ArrayLike<number>;
  readonly startedAt: ArrayLike<number>;
}

/** The observations of visits as objects. */
function observationsOfVisits(visits: VisitsResult, predicted: PredictedView): Observations {
  const targetIds: string[] = [];
  const targetIndex = new Map<string, number>();
  const collected = new Map<string, { completed: number[]; completedNext: number[]; next: Map<string, number>; openTimes: number[] }>();
  for (const id of predicted.groups.keys()) collected.set(id, { completed: [], completedNext: [], next: new Map(), openTimes: [] });
  for (const visit of visits.visits) {
    const g = collected.get(visit.group);
    if (g === undefined) continue; // a group the predictions do not know: the caller's resolver and view disagree
    if (visit.next === undefined) g.openTimes.push(visit.businessDays);
    else {
      const to = visit.next.id;
      const t = internId(to, targetIds, targetIndex);
      g.completed.push(visit.businessDays);
      g.completedNext.push(t);
      g.next.set(to, (g.next.get(to) ?? 0) + 1);
    }
  }
  const groups = new Map<string, GroupObservations>();
  for (const [id, g] of collected) {
    groups.set(id, { completed: Float64Array.from(g.completed), completedNext: Int32Array.from(g.completedNext), targetIds, next: g.next, openTimes: Float64Array.from(g.openTimes) });
  }
  const count = visits.deals.length;
  const result = new Int8Array(count);
  const cycleDays = new Float64Array(count);
  const startedAt = new Float64Array(count);
  visits.deals.forEach((deal, i) => {
    result[i] = deal.result === 'won' ? WON : deal.result === 'lost' ? LOST : deal.result === 'disqualified' ? DISQUALIFIED : 0;
    cycleDays[i] = deal.cycleDays ?? NaN;
    startedAt[i] = deal.startedAt;
  });
  return { groups, deals: { count, result, cycleDays, startedAt }, unmapped: visits.unmapped, ignoredDeals: visits.ignoredDeals };
}

/** The observations of visits in columns: counted per group first, then filled, no object per visit. */
function observationsOfColumns(columns: VisitColumns, predicted: PredictedView): Observations {
  const v = columns.visits;
  // The visit table's group index → the predictions' group (-1: a group the predictions do not know).
  const known = v.groupIds.map((id) => (predicted.groups.has(id) ? id : undefined));
  const completedCount = new Int32Array(v.groupIds.length);
  const openCount = new Int32Array(v.groupIds.length);
  for (let i = 0; i < v.count; i++) {
    if (v.next[i] === -1) openCount[v.group[i]!]!++;
    else completedCount[v.group[i]!]!++;
  }
  const filled = v.groupIds.map((_, g) => ({ completed: new Float64Array(completedCount[g]!), completedNext: new Int32Array(completedCount[g]!), openTimes: new Float64Array(openCount[g]!), c: 0, o: 0, nextCounts: new Int32Array(v.targetIds.length), firstSeen: [] as number[] }));
  for (let i = 0; i < v.count; i++) {
    const f = filled[v.group[i]!]!;
    const next = v.next[i]!;
    if (next === -1) f.openTimes[f.o++] = v.businessDays[i]!;
    else {
      if (f.nextCounts[next]!++ === 0) f.firstSeen.push(next);
      f.completedNext[f.c] = next;
      f.completed[f.c++] = v.businessDays[i]!;
    }
  }
  const groups = new Map<string, GroupObservations>();
  for (const id of predicted.groups.keys()) {
    const g = v.groupIds.indexOf(id);
    if (g === -1 || known[g] === undefined) {
      groups.set(id, { completed: new Float64Array(0), completedNext: new Int32Array(0), targetIds: v.targetIds, next: new Map(), openTimes: new Float64Array(0) });
      continue;
    }
    const f = filled[g]!;
    // Summed by id: a group and an outcome may share one.
    const next = new Map<string, number>();
    for (const t of f.firstSeen) next.set(v.targetIds[t]!, (next.get(v.targetIds[t]!) ?? 0) + f.nextCounts[t]!);
    groups.set(id, { completed: f.completed, completedNext: f.completedNext, targetIds: v.targetIds, next, openTimes: f.openTimes });
  }
  const d = columns.deals;
  return { groups, deals: { count: d.count, result: d.result, cycleDays: d.cycleDays, startedAt: d.startedAt }, unmapped: columns.unmapped, ignoredDeals: columns.ignoredDeals };
}

/** The next-stage shares of a group's visits with its open visits censored at their time so far. */
function sharesWithOpenVisits(data: GroupObservations, destinations: readonly string[]): Float64Array {
  const index = new Map(destinations.map((to, i) => [to, i]));
  const n = data.completed.length;
  const times = new Float64Array(n + data.openTimes.length);
  times.set(data.completed);
  times.set(data.openTimes, n);
  const causes = new Int32Array(times.length).fill(-1);
  const causeOfTarget = data.targetIds.map((to) => index.get(to) ?? -1);
  for (let i = 0; i < n; i++) causes[i] = causeOfTarget[data.completedNext[i]!]!;
  return competingShares(times, causes, destinations.length);
}

/** The win rate with deals still open censored at their age (business days from their first event to `asOf`). */
function censoredWinRate(deals: DealObservations, process: Process, asOf: number): number {
  const times: number[] = [];
  const causes: number[] = [];
  for (let i = 0; i < deals.count; i++) {
    const result = deals.result[i];
    if (result !== WON && result !== LOST && result !== DISQUALIFIED) {
      times.push(businessTimeBetween(deals.startedAt[i]!, asOf, process.calendar));
      causes.push(-1);
    } else if (!Number.isNaN(deals.cycleDays[i]!)) {
      times.push(deals.cycleDays[i]!);
      causes.push(result === WON ? 0 : 1);
    }
  }
  return competingShares(times, causes, 2)[0]!;
}

/** The document path of the first step of a group (its steps are in file order). */
function firstStepPath(process: Process, group: PredictedGroup): DocPath {
  return process.steps.get(group.steps[0]!)?.path ?? ['steps', group.steps[0]!];
}

/**
 * Where a share G → H lives in the document: the `p` of the first transition from a step of G into H (H's steps,
 * or the outcome H); without one, the first step's `next`.
 */
function sharePath(process: Process, group: PredictedGroup, to: string, predicted: PredictedView): DocPath {
  const targetSteps = predicted.groups.get(to)?.steps;
  for (const id of group.steps) {
    const step = process.steps.get(id);
    if (step === undefined) continue;
    const t = step.next.find((t) => (targetSteps === undefined ? t.to === to : targetSteps.includes(t.to)));
    if (t !== undefined) return [...t.path, 'p'];
  }
  return [...firstStepPath(process, group), 'next'];
}

/** The fitted `p` and `duration` of a one-step group's step (see {@link calibrate}). */
/** Fitted numbers of a one-step group; `next` weighs each next stage (counts, or censored shares with visits open). */
function fitStep(step: Step, sortedCompleted: Float64Array, next: ReadonlyMap<string, number>, groupOfStep: ReadonlyMap<string, string>, process: Process): FittedStep {
  // Each transition's target as the data sees it: an outcome id, or the group of a step; undefined when invisible.
  const observedAs = step.next.map((t) => (process.outcomes.has(t.to) && !process.steps.has(t.to) ? t.to : groupOfStep.get(t.to)));
  const distinct = new Set(observedAs);
  const ownGroup = groupOfStep.get(step.id);
  const separable = observedAs.every((id) => id !== undefined && id !== ownGroup) && distinct.size === observedAs.length;
  let p: FittedStep['p'];
  if (separable && step.next.length > 0) {
    const counts = observedAs.map((id) => next.get(id!) ?? 0);
    if (counts.some((c) => c > 0)) {
      const rounded = roundShares(counts);
      p = step.next.map((t, i) => ({ to: t.to, p: rounded[i]!, path: [...t.path, 'p'] }));
    }
  }
  let duration: FittedStep['duration'];
  if (step.parallel.length === 0) {
    const meanGap = step.next.reduce((sum, t) => sum + t.p * expectedWithin(t.within), 0);
    const fit = fitPert(sortedCompleted, meanGap, true);
    if (fit !== undefined) duration = { min: round2(fit.min), likely: round2(fit.likely), max: round2(fit.max), path: [...step.path, 'duration'] };
  }
  return { ...(p === undefined ? {} : { p }), ...(duration === undefined ? {} : { duration }) };
}

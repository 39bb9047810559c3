/** Quantiles of the business time a deal spends in one observed stage: exact where a closed form exists, else seeded. */
import { durationCdf, durationSupport } from '../model/duration.js';
import type { Duration, Process, Step } from '../model/types.js';
import { DEFAULT_STEP_CAP } from '../simulate/engine.js';
import { chunkState, Xoshiro128 } from '../simulate/rng.js';
import { DurationSampler, SamplerTableBuilder } from '../simulate/samplers.js';
import { observedView } from './observed.js';

/** Probability mass that may go missing from a step before it counts as a leak (as metrics.ts). */
const LEAK_TOLERANCE = 1e-6;

/** Sojourns drawn when no closed form applies. */
export const STAGE_TIME_DRAWS = 20_000;

/**
 * The q-quantile of the business time a deal spends in observed group `groupId` per entry: from entering the group
 * until entering another group or an outcome (durations of the group's steps and of silent steps visited meanwhile,
 * and every `within` on the way out, as {@link observedView}'s T(G) counts them). Entries are weighted by n(G,e),
 * so the result is the quantile of the time in stage of a random visit of the stage, the distribution whose mean is
 * T(G). It is the smallest t with P(time in stage ≤ t) ≥ q; a stage a deal may never leave (a probability leak or a
 * trap) has mass at +∞, so high quantiles may be Infinity.
 *
 * Method:
 * - **Exact** when the group is one step that no loop returns to while in the stage (no transition to itself or to a
 *   silent step) and whose `within`s are fixed or absent: the time is the step's duration D (a parallel step: the max
 *   of its independent tracks, CDF ∏F_k) plus the fixed gap g_j of the transition taken, so
 *   F(t) = Σ_j p_j·F_D(t − g_j). When D is fixed too the distribution is discrete and the quantile is the atom
 *   where the cumulative probability reaches q (within 1e-12); otherwise F is inverted by bisection to 1e-12 relative.
 * - **Seeded Monte Carlo** otherwise: `draws` sojourns (default 20,000) of the stage alone, each starting at an entry
 *   step drawn with probability n(G,e)/Σn, walking the process with its own duration samplers and xoshiro128** stream
 *   (seed `seed`, chunk 0) until it enters another group or an outcome (a sojourn longer than 10,000 steps counts as
 *   never ending). The result is the ⌈q·draws⌉-th smallest sojourn. The same seed gives the same number.
 *
 * NaN when the group is never entered. Throws a RangeError for an unknown group id, q outside [0, 1] or a draw
 * count that is not a positive integer.
 */
export function stageTimeQuantile(
  process: Process,
  groupOf: ReadonlyMap<string, string>,
  groupId: string,
  q: number,
  seed: number,
  draws: number = STAGE_TIME_DRAWS,
): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must lie in [0, 1], got ${q}`);
  if (!Number.isSafeInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  const group = observedView(process, groupOf).groups.get(groupId);
  if (group === undefined) throw new RangeError(`no observed group "${groupId}"`);
  if (!(group.totalEntries > 0)) return NaN;
  const inStage = (to: string): boolean => process.steps.has(to) && (groupOf.get(to) === groupId || !groupOf.has(to));
  if (group.steps.length === 1) {
    const step = process.steps.get(group.steps[0]!)!;
    const live = step.next.filter((t) => t.p > 0 && (process.steps.has(t.to) || process.outcomes.has(t.to)));
    if (live.every((t) => !inStage(t.to) && (t.within === undefined || t.within.dist === 'fixed'))) {
      return exactQuantile(step, live.map((t) => ({ p: t.p, gap: t.within === undefined ? 0 : fixedValue(t.within) })), q);
    }
  }
  return simulatedQuantile(process, groupOf, groupId, group.entries, q, seed, draws);
}

function fixedValue(d: Duration): number {
  return d.dist === 'fixed' ? d.value : NaN;
}

/** The durations whose max a visit of the step lasts: its own, or its tracks'. */
function stepDurations(step: Step): Duration[] {
  if (step.parallel.length > 0) return step.parallel.map((track) => track.duration);
  return [step.duration ?? { dist: 'fixed', value: 0 }];
}

/** The smallest t with Σ_j p_j·F_D(t − g_j) ≥ q (see stageTimeQuantile). */
function exactQuantile(step: Step, exits: readonly { p: number; gap: number }[], q: number): number {
  const durations = stepDurations(step);
  const supports = durations.map(durationSupport);
  const low = Math.max(...supports.map(([a]) => a));
  const high = Math.max(...supports.map(([, b]) => b));
  if (exits.length === 0) return Infinity;
  const total = exits.reduce((sum, e) => sum + e.p, 0);
  const leaks = total < 1 - LEAK_TOLERANCE;
  if (leaks && q > total) return Infinity; // the rest of the mass never leaves the stage
  if (!(high > low)) {
    // A fixed duration: atoms at low + gap.
    const atoms = [...exits].sort((a, b) => a.gap - b.gap);
    let cumulative = 0;
    for (const atom of atoms) {
      cumulative += atom.p;
      if (cumulative >= q - 1e-12) return low + atom.gap;
    }
    return leaks ? Infinity : low + atoms[atoms.length - 1]!.gap;
  }
  const cdf = (t: number): number => {
    let value = 0;
    for (const exit of exits) {
      let product = 1;
      for (const d of durations) {
        product *= durationCdf(d, t - exit.gap);
        if (product === 0) break;
      }
      value += exit.p * product;
    }
    return value;
  };
  let lo = low + Math.min(...exits.map((e) => e.gap));
  let hi = high + Math.max(...exits.map((e) => e.gap));
  if (q <= 0) return lo;
  // Invariant: cdf(lo) < q ≤ cdf(hi) (up to the boundary), so hi converges to the smallest t with cdf(t) ≥ q.
  for (let iteration = 0; iteration < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); iteration++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) >= q) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One step's transitions for the walk: target step index (−1: leaves the stage), p and `within` sampler. */
interface WalkRow {
  readonly durations: number[];
  /** p sums below 1 − 1e-6: a deal may vanish here. */
  leaks: boolean;
  readonly to: number[];
  readonly p: number[];
  readonly within: number[];
}

function simulatedQuantile(
  process: Process,
  groupOf: ReadonlyMap<string, string>,
  groupId: string,
  entries: ReadonlyMap<string, number>,
  q: number,
  seed: number,
  draws: number,
): number {
  const ids = [...process.steps.keys()];
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const builder = new SamplerTableBuilder();
  const rows: WalkRow[] = ids.map((id) => {
    const step = process.steps.get(id)!;
    const row: WalkRow = { durations: stepDurations(step).map((d) => builder.add(d)), leaks: false, to: [], p: [], within: [] };
    for (const t of step.next) {
      if (!(t.p > 0)) continue;
      const j = indexOf.get(t.to);
      const stays = j !== undefined && (groupOf.get(t.to) === groupId || !groupOf.has(t.to));
      if (j === undefined && !process.outcomes.has(t.to)) continue; // an unknown id: the mass leaks
      row.to.push(stays ? j! : -1);
      row.p.push(t.p);
      row.within.push(builder.add(t.within));
    }
    row.leaks = row.p.reduce((sum, p) => sum + p, 0) < 1 - LEAK_TOLERANCE;
    return row;
  });
  const sampler = new DurationSampler(builder.build(), new Xoshiro128(chunkState(seed, 0)));
  const rng = sampler.rng;
  const entrySteps: number[] = [];
  const entryCumulative: number[] = [];
  let totalEntries = 0;
  for (const [id, count] of entries) {
    if (!(count > 0)) continue;
    totalEntries += count;
    entrySteps.push(indexOf.get(id)!);
    entryCumulative.push(totalEntries);
  }

  const samples = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    const pick = rng.nextDouble() * totalEntries;
    let k = 0;
    while (k < entrySteps.length - 1 && pick >= entryCumulative[k]!) k++;
    let at = entrySteps[k]!;
    let time = 0;
    for (let visits = 0; ; visits++) {
      if (visits >= DEFAULT_STEP_CAP) {
        time = Infinity;
        break;
      }
      const row = rows[at]!;
      let duration = -Infinity;
      for (const id of row.durations) duration = Math.max(duration, sampler.sample(id));
      time += duration;
      let u = rng.nextDouble();
      let chosen = -1;
      for (let t = 0; t < row.p.length; t++) {
        u -= row.p[t]!;
        if (u < 0) {
          chosen = t;
          break;
        }
      }
      if (chosen < 0 && (row.leaks || row.p.length === 0)) {
        time = Infinity; // the deal vanishes: it never enters another stage
        break;
      }
      if (chosen < 0) chosen = row.p.length - 1; // p summing to 1 up to rounding
      time += sampler.sample(row.within[chosen]!);
      const next = row.to[chosen]!;
      if (next < 0) break;
      at = next;
    }
    samples[d] = time;
  }
  samples.sort();
  const index = Math.min(draws - 1, Math.max(0, Math.ceil(q * draws) - 1));
  return samples[index]!;
}

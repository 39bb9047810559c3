/** Runs a simulation in this thread, chunk by chunk, and turns the merged statistics into the documented report. */
import type { OutcomeResult, Process } from '../model/types.js';
import { CHUNK_DEALS, DealSimulator, DEFAULT_STEP_CAP, statsShape } from './engine.js';
import { compileModel, GATED, type SimulationModel } from './model.js';
import { bucketMidpoint, histogramQuantile, HISTOGRAM_BUCKETS, SimulationStats } from './stats.js';

/** What to simulate. */
export interface SimulationOptions {
  /** Number of deals, ≥ 1. */
  readonly deals: number;
  /** A non-negative safe integer; the same seed and deal count give the same report. */
  readonly seed: number;
  /** Start deals at this step (deals in flight) instead of the process's `start`. */
  readonly from?: string;
  /** Step visits after which a deal counts as stuck; default 10,000. */
  readonly stepCap?: number;
  /** Extra percentiles of the won cycle to report (each in (0, 100]), in `cycleDays.percentiles`. */
  readonly percentiles?: readonly number[];
}

/** A simulation's raw totals: the merged stats and the summed cycle-length histogram. */
export interface SimulationTotals {
  readonly stats: SimulationStats;
  readonly histogram: Float64Array;
}

/** Called after each merged chunk with the number of deals simulated so far. */
export type ProgressCallback = (dealsDone: number, dealsTotal: number) => void;

/** Number of chunks a run of `deals` deals splits into. */
export function chunkCount(deals: number): number {
  return Math.ceil(deals / CHUNK_DEALS);
}

/** Deals in chunk `index` of a run of `deals` deals (every chunk is full but the last). */
export function chunkDeals(index: number, deals: number): number {
  return Math.min(CHUNK_DEALS, deals - index * CHUNK_DEALS);
}

/**
 * Simulates every chunk in this thread, merging in chunk order. The worker pool (workers.ts) runs the same
 * chunks with the same seeds and merges in the same order, so both give identical totals.
 */
export function runInThisThread(model: SimulationModel, options: SimulationOptions, onProgress?: ProgressCallback): SimulationTotals {
  const simulator = new DealSimulator(model, options.stepCap ?? DEFAULT_STEP_CAP);
  const stats = new SimulationStats(statsShape(model));
  const chunks = chunkCount(options.deals);
  for (let index = 0; index < chunks; index++) {
    stats.merge(simulator.runChunk(options.seed, index, chunkDeals(index, options.deals)));
    onProgress?.(stats.deals, options.deals);
  }
  return { stats, histogram: simulator.histogram };
}

/** The JSON report of a simulation (documented in the README; CI scripts rely on its shape). */
export interface SimulationReport {
  readonly process: string;
  readonly version: string;
  readonly seed: number;
  readonly deals: number;
  /** The step deals started at. */
  readonly from: string;
  readonly stepCap: number;
  readonly winRate: number;
  /** √(p(1 − p)/deals). */
  readonly winRateStdErr: number;
  /** Share of deals that ended in a `disqualified` outcome (not opportunities); 0 without such outcomes. */
  readonly disqualifiedRate: number;
  /** Won deals over deals that did not end disqualified: the win rate of qualified opportunities. */
  readonly qualifiedWinRate: number;
  /** Cycle length in business days of won deals; null when no deal was won. */
  readonly cycleDays: CycleDays | null;
  readonly outcomes: readonly { readonly outcome: string; readonly result: OutcomeResult; readonly deals: number; readonly share: number }[];
  /** Deals that made `stepCap` step visits (or hit a dead end) without reaching an outcome. */
  readonly stuck: number;
  /** Per step, in file order: the share of deals that reached it at least once, and visits per deal. */
  readonly funnel: readonly { readonly step: string; readonly title: string; readonly deals: number; readonly reached: number; readonly visitsPerDeal: number }[];
  readonly bottlenecks: Bottlenecks;
  /** Lost deals by (outcome, reason), most first; share is of all deals. */
  readonly lostReasons: readonly { readonly outcome: string; readonly reason: string | null; readonly deals: number; readonly share: number }[];
  /** Per gated ask step: deals that reached it without its gate met; share is of the deals that reached it. Null with `from`. */
  readonly gateMisses: readonly { readonly step: string; readonly deals: number; readonly share: number }[] | null;
  /** Won cycle lengths in up to 20 bins of a round width; the last bin is open-ended (`to` null). */
  readonly cycleHistogram: readonly { readonly from: number; readonly to: number | null; readonly deals: number }[];
}

/** Cycle length of won deals in business days: mean, spread and percentiles. */
export interface CycleDays {
  readonly mean: number;
  /** Standard error of the mean: stdDev/√won (null below two won deals). */
  readonly stdErr: number | null;
  readonly stdDev: number | null;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p80: number;
  readonly p90: number;
  readonly p95: number;
  /** The percentiles asked for with the `percentiles` option, in that order; absent when none were asked for. */
  readonly percentiles?: readonly { readonly p: number; readonly days: number }[];
}

/**
 * Where deal time goes. Time shares are of the total time of all deals (won, lost and stuck): the steps' shares
 * plus `waitingShare` (the `within` gaps) sum to 1. A track's share is the time it ran, overlapping its
 * siblings; its criticality is the share of its step's visits in which it was the longest.
 */
export interface Bottlenecks {
  readonly waitingShare: number;
  readonly steps: readonly { readonly step: string; readonly timeShare: number; readonly daysPerVisit: number | null }[];
  readonly tracks: readonly { readonly step: string; readonly track: string; readonly timeShare: number; readonly criticality: number | null }[];
}

/** The quantiles the report gives. */
export const REPORTED_QUANTILES = [0.5, 0.8, 0.9, 0.95] as const;

/** Turns totals into the report. Pure arithmetic on the totals, so identical totals give identical JSON. */
export function simulationReport(process: Process, model: SimulationModel, options: SimulationOptions, totals: SimulationTotals): SimulationReport {
  const { stats, histogram } = totals;
  const d = stats.data;
  const deals = stats.deals;
  const steps = model.stepIds.length;
  const winRate = stats.won / deals;
  const share = (count: number, of: number): number => (of > 0 ? count / of : 0);

  let totalDays = stats.waitingDays;
  for (let s = 0; s < steps; s++) totalDays += d[stats.stepDaysAt + s]!;

  const exits = model.exitOutcome.map((outcome, e) => ({ outcome, reason: model.exitReason[e]!, won: model.exitWon[e] === 1, deals: d[stats.exitsAt + e]! }));
  const byOutcome = new Map<string, number>();
  for (const exit of exits) byOutcome.set(exit.outcome, (byOutcome.get(exit.outcome) ?? 0) + exit.deals);
  let disqualified = 0;
  for (const [id, count] of byOutcome) if (process.outcomes.get(id)?.result === 'disqualified') disqualified += count;

  return {
    process: process.name,
    version: process.version,
    seed: options.seed,
    deals,
    from: model.stepIds[model.start]!,
    stepCap: options.stepCap ?? DEFAULT_STEP_CAP,
    winRate,
    winRateStdErr: Math.sqrt((winRate * (1 - winRate)) / deals),
    disqualifiedRate: share(disqualified, deals),
    qualifiedWinRate: share(stats.won, deals - disqualified),
    cycleDays: cycleDays(stats, histogram, options.percentiles),
    outcomes: [...process.outcomes.values()].map((o) => ({ outcome: o.id, result: o.result, deals: byOutcome.get(o.id) ?? 0, share: share(byOutcome.get(o.id) ?? 0, deals) })),
    stuck: stats.stuck,
    funnel: model.stepIds.map((step, s) => ({
      step,
      title: model.stepTitles[s]!,
      deals: d[stats.reachedAt + s]!,
      reached: share(d[stats.reachedAt + s]!, deals),
      visitsPerDeal: d[stats.visitsAt + s]! / deals,
    })),
    bottlenecks: {
      waitingShare: share(stats.waitingDays, totalDays),
      steps: model.stepIds.map((step, s) => {
        const visits = d[stats.visitsAt + s]!;
        return { step, timeShare: share(d[stats.stepDaysAt + s]!, totalDays), daysPerVisit: visits > 0 ? d[stats.stepDaysAt + s]! / visits : null };
      }),
      tracks: model.stepIds.flatMap((step, s) => {
        const visits = d[stats.visitsAt + s]!;
        const tracks = [];
        for (let e = model.durationStart[s]!; e < model.durationStart[s + 1]!; e++) {
          const track = model.entryTrack[e];
          if (track === null || track === undefined) continue;
          tracks.push({ step, track, timeShare: share(d[stats.entryDaysAt + e]!, totalDays), criticality: visits > 0 ? d[stats.criticalAt + e]! / visits : null });
        }
        return tracks;
      }),
    },
    lostReasons: exits
      .map((exit, order) => ({ ...exit, order }))
      .filter((exit) => !exit.won)
      .sort((a, b) => b.deals - a.deals || a.order - b.order)
      .map(({ outcome, reason, deals: count }) => ({ outcome, reason, deals: count, share: share(count, deals) })),
    gateMisses: model.checksGates
      ? model.stepIds.flatMap((step, s) => {
          if ((model.stepFlags[s]! & GATED) === 0) return [];
          const count = d[stats.gateMissesAt + s]!;
          return [{ step, deals: count, share: share(count, d[stats.reachedAt + s]!) }];
        })
      : null,
    cycleHistogram: cycleHistogram(histogram, stats),
  };
}

function cycleDays(stats: SimulationStats, histogram: Float64Array, percentiles: readonly number[] | undefined): CycleDays | null {
  const n = stats.won;
  if (n === 0) return null;
  const min = stats.wonMin;
  const max = stats.wonMax;
  const stdDev = n >= 2 ? Math.sqrt(stats.wonVariance) : null;
  const q = (p: number): number => histogramQuantile(histogram, n, p, min, max)!;
  return {
    mean: stats.wonMean,
    stdErr: stdDev === null ? null : stdDev / Math.sqrt(n),
    stdDev,
    min,
    max,
    p50: q(0.5),
    p80: q(0.8),
    p90: q(0.9),
    p95: q(0.95),
    ...(percentiles === undefined ? {} : { percentiles: percentiles.map((p) => ({ p, days: q(p / 100) })) }),
  };
}

const MAX_BINS = 20;

/**
 * Won cycle lengths in at most 20 bins of width 1, 2 or 5 × 10^k (k ≥ 0) business days, from below the minimum to the
 * 99th percentile; the last bin also holds everything above. Each histogram bucket counts in the bin of its
 * midpoint, so a deal within 0.05% of a bin edge may be counted in the neighbouring bin.
 */
function cycleHistogram(histogram: Float64Array, stats: SimulationStats): SimulationReport['cycleHistogram'] {
  const n = stats.won;
  if (n === 0) return [];
  const min = stats.wonMin;
  const top = histogramQuantile(histogram, n, 0.99, min, stats.wonMax)!;
  let width = 1;
  for (const candidate of niceWidths(top - min)) {
    width = candidate;
    if (Math.floor(top / width) - Math.floor(min / width) + 1 <= MAX_BINS) break;
  }
  const first = Math.floor(min / width) * width;
  const count = Math.max(1, Math.min(MAX_BINS, Math.floor(top / width) - Math.floor(min / width) + 1));
  const bins = Array.from({ length: count }, (_, i) => ({ from: first + i * width, to: i === count - 1 ? null : first + (i + 1) * width, deals: 0 }));
  for (let bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket++) {
    const deals = histogram[bucket]!;
    if (deals === 0) continue;
    const x = Math.min(stats.wonMax, Math.max(min, bucketMidpoint(bucket)));
    const i = Math.min(count - 1, Math.max(0, Math.floor((x - first) / width)));
    bins[i]!.deals += deals;
  }
  return bins;
}

/** Widths 1, 2, 5, 10, 20, 50… business days (whole days: bin edges stay round numbers). */
function* niceWidths(range: number): Generator<number> {
  let decade = 10 ** Math.floor(Math.log10(Math.max(range / MAX_BINS, 1)));
  for (;;) {
    for (const m of [1, 2, 5]) yield m * decade;
    decade *= 10;
  }
}

/**
 * Simulates a process in this thread: the library entry point (the CLI adds worker threads for large runs).
 * Throws RangeError when `from` names no step; the options are the caller's to validate.
 */
export function simulate(process: Process, options: SimulationOptions, onProgress?: ProgressCallback): SimulationReport {
  const model = compileModel(process, options.from === undefined ? {} : { from: options.from });
  return simulationReport(process, model, options, runInThisThread(model, options, onProgress));
}

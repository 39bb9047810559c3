/** The forecast's simulation, apart from preparing the deals: compact tables in, per-chunk sums out — all a worker thread loads. */
import type { Duration } from '../model/types.js';
import { DEFAULT_STEP_CAP } from '../simulate/engine.js';
import { chunkState, Xoshiro128 } from '../simulate/rng.js';
import { DurationSampler, SamplerTableBuilder, type SamplerTable } from '../simulate/samplers.js';

/** Deals per chunk of the simulation (a worker's unit of work); results never depend on it. */
export const FORECAST_CHUNK = 250;

/**
 * One process compiled for walking deals from a stage to an outcome: flat typed arrays only, so it is posted to
 * worker threads as is (no Process, no Maps) and a worker never compiles the process again.
 */
export interface WalkerTables {
  readonly samplers: SamplerTable;
  /** Per step: its duration samplers are durations[durationStart[s] … durationStart[s + 1]). */
  readonly durationStart: Int32Array;
  readonly durations: Int32Array;
  /** Per step: transitions [transitionStart[s], transitionStart[s + 1]). */
  readonly transitionStart: Int32Array;
  /** Cumulative probability, normalised to 1 within the step, the last raised to 2. */
  readonly cumulative: Float64Array;
  /** A step index (≥ 0), or −1 − outcome index. */
  readonly target: Int32Array;
  readonly within: Int32Array;
  readonly outcomeWon: Uint8Array;
  /** Per group: entry steps and cumulative entry weights (normalised, the last raised to 2). */
  readonly entrySteps: readonly Int32Array[];
  readonly entryCumulative: readonly Float64Array[];
  /** Business days from asOf to the end of each forecast month, in this process's calendar. */
  readonly monthEnds: Float64Array;
}

/**
 * {@link WalkerTables} before their samplers are tabulated (the costly part: a quantile table per distinct PERT
 * shape), with the durations instead: plain data, so another thread can tabulate them while this one reads deals.
 */
export interface WalkerPlan extends Omit<WalkerTables, 'samplers'> {
  /** The process's durations in sampler-id order (`undefined`: an absent `within`, a fixed 0). */
  readonly durationSpecs: readonly (Duration | undefined)[];
}

/** The samplers of a plan, tabulated: the same table on every thread. */
export function tabulateSamplers(plan: WalkerPlan): SamplerTable {
  const builder = new SamplerTableBuilder();
  for (const duration of plan.durationSpecs) builder.add(duration);
  return builder.build();
}

/** A plan and its tabulated samplers ({@link tabulateSamplers}, here or on another thread) as walker tables. */
export function walkerTablesOf(plan: WalkerPlan, samplers: SamplerTable = tabulateSamplers(plan)): WalkerTables {
  return {
    samplers,
    durationStart: plan.durationStart,
    durations: plan.durations,
    transitionStart: plan.transitionStart,
    cumulative: plan.cumulative,
    target: plan.target,
    within: plan.within,
    outcomeWon: plan.outcomeWon,
    entrySteps: plan.entrySteps,
    entryCumulative: plan.entryCumulative,
    monthEnds: plan.monthEnds,
  };
}

/**
 * What the simulation of the open deals needs, as compact data (typed arrays, for worker threads): per process its
 * walker tables, and per deal its process, its group (index in the observed view's order) and its stream.
 */
export interface ForecastSetup {
  readonly walkers: readonly WalkerTables[];
  readonly months: number;
  readonly seed: number;
  readonly runs: number;
  readonly processOf: Int32Array;
  readonly groupOf: Int32Array;
  /** Per deal: the stream index (a 52-bit hash of its id). */
  readonly streams: Float64Array;
  /** Number of currencies (deals without one count as one more). */
  readonly currencies: number;
  /** Per deal: the index of its currency, its amount (NaN when absent), its exact win probability. */
  readonly currencyOf: Int32Array;
  readonly amounts: Float64Array;
  readonly winProbability: Float64Array;
  /** Per deal: the month bucket of its expected won date, for a deal none of whose runs was won. */
  readonly expectedWonBucket: Int32Array;
}

/** One walker per process of a setup (each thread builds its own from the tables). */
export function compileWalkers(setup: ForecastSetup): ForecastWalkers {
  return setup.walkers.map((tables) => new Walker(tables));
}

/** Compiled processes for {@link simulateForecastChunk}; opaque. */
export type ForecastWalkers = readonly Walker[];

/** The sums a chunk of deals adds: per run × month × currency wins and amounts won, and the expectations per month × currency. */
export interface ForecastPartial {
  /** [run][month][currency], flattened. */
  readonly wins: Float64Array;
  readonly bookings: Float64Array;
  /** [month][currency], flattened. */
  readonly expectedWins: Float64Array;
  readonly expectedBookings: Float64Array;
}

/** The deal range [from, to) of chunk `index` of `count` deals. */
export function forecastChunkRange(index: number, count: number): [number, number] {
  return [index * FORECAST_CHUNK, Math.min(count, (index + 1) * FORECAST_CHUNK)];
}

/**
 * Simulates deals [from, to) of a setup and sums them, deal after deal: a pure function of the setup and the
 * range, whichever thread runs it. Each deal adds, in each run, one win and its amount to the month its won
 * close falls in; and its exact win probability, spread over the months as its simulated wins are (all in the
 * month of its expected won date when none is), to the expectations.
 */
export function simulateForecastChunk(setup: ForecastSetup, walkers: ForecastWalkers, from: number, to: number): ForecastPartial {
  const { runs, currencies: width } = setup;
  const buckets = setup.months + 1;
  const cells = buckets * width;
  const wins = new Float64Array(runs * cells);
  const bookings = new Float64Array(runs * cells);
  const expectedWins = new Float64Array(cells);
  const expectedBookings = new Float64Array(cells);
  const outcome = new Int16Array(runs);
  const wonIn = new Int32Array(buckets);
  for (let k = from; k < to; k++) {
    walkers[setup.processOf[k]!]!.run(setup.groupOf[k]!, setup.seed, setup.streams[k]!, outcome);
    const c = setup.currencyOf[k]!;
    const amount = setup.amounts[k]!;
    const hasAmount = !Number.isNaN(amount);
    wonIn.fill(0);
    let won = 0;
    for (let r = 0; r < runs; r++) {
      const bucket = outcome[r]!;
      if (bucket < 0) continue;
      won++;
      wonIn[bucket]!++;
      const cell = r * cells + bucket * width + c;
      wins[cell]! += 1;
      if (hasAmount) bookings[cell]! += amount;
    }
    if (won === 0) wonIn[setup.expectedWonBucket[k]!]! = won = 1;
    const w = setup.winProbability[k]!;
    for (let b = 0; b < buckets; b++) {
      if (wonIn[b] === 0) continue;
      const p = (w * wonIn[b]!) / won;
      expectedWins[b * width + c]! += p;
      if (hasAmount) expectedBookings[b * width + c]! += amount * p;
    }
  }
  return { wins, bookings, expectedWins, expectedBookings };
}

/** The month bucket of business time t from asOf: the first month ending after it, else `later`. */
export function bucketOf(monthEnds: ArrayLike<number>, t: number): number {
  let b = 0;
  while (b < monthEnds.length && t >= monthEnds[b]!) b++;
  return b;
}

/** A process's {@link WalkerTables} walked for deals, with its own generator and samplers. */
export class Walker {
  private readonly sampler: DurationSampler;
  private readonly rng: Xoshiro128;
  private readonly durationStart: Int32Array;
  private readonly durations: Int32Array;
  private readonly transitionStart: Int32Array;
  private readonly cumulative: Float64Array;
  private readonly target: Int32Array;
  private readonly within: Int32Array;
  private readonly outcomeWon: Uint8Array;
  private readonly entrySteps: readonly Int32Array[];
  private readonly entryCumulative: readonly Float64Array[];
  private readonly monthEnds: Float64Array;

  constructor(tables: WalkerTables) {
    this.durationStart = tables.durationStart;
    this.durations = tables.durations;
    this.transitionStart = tables.transitionStart;
    this.cumulative = tables.cumulative;
    this.target = tables.target;
    this.within = tables.within;
    this.outcomeWon = tables.outcomeWon;
    this.entrySteps = tables.entrySteps;
    this.entryCumulative = tables.entryCumulative;
    this.monthEnds = tables.monthEnds;
    this.rng = new Xoshiro128([1, 0, 0, 0]);
    this.sampler = new DurationSampler(tables.samplers, this.rng);
  }

  /** The month bucket of business time t from asOf. */
  private bucket(t: number): number {
    return bucketOf(this.monthEnds, t);
  }

  /**
   * `out.length` futures of a deal entering `group`, from stream (seed, stream): out[r] is the month bucket of a
   * won close, or −1 for lost, or stuck (a dead end or 10,000 step visits).
   */
  run(group: number, seed: number, stream: number, out: Int16Array): void {
    const rng = this.rng;
    const sampler = this.sampler;
    rng.reset(chunkState(seed, stream));
    const entrySteps = this.entrySteps[group]!;
    const entryCumulative = this.entryCumulative[group]!;
    const { durationStart, durations, transitionStart, cumulative, target, within, outcomeWon } = this;
    for (let r = 0; r < out.length; r++) {
      let u = rng.nextDouble();
      let e = 0;
      while (u >= entryCumulative[e]!) e++;
      let step = entrySteps[e]!;
      let t = 0;
      let result = -1;
      for (let visits = 0; visits < DEFAULT_STEP_CAP; visits++) {
        const d0 = durationStart[step]!;
        const d1 = durationStart[step + 1]!;
        let duration = sampler.sample(durations[d0]!);
        for (let d = d0 + 1; d < d1; d++) duration = Math.max(duration, sampler.sample(durations[d]!));
        t += duration;
        const k0 = transitionStart[step]!;
        const k1 = transitionStart[step + 1]!;
        if (k0 === k1) break; // a dead end: the deal never closes
        let k = k0;
        if (k1 - k0 > 1) {
          u = rng.nextDouble();
          while (u >= cumulative[k]!) k++;
        }
        t += sampler.sample(within[k]!);
        const next = target[k]!;
        if (next < 0) {
          if (outcomeWon[-1 - next] === 1) result = this.bucket(t);
          break;
        }
        step = next;
      }
      out[r] = result;
    }
  }
}

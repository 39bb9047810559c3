/** The pipeline forecast: what the open deals will bring, per month and currency, exact in expectation with simulated P10/P50/P90 bands. */
import { observedView, type ObservedGroupView } from '../analysis/observed.js';
import { observedMapping } from '../model/crm.js';
import type { Calendar, Process } from '../model/types.js';
import { DEFAULT_STEP_CAP } from '../simulate/engine.js';
import { chunkState, Xoshiro128 } from '../simulate/rng.js';
import { DurationSampler, SamplerTableBuilder } from '../simulate/samplers.js';
import { calendarDate } from './audit.js';
import { addBusinessTime, businessTimeBetween, localDayStart } from './business-time.js';
import { routeDeals } from './routing.js';
import type { Deal } from './types.js';

/** What {@link forecastDeals} reads. */
export interface ForecastInput {
  /** The processes deals are routed to (by `crm.pipeline`); the first one's calendar time zone defines the months. */
  readonly processes: readonly Process[];
  readonly deals: readonly Deal[];
  /** Epoch ms: the forecast's "today"; events at or after it are ignored. */
  readonly asOf: number;
  /** Calendar months to forecast, starting with the month of `asOf` (default 6); later closes go to `later`. */
  readonly months?: number;
  /** Seed of the simulation (default 1): the same seed gives the same bands. */
  readonly seed?: number;
  /** Simulated futures of every open deal (default 1,000). */
  readonly runsPerDeal?: number;
}

/** One open deal's forecast. */
export interface ForecastDeal {
  readonly id: string;
  readonly process: string;
  /** The observed group (CRM stage) the deal is in. */
  readonly stage: string;
  readonly owner: string | undefined;
  readonly amount: number | undefined;
  readonly currency: string | undefined;
  /** The process's win probability for a deal entering this stage (observed view, §3). */
  readonly winProbability: number;
  /** `asOf` plus the stage's expected business time to an outcome, in the process calendar (epoch ms); undefined when infinite. */
  readonly expectedCloseAt: number | undefined;
  /** The same as YYYY-MM-DD in the process calendar's time zone. */
  readonly expectedCloseDate: string | undefined;
}

/** P10 / P50 / P90 over the simulated futures (nearest rank). */
export interface Band {
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

/** One month (or `later`) in one currency. */
export interface ForecastRow {
  /** YYYY-MM, or `later` for closes after the last month. */
  readonly month: string;
  /** The deals' currency; undefined for deals without one. */
  readonly currency: string | undefined;
  /** Σ P(won, and in this month) over the currency's deals: exact win probability × simulated timing. */
  readonly expectedWins: number;
  /** Σ amount × P(won, and in this month). */
  readonly expectedBookings: number;
  readonly wins: Band;
  readonly bookings: Band;
}

/** The whole horizon, `later` included, in one currency. */
export interface ForecastTotal {
  readonly currency: string | undefined;
  /** Σ of the deals' exact win probabilities. */
  readonly expectedWins: number;
  /** Σ amount × win probability. */
  readonly expectedBookings: number;
  readonly wins: Band;
  readonly bookings: Band;
  /** Open deals in this currency (with an amount or not). */
  readonly deals: number;
  /** Of those, deals without an amount (they count in wins, not in bookings). */
  readonly withoutAmount: number;
}

/** What {@link forecastDeals} returns: per open deal its win probability and close date, per month and currency the expected wins and bookings with P10/P50/P90 bands. */
export interface ForecastReport {
  readonly asOf: number;
  readonly seed: number;
  readonly runsPerDeal: number;
  /** YYYY-MM of each forecast month, then `later`. */
  readonly months: readonly string[];
  /** Open deals with a forecast, by process then input order. */
  readonly deals: readonly ForecastDeal[];
  /** Month by month (`later` last), currencies sorted (no currency last) within each month. */
  readonly rows: readonly ForecastRow[];
  /** One per currency, sorted as in `rows`. */
  readonly totals: readonly ForecastTotal[];
  /** Open deals without a forecast: in a stage the process does not map, or one it never enters. */
  readonly skipped: readonly { readonly id: string; readonly stage: string; readonly reason: string }[];
  /** Deals in a pipeline no process claims. */
  readonly unrouted: readonly { readonly id: string; readonly pipeline: string | undefined }[];
}

const LATER = 'later';

/**
 * Forecasts the open pipeline at `asOf` (the deal-data contract, §6). A deal is open when its last event before
 * `asOf` maps to an observed group G of its process (routed by `crm.pipeline`, {@link routeDeals}).
 *
 * - **Per deal**: the win probability of G (the observed view's entry-weighted w_G, exact) and an expected close
 *   date, `asOf` plus G's expected business time to an outcome ({@link addBusinessTime}, process calendar).
 * - **Simulation**: every open deal is run `runsPerDeal` times from its stage: an entry step of G drawn in
 *   proportion to the expected entries n(G, e), then the process walked as the simulator does (a step's duration
 *   or the longest of its tracks, a transition by its probability, its `within`), until an outcome, with the
 *   simulator's exact samplers; a won close at business time t from `asOf` falls in the calendar month (time zone
 *   of the first process's calendar) that contains `asOf` + t. Each deal draws from its own xoshiro128**
 *   stream, seeded with (seed, a 52-bit hash of its id), so its futures depend only on the seed and its id.
 *   Run r of the pipeline is run r of every deal: the bands are P10/P50/P90 (nearest rank) over the runs of
 *   the per-month, per-currency sums of wins and of amounts won.
 * - **Expectations**: a deal adds its exact win probability × the share of its simulated wins in the month
 *   (amount × that to bookings); a deal with no simulated win puts its probability in the month of its expected
 *   won date (`asOf` + E[time to won | won]). So each currency's months add up to the exact Σ probability and
 *   Σ amount × probability of its deals (up to rounding), which the totals report directly.
 *
 * Amounts are never summed across currencies. A deal without an amount counts in wins, not in bookings.
 * What the forecast ignores: how long the deal has already been in its stage (a deal 30 days into a 10-day
 * stage is forecast like one that entered today), and seasonality or trends (the process's numbers hold for
 * every month alike); deals not yet created are not in it.
 */
export function forecastDeals(input: ForecastInput): ForecastReport {
  const prepared = prepareForecast(input);
  const walkers = compileWalkers(prepared.setup);
  const accumulator = new ForecastAccumulator(prepared);
  const count = prepared.setup.streams.length;
  for (let from = 0; from < count; from += FORECAST_CHUNK) {
    const to = Math.min(count, from + FORECAST_CHUNK);
    accumulator.add(from, simulateForecastChunk(prepared.setup, walkers, from, to));
  }
  return accumulator.finish();
}

/** Deals per chunk of the simulation (a worker's unit of work); results never depend on it. */
export const FORECAST_CHUNK = 250;

/**
 * What the simulation of the open deals needs, as plain data (structured-clonable, for worker threads): the
 * processes, and per deal its process, its group (index in the observed view's order) and its stream.
 */
export interface ForecastSetup {
  readonly processes: readonly Process[];
  readonly asOf: number;
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

/** The deals with a forecast and everything but the simulated outcomes. */
export interface PreparedForecast {
  readonly setup: ForecastSetup;
  readonly labels: readonly string[];
  readonly deals: readonly ForecastDeal[];
  readonly skipped: ForecastReport['skipped'];
  readonly unrouted: ForecastReport['unrouted'];
  /** The currencies, sorted ('' — no currency — last): index c of `setup.currencyOf`. */
  readonly currencyKeys: readonly string[];
}

/** Validates the input, routes the deals, and finds each open deal's stage, win probability and close date. */
export function prepareForecast(input: ForecastInput): PreparedForecast {
  const { asOf } = input;
  const months = input.months ?? 6;
  const seed = input.seed ?? 1;
  const runs = input.runsPerDeal ?? 1000;
  if (!Number.isSafeInteger(months) || months < 1 || months > 120) throw new RangeError(`months must be a whole number from 1 to 120, got ${months}`);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`runs per deal must be a whole number ≥ 1, got ${runs}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be an instant, got ${asOf}`);
  if (input.processes.length === 0) throw new RangeError('forecastDeals needs at least one process');
  const monthCalendar = input.processes[0]!.calendar;
  const monthStarts = monthBoundaries(asOf, months, monthCalendar);
  const labels = [...monthStarts.slice(0, months).map((t) => calendarDate(t, monthCalendar).slice(0, 7)), LATER];

  const routing = routeDeals(input.processes, input.deals);
  const deals: ForecastDeal[] = [];
  const skipped: { id: string; stage: string; reason: string }[] = [];
  const processOf: number[] = [];
  const groupOf: number[] = [];
  const amounts: number[] = [];
  const currencies: string[] = [];
  const wonBucket: number[] = [];
  routing.routed.forEach(({ process, deals: routed }, processIndex) => {
    const mapping = observedMapping(process);
    const groups = observedView(process, mapping.groupOfStep).groups;
    const groupIds = [...groups.keys()];
    const monthEnds = monthStarts.slice(1).map((end) => businessTimeBetween(asOf, end, process.calendar));
    for (const deal of routed) {
      const last = lastEventBefore(deal, asOf);
      if (last === undefined) continue;
      const target = mapping.resolveStage(last.stage);
      if (target?.kind === 'outcome') continue;
      if (target === undefined) {
        skipped.push({ id: deal.id, stage: last.stage, reason: `stage "${last.stage}" is not mapped by ${process.name} (crm.stages)` });
        continue;
      }
      const view = groups.get(target.group.id)!;
      if (!(view.totalEntries > 0)) {
        skipped.push({ id: deal.id, stage: view.id, reason: `${process.name} never leads a deal into stage "${view.id}"` });
        continue;
      }
      const toOutcome = view.expectedTimeToOutcome;
      const closeAt = Number.isFinite(toOutcome) ? addBusinessTime(asOf, toOutcome, process.calendar) : undefined;
      const amount = deal.amount !== undefined && Number.isFinite(deal.amount) && deal.amount >= 0 ? deal.amount : NaN;
      deals.push({
        id: deal.id,
        process: process.name,
        stage: view.id,
        owner: deal.owner,
        amount: Number.isNaN(amount) ? undefined : amount,
        currency: deal.currency,
        winProbability: view.winProbability,
        expectedCloseAt: closeAt,
        expectedCloseDate: closeAt === undefined ? undefined : calendarDate(closeAt, process.calendar),
      });
      processOf.push(processIndex);
      groupOf.push(groupIds.indexOf(view.id));
      amounts.push(amount);
      currencies.push(deal.currency ?? '');
      wonBucket.push(bucketOf(monthEnds, view.expectedTimeToWon ?? Infinity));
    }
  });
  // Currencies sorted, deals without one last.
  const currencyKeys = [...new Set(currencies)].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const currencyIndex = new Map(currencyKeys.map((c, i) => [c, i]));
  return {
    setup: {
      processes: routing.routed.map((r) => r.process),
      asOf,
      months,
      seed,
      runs,
      processOf: Int32Array.from(processOf),
      groupOf: Int32Array.from(groupOf),
      streams: Float64Array.from(deals, (d) => streamOf(d.id)),
      currencies: currencyKeys.length,
      currencyOf: Int32Array.from(currencies, (c) => currencyIndex.get(c)!),
      amounts: Float64Array.from(amounts),
      winProbability: Float64Array.from(deals, (d) => d.winProbability),
      expectedWonBucket: Int32Array.from(wonBucket),
    },
    labels,
    deals,
    skipped,
    unrouted: routing.unrouted.map((deal) => ({ id: deal.id, pipeline: deal.pipeline })),
    currencyKeys,
  };
}

/** One walker per process of a setup (each thread compiles its own). */
export function compileWalkers(setup: ForecastSetup): ForecastWalkers {
  const monthStarts = monthBoundaries(setup.asOf, setup.months, setup.processes[0]!.calendar);
  return setup.processes.map((process) => new Walker(process, observedView(process, observedMapping(process).groupOfStep).groups, setup.asOf, monthStarts));
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

/**
 * Adds the chunks' sums strictly in chunk order; then the bands. The order is fixed (and chunks have a fixed size),
 * so the floating-point sums — and the report — are the same whichever threads simulated.
 */
export class ForecastAccumulator {
  private readonly runs: number;
  private readonly buckets: number;
  private readonly cells: number;
  private readonly simWins: Float64Array;
  private readonly simBookings: Float64Array;
  private readonly expectedWins: Float64Array;
  private readonly expectedBookings: Float64Array;
  private next = 0;

  constructor(private readonly prepared: PreparedForecast) {
    const { setup } = prepared;
    this.runs = setup.runs;
    this.buckets = setup.months + 1;
    this.cells = this.buckets * setup.currencies;
    this.simWins = new Float64Array(this.runs * this.cells);
    this.simBookings = new Float64Array(this.runs * this.cells);
    this.expectedWins = new Float64Array(this.cells);
    this.expectedBookings = new Float64Array(this.cells);
  }

  /** Adds the sums of the chunk that starts at deal `from`, which must be the next chunk. */
  add(from: number, partial: ForecastPartial): void {
    if (from !== this.next) throw new RangeError(`forecast chunks must be added in order: expected deal ${this.next}, got ${from}`);
    addInto(this.simWins, partial.wins);
    addInto(this.simBookings, partial.bookings);
    addInto(this.expectedWins, partial.expectedWins);
    addInto(this.expectedBookings, partial.expectedBookings);
    this.next = Math.min(this.prepared.deals.length, from + FORECAST_CHUNK);
  }

  finish(): ForecastReport {
    const { prepared, runs, cells, buckets, simWins, simBookings } = this;
    const { setup, currencyKeys } = prepared;
    if (this.next !== prepared.deals.length) throw new RangeError(`forecast chunks cover ${this.next} of ${prepared.deals.length} deals`);
    const width = currencyKeys.length;
    const column = new Float64Array(runs);
    const band = (data: Float64Array, offset: number, stride: number, count: number): Band => {
      for (let r = 0; r < runs; r++) {
        let value = 0;
        for (let i = 0; i < count; i++) value += data[r * cells + offset + i * stride]!;
        column[r] = value;
      }
      column.sort();
      const rank = (q: number) => column[Math.min(runs - 1, Math.max(0, Math.ceil(q * runs) - 1))]!;
      return { p10: rank(0.1), p50: rank(0.5), p90: rank(0.9) };
    };
    const rows: ForecastRow[] = [];
    for (let b = 0; b < buckets; b++) {
      currencyKeys.forEach((currency, c) => {
        const cell = b * width + c;
        rows.push({
          month: prepared.labels[b]!,
          currency: currency === '' ? undefined : currency,
          expectedWins: this.expectedWins[cell]!,
          expectedBookings: this.expectedBookings[cell]!,
          wins: band(simWins, cell, 0, 1),
          bookings: band(simBookings, cell, 0, 1),
        });
      });
    }
    const totals: ForecastTotal[] = currencyKeys.map((currency, c) => {
      let expectedWins = 0;
      let expectedBookings = 0;
      let deals = 0;
      let withoutAmount = 0;
      for (let k = 0; k < prepared.deals.length; k++) {
        if (setup.currencyOf[k] !== c) continue;
        deals++;
        expectedWins += setup.winProbability[k]!;
        if (Number.isNaN(setup.amounts[k]!)) withoutAmount++;
        else expectedBookings += setup.amounts[k]! * setup.winProbability[k]!;
      }
      return {
        currency: currency === '' ? undefined : currency,
        expectedWins,
        expectedBookings,
        wins: band(simWins, c, width, buckets),
        bookings: band(simBookings, c, width, buckets),
        deals,
        withoutAmount,
      };
    });
    return {
      asOf: setup.asOf,
      seed: setup.seed,
      runsPerDeal: runs,
      months: prepared.labels,
      deals: prepared.deals,
      rows,
      totals,
      skipped: prepared.skipped,
      unrouted: prepared.unrouted,
    };
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i]! += source[i]!;
}

/** The month bucket of business time t from asOf: the first month ending after it, else `later`. */
function bucketOf(monthEnds: ArrayLike<number>, t: number): number {
  let b = 0;
  while (b < monthEnds.length && t >= monthEnds[b]!) b++;
  return b;
}

/** The instants months begin in the calendar's time zone: that of `asOf`'s month, then the next `months` (each month's end). */
function monthBoundaries(asOf: number, months: number, calendar: Calendar): number[] {
  const [year, month] = calendarDate(asOf, calendar).split('-').map(Number) as [number, number];
  const starts: number[] = [];
  for (let m = 0; m <= months; m++) starts.push(localDayStart(Math.round(Date.UTC(year, month - 1 + m, 1) / 86_400_000), calendar));
  return starts;
}

/**
 * A deal's stream index: a 52-bit hash of its id (two independent 32-bit FNV-1a variants), so its simulated futures
 * depend only on the seed and its id — not on which other deals are in the data, nor on their order.
 */
function streamOf(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff);
}

function lastEventBefore(deal: Deal, asOf: number): Deal['events'][number] | undefined {
  let last: Deal['events'][number] | undefined;
  for (const event of deal.events) if (event.at < asOf && (last === undefined || event.at >= last.at)) last = event;
  return last;
}

/** One process compiled for walking deals from a stage to an outcome, with flat tables (no Maps in the loop). */
export class Walker {
  private readonly sampler: DurationSampler;
  private readonly rng: Xoshiro128;
  /** Per step: its duration samplers are durations[durationStart[s] … durationStart[s + 1]). */
  private readonly durationStart: Int32Array;
  private readonly durations: Int32Array;
  /** Per step: transitions [transitionStart[s], transitionStart[s + 1]). */
  private readonly transitionStart: Int32Array;
  /** Cumulative probability, normalised to 1 within the step, the last raised to 2. */
  private readonly cumulative: Float64Array;
  /** A step index (≥ 0), or −1 − outcome index. */
  private readonly target: Int32Array;
  private readonly within: Int32Array;
  private readonly outcomeWon: Uint8Array;
  /** Per group: entry steps and cumulative entry weights (normalised, the last raised to 2). */
  private readonly entrySteps: Int32Array[] = [];
  private readonly entryCumulative: Float64Array[] = [];
  /** Business days from asOf to the end of each forecast month, in this process's calendar. */
  private readonly monthEnds: Float64Array;

  constructor(process: Process, groups: ReadonlyMap<string, ObservedGroupView>, asOf: number, monthStarts: readonly number[]) {
    const ids = [...process.steps.keys()];
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const outcomes = [...process.outcomes.values()];
    const outcomeIndex = new Map(outcomes.map((o, i) => [o.id, i]));
    this.outcomeWon = Uint8Array.from(outcomes, (o) => (o.result === 'won' ? 1 : 0));
    const builder = new SamplerTableBuilder();
    const durationStart: number[] = [];
    const durations: number[] = [];
    const transitionStart: number[] = [];
    const cumulative: number[] = [];
    const target: number[] = [];
    const within: number[] = [];
    for (const id of ids) {
      const step = process.steps.get(id)!;
      durationStart.push(durations.length);
      if (step.parallel.length > 0) for (const track of step.parallel) durations.push(builder.add(track.duration));
      else durations.push(builder.add(step.duration));
      transitionStart.push(target.length);
      // As the simulator: transitions with p ≤ 0 or to unknown ids are dropped (a step id wins over an outcome id).
      const usable = step.next.filter((t) => t.p > 0 && (indexOf.has(t.to) || outcomeIndex.has(t.to)));
      const total = usable.reduce((sum, t) => sum + t.p, 0);
      let running = 0;
      usable.forEach((t, k) => {
        running += t.p;
        cumulative.push(k === usable.length - 1 ? 2 : running / total);
        target.push(indexOf.get(t.to) ?? -1 - outcomeIndex.get(t.to)!);
        within.push(builder.add(t.within));
      });
    }
    durationStart.push(durations.length);
    transitionStart.push(target.length);
    this.durationStart = Int32Array.from(durationStart);
    this.durations = Int32Array.from(durations);
    this.transitionStart = Int32Array.from(transitionStart);
    this.cumulative = Float64Array.from(cumulative);
    this.target = Int32Array.from(target);
    this.within = Int32Array.from(within);
    this.rng = new Xoshiro128([1, 0, 0, 0]);
    this.sampler = new DurationSampler(builder.build(), this.rng);
    for (const view of groups.values()) {
      const steps: number[] = [];
      const weights: number[] = [];
      for (const [step, n] of view.entries) {
        if (!(n > 0)) continue;
        steps.push(indexOf.get(step)!);
        weights.push(n);
      }
      let running = 0;
      this.entrySteps.push(Int32Array.from(steps));
      this.entryCumulative.push(Float64Array.from(weights, (n, k) => (k === weights.length - 1 ? 2 : (running += n) / view.totalEntries)));
    }
    this.monthEnds = Float64Array.from(monthStarts.slice(1), (end) => businessTimeBetween(asOf, end, process.calendar));
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

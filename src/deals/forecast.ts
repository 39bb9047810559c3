/** The pipeline forecast: what the open deals will bring, per month and currency, exact in expectation with simulated P10/P50/P90 bands. */
import { observedView, type ObservedGroupView } from '../analysis/observed.js';
import { observedMapping } from '../model/crm.js';
import type { Calendar, Duration, Process } from '../model/types.js';
import { calendarDate } from './audit.js';
import { addBusinessTime, businessTimeBetween, localDayStart } from './business-time.js';
import {
  bucketOf,
  compileWalkers,
  FORECAST_CHUNK,
  forecastChunkRange,
  simulateForecastChunk,
  walkerTablesOf,
  type ForecastPartial,
  type ForecastSetup,
  type WalkerPlan,
  type WalkerTables,
} from './forecast-simulation.js';
import type { DealRecord, DealTable } from './columns.js';
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

/** What {@link forecastDealTable} reads: {@link ForecastInput} with the deals in columns instead of objects. */
export interface ForecastTableInput extends Omit<ForecastInput, 'deals'> {
  /** The deals as {@link readDealTable} returns them: each deal's events sorted by time (ties in reading order). */
  readonly table: DealTable;
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
  return forecastPrepared(prepareForecast(input));
}

/**
 * {@link forecastDeals} of deals in columns ({@link readDealTable}): each open deal's stage, amount and currency
 * go from the table straight into the simulation's typed arrays, with no object per event. The same report as
 * {@link forecastDeals} of {@link tableToDeals}(table), byte for byte.
 */
export function forecastDealTable(input: ForecastTableInput): ForecastReport {
  return forecastPrepared(prepareForecast(input));
}

function forecastPrepared(prepared: PreparedForecast): ForecastReport {
  const walkers = compileWalkers(prepared.setup);
  const accumulator = new ForecastAccumulator(prepared);
  const count = prepared.setup.streams.length;
  for (let index = 0; index * FORECAST_CHUNK < count; index++) {
    const [from, to] = forecastChunkRange(index, count);
    accumulator.add(from, simulateForecastChunk(prepared.setup, walkers, from, to));
  }
  return accumulator.finish();
}

/** The deals with a forecast and everything but the simulated outcomes. */
export interface PreparedForecast {
  readonly asOf: number;
  readonly setup: ForecastSetup;
  readonly labels: readonly string[];
  readonly deals: readonly ForecastDeal[];
  readonly skipped: ForecastReport['skipped'];
  readonly unrouted: ForecastReport['unrouted'];
  /** The currencies, sorted ('' — no currency — last): index c of `setup.currencyOf`. */
  readonly currencyKeys: readonly string[];
}

/** What of a forecast does not depend on the deals: the processes, as-of and months (runs and seed are not needed). */
export type ForecastProcessesInput = Pick<ForecastInput, 'processes' | 'asOf' | 'months'>;

/**
 * Per process (in order) its {@link WalkerPlan}: the simulation's tables but the samplers, which need no deal —
 * so they can be compiled (and the samplers tabulated on a worker thread) before the deals are read.
 */
export function planForecastWalkers(input: ForecastProcessesInput): WalkerPlan[] {
  const { monthStarts } = forecastMonths(input);
  return input.processes.map((process) => {
    const groups = observedView(process, observedMapping(process).groupOfStep).groups;
    return walkerPlan(process, groups, monthEndsOf(monthStarts, input.asOf, process));
  });
}

/**
 * Validates the input, routes the deals, and finds each open deal's stage, win probability and close date.
 * `walkers`, if given, are the processes' tables as {@link planForecastWalkers} of the same processes, asOf and
 * months gives them, with their samplers: they are not compiled again.
 */
export function prepareForecast(input: ForecastInput | ForecastTableInput, walkers?: readonly WalkerTables[]): PreparedForecast {
  if (walkers !== undefined && walkers.length !== input.processes.length) throw new RangeError(`${walkers.length} compiled processes for ${input.processes.length} processes`);
  if ('table' in input) {
    const { table } = input;
    const indexOf = new Map<DealRecord, number>();
    table.deals.forEach((record, d) => indexOf.set(record, d));
    // Events are sorted by time within a deal: the last one before asOf is the first from the end (ties: the later row).
    return prepareOpenDeals(
      input,
      table.deals,
      (record) => {
        const d = indexOf.get(record)!;
        for (let i = table.eventStart[d + 1]! - 1; i >= table.eventStart[d]!; i--) if (table.at[i]! < input.asOf) return table.stageNames[table.stage[i]!]!;
        return undefined;
      },
      walkers,
    );
  }
  return prepareOpenDeals(input, input.deals, (deal) => lastEventBefore(deal, input.asOf)?.stage, walkers);
}

/** The forecast's months (validated) and the instants they start, in the first process's calendar. */
function forecastMonths(input: ForecastProcessesInput): { months: number; monthStarts: number[] } {
  const { asOf } = input;
  const months = input.months ?? 6;
  if (!Number.isSafeInteger(months) || months < 1 || months > 120) throw new RangeError(`months must be a whole number from 1 to 120, got ${months}`);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be an instant, got ${asOf}`);
  if (input.processes.length === 0) throw new RangeError('forecastDeals needs at least one process');
  return { months, monthStarts: monthBoundaries(asOf, months, input.processes[0]!.calendar) };
}

/** Business days from asOf to the end of each forecast month, in the process's calendar. */
function monthEndsOf(monthStarts: readonly number[], asOf: number, process: Process): number[] {
  return monthStarts.slice(1).map((end) => businessTimeBetween(asOf, end, process.calendar));
}

/** {@link prepareForecast} of deal records of either shape, given the stage of a deal's last event before asOf. */
function prepareOpenDeals<D extends DealRecord>(
  input: Omit<ForecastInput, 'deals'>,
  records: readonly D[],
  lastStageOf: (deal: D) => string | undefined,
  compiled: readonly WalkerTables[] | undefined,
): PreparedForecast {
  const { asOf } = input;
  const { months, monthStarts } = forecastMonths(input);
  const seed = input.seed ?? 1;
  const runs = input.runsPerDeal ?? 1000;
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`runs per deal must be a whole number ≥ 1, got ${runs}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  const monthCalendar = input.processes[0]!.calendar;
  const labels = [...monthStarts.slice(0, months).map((t) => calendarDate(t, monthCalendar).slice(0, 7)), LATER];

  const routing = routeDeals(input.processes, records);
  // Per open deal, in simulation order: its record, stage and the facts of its stage.
  const openDeals: D[] = [];
  const openViews: ObservedGroupView[] = [];
  const openFacts: { closeAt: number | undefined; closeDate: string | undefined }[] = [];
  const streams: number[] = [];
  const winProbability: number[] = [];
  const skipped: { id: string; stage: string; reason: string }[] = [];
  const processOf: number[] = [];
  const groupOf: number[] = [];
  const amounts: number[] = [];
  const currencies: string[] = [];
  const wonBucket: number[] = [];
  const walkers: WalkerTables[] = [];
  routing.routed.forEach(({ process, deals: routed }, processIndex) => {
    const mapping = observedMapping(process);
    const groups = observedView(process, mapping.groupOfStep).groups;
    const groupIds = [...groups.keys()];
    const monthEnds = monthEndsOf(monthStarts, asOf, process);
    walkers.push(compiled?.[processIndex] ?? walkerTablesOf(walkerPlan(process, groups, monthEnds)));
    // What every deal in a group shares (close date, month of the expected win): computed once per group, not per deal.
    const perGroup = new Map<string, { index: number; closeAt: number | undefined; closeDate: string | undefined; wonBucket: number }>();
    const groupFacts = (view: ObservedGroupView) => {
      let facts = perGroup.get(view.id);
      if (facts === undefined) {
        const toOutcome = view.expectedTimeToOutcome;
        const closeAt = Number.isFinite(toOutcome) ? addBusinessTime(asOf, toOutcome, process.calendar) : undefined;
        facts = {
          index: groupIds.indexOf(view.id),
          closeAt,
          closeDate: closeAt === undefined ? undefined : calendarDate(closeAt, process.calendar),
          wonBucket: bucketOf(monthEnds, view.expectedTimeToWon ?? Infinity),
        };
        perGroup.set(view.id, facts);
      }
      return facts;
    };
    for (const deal of routed) {
      const lastStage = lastStageOf(deal);
      if (lastStage === undefined) continue;
      const target = mapping.resolveStage(lastStage);
      if (target?.kind === 'outcome') continue;
      if (target === undefined) {
        skipped.push({ id: deal.id, stage: lastStage, reason: `stage "${lastStage}" is not mapped by ${process.name} (crm.stages)` });
        continue;
      }
      const view = groups.get(target.group.id)!;
      if (!(view.totalEntries > 0)) {
        skipped.push({ id: deal.id, stage: view.id, reason: `${process.name} never leads a deal into stage "${view.id}"` });
        continue;
      }
      const facts = groupFacts(view);
      const amount = deal.amount !== undefined && Number.isFinite(deal.amount) && deal.amount >= 0 ? deal.amount : NaN;
      // The deal's report object is built later (see `deals` below): the simulation needs only the arrays.
      openDeals.push(deal);
      openViews.push(view);
      openFacts.push(facts);
      streams.push(streamOf(deal.id));
      winProbability.push(view.winProbability);
      processOf.push(processIndex);
      groupOf.push(facts.index);
      amounts.push(amount);
      currencies.push(deal.currency ?? '');
      wonBucket.push(facts.wonBucket);
    }
  });
  // Currencies sorted, deals without one last.
  const currencyKeys = [...new Set(currencies)].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const currencyIndex = new Map(currencyKeys.map((c, i) => [c, i]));
  let described: ForecastDeal[] | undefined;
  return {
    asOf,
    setup: {
      walkers,
      months,
      seed,
      runs,
      processOf: Int32Array.from(processOf),
      groupOf: Int32Array.from(groupOf),
      streams: Float64Array.from(streams),
      currencies: currencyKeys.length,
      currencyOf: Int32Array.from(currencies, (c) => currencyIndex.get(c)!),
      amounts: Float64Array.from(amounts),
      winProbability: Float64Array.from(winProbability),
      expectedWonBucket: Int32Array.from(wonBucket),
    },
    labels,
    // Built on first use: forecastDealsInWorkers asks for them once the workers are simulating.
    get deals(): readonly ForecastDeal[] {
      return (described ??= openDeals.map((deal, k) => {
        const view = openViews[k]!;
        const amount = amounts[k]!;
        return {
          id: deal.id,
          process: input.processes[processOf[k]!]!.name,
          stage: view.id,
          owner: deal.owner,
          amount: Number.isNaN(amount) ? undefined : amount,
          currency: deal.currency,
          winProbability: view.winProbability,
          expectedCloseAt: openFacts[k]!.closeAt,
          expectedCloseDate: openFacts[k]!.closeDate,
        };
      }));
    },
    skipped,
    unrouted: routing.unrouted.map((deal) => ({ id: deal.id, pipeline: deal.pipeline })),
    currencyKeys,
  };
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
    this.next = Math.min(this.prepared.setup.streams.length, from + FORECAST_CHUNK);
  }

  finish(): ForecastReport {
    const { prepared, runs, cells, buckets, simWins, simBookings } = this;
    const { setup, currencyKeys } = prepared;
    const count = setup.streams.length;
    if (this.next !== count) throw new RangeError(`forecast chunks cover ${this.next} of ${count} deals`);
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
      for (let k = 0; k < count; k++) {
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
      asOf: prepared.asOf,
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

/**
 * A process compiled into a {@link WalkerPlan}: its steps, transitions and durations, and each observed group's
 * entry steps; a duration's sampler id is its index in `durationSpecs`.
 */
function walkerPlan(process: Process, groups: ReadonlyMap<string, ObservedGroupView>, monthEnds: readonly number[]): WalkerPlan {
  const ids = [...process.steps.keys()];
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const outcomes = [...process.outcomes.values()];
  const outcomeIndex = new Map(outcomes.map((o, i) => [o.id, i]));
  const durationSpecs: (Duration | undefined)[] = [];
  // Sampler ids as a SamplerTableBuilder hands them out: one per duration added, in order.
  const builder = { add: (duration: Duration | undefined) => durationSpecs.push(duration) - 1 };
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
  const entrySteps: Int32Array[] = [];
  const entryCumulative: Float64Array[] = [];
  for (const view of groups.values()) {
    const steps: number[] = [];
    const weights: number[] = [];
    for (const [step, n] of view.entries) {
      if (!(n > 0)) continue;
      steps.push(indexOf.get(step)!);
      weights.push(n);
    }
    let running = 0;
    entrySteps.push(Int32Array.from(steps));
    entryCumulative.push(Float64Array.from(weights, (n, k) => (k === weights.length - 1 ? 2 : (running += n) / view.totalEntries)));
  }
  return {
    durationSpecs,
    durationStart: Int32Array.from(durationStart),
    durations: Int32Array.from(durations),
    transitionStart: Int32Array.from(transitionStart),
    cumulative: Float64Array.from(cumulative),
    target: Int32Array.from(target),
    within: Int32Array.from(within),
    outcomeWon: Uint8Array.from(outcomes, (o) => (o.result === 'won' ? 1 : 0)),
    entrySteps,
    entryCumulative,
    monthEnds: Float64Array.from(monthEnds),
  };
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


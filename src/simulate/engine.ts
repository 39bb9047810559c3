/** The Monte Carlo kernel: simulates one chunk of deals through a compiled model, counting into flat statistics. */
import { DEAD_END, GATED, HAS_FACTS, type SimulationModel } from './model.js';
import { chunkState, Xoshiro128 } from './rng.js';
import { DurationSampler } from './samplers.js';
import { HISTOGRAM_BUCKETS, histogramBucket, SimulationStats, STATS_SLOTS, type StatsShape } from './stats.js';

/** Step visits after which a deal that has reached no outcome counts as stuck (a runaway loop, not a hang). */
export const DEFAULT_STEP_CAP = 10_000;

/** Deals per chunk. Fixed, so chunk seeds and summation order never depend on the number of threads. */
export const CHUNK_DEALS = 10_000;

/** Draws generated per block (4 KB: stays in L1). */
const BLOCK = 1024;

const TWO_POW_MINUS_32 = 2 ** -32;

/** Slots of the running sums that live across deals (see DealSimulator.sums). */
const WAITING = 0;
const WON_MEAN = 1;
const WON_M2 = 2;

/** The shape of the stats a model produces. */
export function statsShape(model: SimulationModel): StatsShape {
  return { steps: model.stepIds.length, entries: model.entryTrack.length, exits: model.exitOutcome.length };
}

/**
 * Simulates deals one chunk at a time on one thread. Each chunk draws from its own generator, seeded from
 * (seed, chunk index), and returns its own stats; the cycle-length histogram accumulates across the chunks a
 * simulator runs (its counts are integers, so per-thread histograms add up exactly in any order).
 *
 * A deal (see "Semantics of a deal" in the format contract) starts at the model's start step at time 0; each
 * visit samples the step's duration (a parallel step lasts the longest of its tracks), picks a transition by
 * its cumulative probability, samples its `within` and moves on, until it reaches an outcome — its cycle length
 * is the time it gets there — or has made `stepCap` visits (stuck). Gate facts are gathered as in the
 * minimal-path search: an ask step's gate is checked when the step starts, then the step's roles count.
 *
 * Draws come from a block of 1,024 generated at once; a visit needs at most (tracks or 1) + 2, and the block
 * is refilled before a visit that might run out, skipping its unused tail — deterministically, so the stream
 * of a chunk is still a pure function of (seed, chunk index).
 *
 * Shaped for V8: one deal is one call of `runDeal`, a small method that is optimised after a few hundred deals
 * by the ordinary route. (One long loop per chunk was optimised by on-stack replacement instead, which kept the
 * running sums as heap numbers and allocated on every step.) Sums that outlive a deal live in a Float64Array.
 */
export class DealSimulator {
  readonly histogram = new Float64Array(HISTOGRAM_BUCKETS);
  private readonly rng = new Xoshiro128([1, 0, 0, 0]);
  private readonly sampler: DurationSampler;
  private readonly shape: StatsShape;
  private readonly reachedStamp: Int32Array;
  private readonly missStamp: Int32Array;
  private readonly facts: Int32Array;
  private readonly block = new Int32Array(BLOCK);
  private readonly refillAt: number;
  /** Waiting days, and Welford's mean and M2 of won cycle lengths, for the current chunk. */
  private readonly sums = new Float64Array(3);
  /** Cycle lengths of the chunk's won deals, bucketed after the chunk (at most one chunk's worth). */
  private wonTimes = new Float64Array(CHUNK_DEALS);
  // Per-chunk state that runDeal carries from one deal to the next.
  private data: Float64Array = new Float64Array(0);
  private layout: SimulationStats;
  private next = BLOCK;
  private won = 0;
  private stuck = 0;
  private dealSteps = 0;

  constructor(
    private readonly model: SimulationModel,
    private readonly stepCap: number = DEFAULT_STEP_CAP,
  ) {
    this.sampler = new DurationSampler(model.samplers, this.rng);
    this.shape = statsShape(model);
    this.layout = new SimulationStats(this.shape);
    this.reachedStamp = new Int32Array(model.stepIds.length);
    this.missStamp = new Int32Array(model.stepIds.length);
    this.facts = new Int32Array(model.factWords);
    let widest = 1;
    for (let s = 0; s < model.stepIds.length; s++) widest = Math.max(widest, model.durationStart[s + 1]! - model.durationStart[s]!);
    if (widest + 2 > BLOCK) throw new RangeError(`a step with ${widest} parallel tracks is more than the simulator supports (${BLOCK - 2})`);
    this.refillAt = BLOCK - widest - 2;
  }

  /** Simulates `deals` deals as chunk `chunkIndex` of a run seeded with `seed`. */
  runChunk(seed: number, chunkIndex: number, deals: number): SimulationStats {
    this.rng.reset(chunkState(seed, chunkIndex));
    const stats = new SimulationStats(this.shape);
    this.data = stats.data;
    this.layout = stats;
    // Each chunk starts on a fresh block, with clean stamps (a stamp is the number, from 1, of the deal that
    // last reached the step or missed its gate) and zero sums.
    this.next = BLOCK;
    this.reachedStamp.fill(0);
    this.missStamp.fill(0);
    this.sums.fill(0);
    this.won = 0;
    this.stuck = 0;
    this.dealSteps = 0;
    if (deals > this.wonTimes.length) this.wonTimes = new Float64Array(deals);

    for (let deal = 1; deal <= deals; deal++) this.runDeal(deal);

    const data = stats.data;
    data[STATS_SLOTS.DEALS] = deals;
    data[STATS_SLOTS.STUCK] = this.stuck;
    data[STATS_SLOTS.DEAL_STEPS] = this.dealSteps;
    data[STATS_SLOTS.WON] = this.won;
    data[STATS_SLOTS.WON_MEAN] = this.sums[WON_MEAN]!;
    data[STATS_SLOTS.WON_M2] = this.sums[WON_M2]!;
    data[STATS_SLOTS.WAITING] = this.sums[WAITING]!;
    // Bucketing after the deals, in one tight pass, keeps the histogram's 400 KB out of the deal loop's way.
    const wonTimes = this.wonTimes;
    const histogram = this.histogram;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < this.won; i++) {
      const x = wonTimes[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
      histogram[histogramBucket(x)]!++;
    }
    data[STATS_SLOTS.WON_MIN] = min;
    data[STATS_SLOTS.WON_MAX] = max;
    return stats;
  }

  /** One deal, numbered `tag` (from 1) within its chunk. */
  private runDeal(tag: number): void {
    const model = this.model;
    const data = this.data;
    const { reachedAt, visitsAt, gateMissesAt, stepDaysAt, entryDaysAt, criticalAt, exitsAt } = this.layout;
    const sampler = this.sampler;
    const block = this.block;
    const durationStart = model.durationStart;
    const transitionStart = model.transitionStart;
    const cumulative = model.cumulative;
    const withinBase = model.withinBase;
    const target = model.target;
    const stepFlags = model.stepFlags;
    const facts = this.facts;
    const words = model.factWords;
    const reachedStamp = this.reachedStamp;
    const cap = this.stepCap;

    if (model.checksGates) for (let w = 0; w < words; w++) facts[w] = 0;
    let next = this.next;
    let s = model.start;
    let time = 0;
    let waiting = 0;
    let visits = 0;
    let exit = -1;
    for (;;) {
      if (visits === cap) break; // stuck: a runaway loop
      visits++;
      if (next > this.refillAt) {
        this.rng.fill(block);
        next = 0;
      }
      data[visitsAt + s]!++;
      if (reachedStamp[s] !== tag) {
        reachedStamp[s] = tag;
        data[reachedAt + s]!++;
      }
      const flags = stepFlags[s]!;
      if (flags !== 0) {
        const base = s * words;
        if ((flags & GATED) !== 0 && this.missStamp[s] !== tag) {
          const required = model.gateRequired;
          for (let w = 0; w < words; w++) {
            if ((facts[w]! & required[base + w]!) !== required[base + w]!) {
              this.missStamp[s] = tag;
              data[gateMissesAt + s]!++;
              break;
            }
          }
        }
        if ((flags & HAS_FACTS) !== 0) for (let w = 0; w < words; w++) facts[w]! |= model.stepFacts[base + w]!;
      }

      // The step's duration: its own, or the longest of its tracks (ties go to the first in file order).
      const first = durationStart[s]!;
      const end = durationStart[s + 1]!;
      let duration: number;
      if (end - first === 1) {
        duration = sampler.draw(first, block[next++]!);
      } else {
        duration = -Infinity;
        let longest = first;
        for (let e = first; e < end; e++) {
          const x = sampler.draw(e, block[next++]!);
          data[entryDaysAt + e]! += x;
          if (x > duration) {
            duration = x;
            longest = e;
          }
        }
        data[criticalAt + longest]!++;
      }
      data[stepDaysAt + s]! += duration;

      // The transition (no draw when it is the step's only one), then its within.
      let k = transitionStart[s]!;
      if (k + 1 < transitionStart[s + 1]!) {
        const u = ((block[next++]! >>> 0) + 0.5) * TWO_POW_MINUS_32;
        while (u >= cumulative[k]!) k++;
      }
      const gap = sampler.draw(withinBase + k, block[next++]!);
      time += duration + gap;
      waiting += gap;
      const to = target[k]!;
      if (to >= 0) {
        s = to;
        continue;
      }
      if (to !== DEAD_END) exit = ~to; // else a dead end: no transition to follow (lint reports no-next-step)
      break;
    }

    this.next = next;
    this.dealSteps += visits;
    const sums = this.sums;
    sums[WAITING]! += waiting;
    if (exit < 0) {
      this.stuck++;
      return;
    }
    data[exitsAt + exit]!++;
    if (model.exitWon[exit] === 1) {
      const won = ++this.won;
      const delta = time - sums[WON_MEAN]!;
      sums[WON_MEAN]! += delta / won;
      sums[WON_M2]! += delta * (time - sums[WON_MEAN]!);
      this.wonTimes[won - 1] = time;
    }
  }
}

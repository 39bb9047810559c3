/** The Monte Carlo kernel: simulates one chunk of deals through a compiled model, counting into flat statistics. */
import { GATED, HAS_FACTS, type SimulationModel } from './model.js';
import { chunkState, Xoshiro128 } from './rng.js';
import { DurationSampler, FIXED, PARAMS } from './samplers.js';
import { HISTOGRAM_BUCKETS, histogramBucket, SimulationStats, STATS_SLOTS, type StatsShape } from './stats.js';

/** Step visits after which a deal that has reached no outcome counts as stuck (a runaway loop, not a hang). */
export const DEFAULT_STEP_CAP = 10_000;

/** Deals per chunk. Fixed, so chunk seeds and summation order never depend on the number of threads. */
export const CHUNK_DEALS = 10_000;

/** Stamps are deal numbers; restart them before they overflow an Int32Array. */
const STAMP_LIMIT = 0x40000000;

/** Draws generated per block (4 KB: stays in L1). */
const BLOCK = 1024;

const TWO_POW_MINUS_32 = 2 ** -32;

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
  private tag = 0;

  constructor(
    private readonly model: SimulationModel,
    private readonly stepCap: number = DEFAULT_STEP_CAP,
  ) {
    this.sampler = new DurationSampler(model.samplers, this.rng);
    this.shape = statsShape(model);
    this.reachedStamp = new Int32Array(model.stepIds.length);
    this.missStamp = new Int32Array(model.stepIds.length);
    this.facts = new Int32Array(model.factWords);
    let widest = 1;
    for (let s = 0; s < model.stepIds.length; s++) widest = Math.max(widest, model.durationStart[s + 1]! - model.durationStart[s]!);
    if (widest + 2 > BLOCK) throw new RangeError(`a step with ${widest} parallel tracks is more than the simulator supports (${BLOCK - 2})`);
    this.refillAt = BLOCK - widest - 2;
    // V8 optimises runChunk inside its deal loop (on-stack replacement) before the code after the loop has ever
    // run; without type feedback there, chunks would deoptimise on return. An empty chunk provides it.
    this.runChunk(0, 0, 0);
  }

  /** Simulates `deals` deals as chunk `chunkIndex` of a run seeded with `seed`. */
  runChunk(seed: number, chunkIndex: number, deals: number): SimulationStats {
    this.rng.reset(chunkState(seed, chunkIndex));
    const stats = new SimulationStats(this.shape);
    const data = stats.data;
    const { reachedAt, visitsAt, gateMissesAt, stepDaysAt, entryDaysAt, criticalAt, exitsAt } = stats;
    const model = this.model;
    const sampler = this.sampler;
    const rng = this.rng;
    const kinds = model.samplers.kinds;
    const params = model.samplers.params;
    const durationStart = model.durationStart;
    const durationSampler = model.durationSampler;
    const transitionStart = model.transitionStart;
    const cumulative = model.cumulative;
    const target = model.target;
    const withinSampler = model.withinSampler;
    const exitWon = model.exitWon;
    const stepFlags = model.stepFlags;
    const stepFacts = model.stepFacts;
    const gateRequired = model.gateRequired;
    const words = model.factWords;
    const facts = this.facts;
    const reachedStamp = this.reachedStamp;
    const missStamp = this.missStamp;
    const histogram = this.histogram;
    const block = this.block;
    const refillAt = this.refillAt;
    const start = model.start;
    const cap = this.stepCap;
    const gates = model.checksGates;

    // Each chunk starts on a fresh block.
    let next = BLOCK;
    let tag = this.tag;
    let dealSteps = 0;
    let stuck = 0;
    let waiting = 0;
    let won = 0;
    let wonMean = 0;
    let wonM2 = 0;
    let wonMin = Infinity;
    let wonMax = -Infinity;

    for (let deal = 0; deal < deals; deal++) {
      if (++tag === STAMP_LIMIT) {
        reachedStamp.fill(0);
        missStamp.fill(0);
        tag = 1;
      }
      if (gates) for (let w = 0; w < words; w++) facts[w] = 0;
      let s = start;
      let time = 0;
      let visits = 0;
      for (;;) {
        if (visits === cap) {
          stuck++;
          break;
        }
        visits++;
        if (next > refillAt) {
          rng.fill(block);
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
          if ((flags & GATED) !== 0 && missStamp[s] !== tag) {
            for (let w = 0; w < words; w++) {
              const required = gateRequired[base + w]!;
              if ((facts[w]! & required) !== required) {
                missStamp[s] = tag;
                data[gateMissesAt + s]!++;
                break;
              }
            }
          }
          if ((flags & HAS_FACTS) !== 0) for (let w = 0; w < words; w++) facts[w]! |= stepFacts[base + w]!;
        }

        // The step's duration: its own, or the longest of its tracks (ties go to the first in file order).
        const first = durationStart[s]!;
        const end = durationStart[s + 1]!;
        let duration = 0;
        let longest = first;
        for (let e = first; e < end; e++) {
          const id = durationSampler[e]!;
          const x = kinds[id] === FIXED ? params[id * PARAMS]! : sampler.fromBits(id, block[next++]!);
          data[entryDaysAt + e]! += x;
          if (e === first || x > duration) {
            duration = x;
            longest = e;
          }
        }
        data[criticalAt + longest]!++;
        data[stepDaysAt + s]! += duration;
        time += duration;

        let k = transitionStart[s]!;
        const last = transitionStart[s + 1]! - 1;
        if (k > last) {
          stuck++; // a dead end: no transition to follow (lint reports no-next-step)
          break;
        }
        if (k < last) {
          // A step with a single transition needs no draw.
          const u = ((block[next++]! >>> 0) + 0.5) * TWO_POW_MINUS_32;
          while (u >= cumulative[k]!) k++;
        }
        const within = withinSampler[k]!;
        const gap = kinds[within] === FIXED ? params[within * PARAMS]! : sampler.fromBits(within, block[next++]!);
        time += gap;
        waiting += gap;
        const to = target[k]!;
        if (to >= 0) {
          s = to;
          continue;
        }
        const exit = ~to;
        data[exitsAt + exit]!++;
        if (exitWon[exit] === 1) {
          won++;
          const delta = time - wonMean;
          wonMean += delta / won;
          wonM2 += delta * (time - wonMean);
          if (time < wonMin) wonMin = time;
          if (time > wonMax) wonMax = time;
          histogram[histogramBucket(time)]!++;
        }
        break;
      }
      dealSteps += visits;
    }

    this.tag = tag;
    data[STATS_SLOTS.DEALS] = deals;
    data[STATS_SLOTS.STUCK] = stuck;
    data[STATS_SLOTS.DEAL_STEPS] = dealSteps;
    data[STATS_SLOTS.WON] = won;
    data[STATS_SLOTS.WON_MEAN] = wonMean;
    data[STATS_SLOTS.WON_M2] = wonM2;
    data[STATS_SLOTS.WON_MIN] = wonMin;
    data[STATS_SLOTS.WON_MAX] = wonMax;
    data[STATS_SLOTS.WAITING] = waiting;
    return stats;
  }
}

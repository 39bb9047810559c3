/** The Monte Carlo kernel: simulates one chunk of deals through a compiled model, step by step, counting into flat statistics. */
import { isCyclicComponent, stronglyConnectedComponents, type StepGraph } from '../analysis/graph.js';
import { DEAD_END, GATED, HAS_FACTS, type SimulationModel } from './model.js';
import { chunkState, Xoshiro128 } from './rng.js';
import { CELLS, DurationSampler } from './samplers.js';
import { HISTOGRAM_BUCKETS, histogramBucket, SimulationStats, STATS_SLOTS, type StatsShape } from './stats.js';

/** Step visits after which a deal that has reached no outcome counts as stuck (a runaway loop, not a hang). */
export const DEFAULT_STEP_CAP = 10_000;

/** Deals per chunk. Fixed, so chunk seeds and summation order never depend on the number of threads. */
export const CHUNK_DEALS = 10_000;

/** Deals of a chunk taken through the steps together (1,024 at a time measured as fast as 2,500, and 10,000 a third slower). */
const BATCH = 1024;

/** 2^31: transitions are chosen with 31-bit thresholds, so that `(a − threshold) >> 31` is a branch-free compare. */
const TWO_POW_31 = 2 ** 31;

/**
 * A transition whose share of its step's probability is below 2^-10 takes its `within` from a draw of its own
 * rather than from the rest of the transition's draw, which would leave it fewer than 21 bits.
 */
const OWN_WITHIN_BELOW = TWO_POW_31 / 1024;

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
 * its probability, samples its `within` and moves on, until it reaches an outcome — its cycle length is the time
 * it gets there — or has made `stepCap` visits (stuck). Gate facts are gathered as in the minimal-path search:
 * an ask step's gate is checked when the step starts, then the step's roles count.
 *
 * Step-synchronous, like a vectorised numpy simulation: a chunk's deals go through in batches of 1,024 whose
 * state lives in typed arrays (time, visits, the cyclic steps seen, gate facts), and each step (and each exit)
 * keeps a linked list of the batch's deals waiting at it. `visitStep` takes one step's whole list through one
 * visit in a tight loop whose step-level choices (fixed or sampled duration, tracks, one or several transitions,
 * gates) are the same for every deal, so they are predicted perfectly; each deal then joins the list of its next
 * step, its exit, or the stuck deals. Steps are processed from a first-in first-out queue until every list is
 * empty; the exits' lists then give the deal counts and won cycle lengths. The order is fixed, so a chunk's
 * result is a pure function of (model, seed, chunk index, deals, cap).
 *
 * Draws per visit: one per duration sample (none for a fixed duration) and one for the transition and its
 * `within` together: the 31-bit draw that falls in transition k's interval [lo, hi) is, given k, uniform on it,
 * so (draw − lo)/(hi − lo) samples the `within` (with at least 21 bits: see OWN_WITHIN_BELOW). A step with one
 * transition draws only for a non-fixed `within`. The generator's state lives in local variables during a step's
 * loop — the xoshiro128** step is written out where a draw is made (rng.ts has the reference): in a
 * micro-benchmark two draws cost 2.5 ns that way against 4.7 ns read from a pre-filled block. Samples that take
 * a sampler's slow path (about 0.5%) and `within`s that need a draw of their own take their draws from a second
 * stream, the chunk's generator jumped by 2^64 draws.
 *
 * The transition is picked without a branch (a mispredicted one costs more than the rest of the choice), and
 * the stuck test asks the nearly-always-false question first, for the same reason.
 *
 * Counting is per list, not per deal: visits are the list's length, durations and gaps are summed in locals.
 * Reached counts and gate checks need per-deal memory only at steps on a cycle (where a deal may come back): a
 * step off every cycle is reached once per visit, and since a deal's gate facts only grow, an ask step's gate is
 * missed in a deal if and only if it is missed on the deal's first visit there.
 */
export class DealSimulator {
  readonly histogram = new Float64Array(HISTOGRAM_BUCKETS);
  /** The side stream (slow-path samples, own `within` draws); the main stream's state is s0…s3 below. */
  private readonly side = new Xoshiro128([1, 0, 0, 0]);
  private readonly sampler: DurationSampler;
  private readonly shape: StatsShape;
  private readonly steps: number;
  /** List nodes: steps 0…steps−1, then one per exit, then the stuck deals. */
  private readonly nodes: number;
  private readonly stuckNode: number;
  /** Per transition: its node, its 31-bit upper threshold, lower threshold and `within` scale (to [0, 1,024)). */
  private readonly destination: Int32Array;
  private readonly upper: Int32Array;
  private readonly lower: Int32Array;
  private readonly withinScale: Float64Array;
  /** Per step: the bit of a cyclic step in a deal's `seen` words, or −1 for a step on no cycle. */
  private readonly cyclicBit: Int32Array;
  private readonly seenWords: number;
  /** Per step: the steps its transitions lead to, once each ([successorStart[s], successorStart[s + 1])). */
  private readonly successorStart: Int32Array;
  private readonly successors: Int32Array;
  /** Per step: whether its single duration is fixed (no draw). */
  private readonly fixedDuration: Uint8Array;
  /** Per sampler: whether it is fixed (a single transition's fixed `within` needs no draw). */
  private readonly fixedSampler: Uint8Array;
  /** Per duration entry, for the current step's tracks: days and times it was the longest. */
  private readonly trackDays: Float64Array;
  private readonly trackLongest: Float64Array;
  /** The step queue: a ring of step indices, each at most once in it. */
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  /** Per list node: its last deal, or its own head slot (link[BATCH + node]) when empty. */
  private readonly tail: Int32Array;
  // Per deal of the batch (index < BATCH): time so far, visits made, next deal in the same list; seen cyclic steps
  // and gate facts, `seenWords` and `factWords` words per deal. link[BATCH + node] heads node's list.
  private readonly time = new Float64Array(BATCH);
  private readonly visits = new Int32Array(BATCH);
  private readonly link: Int32Array;
  private readonly seen: Int32Array;
  private readonly facts: Int32Array;
  private wonTimes = new Float64Array(CHUNK_DEALS);
  /** Days spent in `within` gaps, for the current chunk. */
  private readonly sums = new Float64Array(1);
  private data: Float64Array = new Float64Array(0);
  private layout: SimulationStats;
  // The main stream's state (int32 fields, which V8 keeps unboxed).
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(
    private readonly model: SimulationModel,
    private readonly stepCap: number = DEFAULT_STEP_CAP,
  ) {
    const n = model.stepIds.length;
    this.steps = n;
    this.shape = statsShape(model);
    this.layout = new SimulationStats(this.shape);
    this.sampler = new DurationSampler(model.samplers, this.side);
    this.stuckNode = n + model.exitOutcome.length;
    this.nodes = this.stuckNode + 1;
    this.tail = new Int32Array(this.nodes);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    this.trackDays = new Float64Array(model.entryTrack.length);
    this.trackLongest = new Float64Array(model.entryTrack.length);
    this.fixedSampler = Uint8Array.from(model.samplers.span, (span) => (span === 0 ? 1 : 0));
    this.fixedDuration = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      const first = model.durationStart[s]!;
      this.fixedDuration[s] = model.durationStart[s + 1]! - first === 1 && this.fixedSampler[first] === 1 ? 1 : 0;
    }

    const transitions = model.target.length;
    this.destination = new Int32Array(transitions);
    this.upper = new Int32Array(transitions);
    this.lower = new Int32Array(transitions);
    this.withinScale = new Float64Array(transitions);
    const successorStart = new Int32Array(n + 1);
    const successors: number[] = [];
    for (let s = 0; s < n; s++) {
      successorStart[s] = successors.length;
      let lower = 0;
      for (let k = model.transitionStart[s]!; k < model.transitionStart[s + 1]!; k++) {
        // The model's cumulative probabilities as 31-bit thresholds: the draw a < upper picks k. The last one is
        // 2^31 (all the rest), stored as 2^31 − 1 like any threshold that rounds up to it: only those below the last
        // are compared, and a − threshold must fit in an int32.
        const upper = k === model.transitionStart[s + 1]! - 1 ? TWO_POW_31 : Math.min(TWO_POW_31 - 1, Math.round(model.cumulative[k]! * TWO_POW_31));
        this.upper[k] = Math.min(upper, TWO_POW_31 - 1);
        this.lower[k] = lower;
        this.withinScale[k] = upper - lower >= OWN_WITHIN_BELOW ? CELLS / (upper - lower) : 0;
        lower = upper;
        const to = model.target[k]!;
        this.destination[k] = to >= 0 ? to : to === DEAD_END ? this.stuckNode : n + ~to;
        if (to >= 0 && !successors.slice(successorStart[s]).includes(to)) successors.push(to);
      }
    }
    successorStart[n] = successors.length;
    this.successorStart = successorStart;
    this.successors = Int32Array.from(successors);

    const cyclic = stepsOnCycles(model, successorStart, this.successors);
    this.cyclicBit = new Int32Array(n).fill(-1);
    let bits = 0;
    for (let s = 0; s < n; s++) if (cyclic[s]) this.cyclicBit[s] = bits++;
    this.seenWords = Math.ceil(bits / 32);
    this.link = new Int32Array(BATCH + this.nodes);
    this.seen = new Int32Array(BATCH * this.seenWords);
    this.facts = new Int32Array(model.checksGates ? BATCH * model.factWords : 0);
  }

  /** Simulates `deals` deals as chunk `chunkIndex` of a run seeded with `seed`. */
  runChunk(seed: number, chunkIndex: number, deals: number): SimulationStats {
    const state = chunkState(seed, chunkIndex);
    [this.s0, this.s1, this.s2, this.s3] = state;
    this.side.reset(state);
    this.side.jump();
    const stats = new SimulationStats(this.shape);
    this.data = stats.data;
    this.layout = stats;
    this.sums[0] = 0;
    if (this.wonTimes.length < deals) this.wonTimes = new Float64Array(deals);
    let won = 0;
    for (let done = 0; done < deals; done += BATCH) won = this.runBatch(Math.min(BATCH, deals - done), won);
    return this.finishChunk(stats, deals, won);
  }

  /** Takes `deals` deals from the start to their ends; appends won cycle lengths from `won` on and returns the new count. */
  private runBatch(deals: number, won: number): number {
    const model = this.model;
    const base = BATCH;
    const link = this.link;
    this.time.fill(0, 0, deals);
    this.visits.fill(0, 0, deals);
    this.seen.fill(0, 0, deals * this.seenWords);
    this.facts.fill(0);
    for (let node = 0; node < this.nodes; node++) this.tail[node] = base + node;

    // Every deal waits at the start step (or is stuck at once under a cap of no visits).
    const first = this.stepCap >= 1 ? model.start : this.stuckNode;
    link[base + first] = 0;
    for (let i = 0; i + 1 < deals; i++) link[i] = i + 1;
    this.tail[first] = deals - 1;
    const queue = this.queue;
    const n = this.steps;
    let head = 0;
    let length = 0;
    if (first < n) {
      queue[0] = first;
      this.queued[first] = 1;
      length = 1;
    }
    while (length > 0) {
      const s = queue[head]!;
      head = head + 1 === n ? 0 : head + 1;
      length--;
      this.queued[s] = 0;
      this.visitStep(s);
      for (let j = this.successorStart[s]!; j < this.successorStart[s + 1]!; j++) {
        const t = this.successors[j]!;
        if (this.tail[t] !== base + t && this.queued[t] === 0) {
          this.queued[t] = 1;
          queue[(head + length) % n] = t;
          length++;
        }
      }
    }

    // The exits' lists: deals per exit (and stuck), and the won deals' cycle lengths.
    const data = this.data;
    const time = this.time;
    const wonTimes = this.wonTimes;
    for (let node = n; node < this.nodes; node++) {
      const last = this.tail[node]!;
      if (last === base + node) continue;
      const exit = node - n;
      const isWon = node !== this.stuckNode && model.exitWon[exit] === 1;
      let count = 0;
      for (let i = link[base + node]!; ; i = link[i]!) {
        count++;
        if (isWon) wonTimes[won++] = time[i]!;
        if (i === last) break;
      }
      data[node === this.stuckNode ? STATS_SLOTS.STUCK : this.layout.exitsAt + exit]! += count;
    }
    return won;
  }

  /** The chunk's scalars, and its won cycle lengths into the histogram. */
  private finishChunk(stats: SimulationStats, deals: number, won: number): SimulationStats {
    const data = stats.data;
    const wonTimes = this.wonTimes;
    // Two passes over the won cycle lengths: their mean, then the squared deviations from it (M2).
    let sum = 0;
    for (let i = 0; i < won; i++) sum += wonTimes[i]!;
    const mean = won > 0 ? sum / won : 0;
    let m2 = 0;
    let min = Infinity;
    let max = -Infinity;
    const histogram = this.histogram;
    for (let i = 0; i < won; i++) {
      const x = wonTimes[i]!;
      m2 += (x - mean) * (x - mean);
      if (x < min) min = x;
      if (x > max) max = x;
      histogram[histogramBucket(x)]!++;
    }
    let dealSteps = 0;
    for (let s = 0; s < this.steps; s++) dealSteps += data[stats.visitsAt + s]!;
    data[STATS_SLOTS.DEALS] = deals;
    data[STATS_SLOTS.DEAL_STEPS] = dealSteps;
    data[STATS_SLOTS.WON] = won;
    data[STATS_SLOTS.WON_MEAN] = mean;
    data[STATS_SLOTS.WON_M2] = m2;
    data[STATS_SLOTS.WON_MIN] = min;
    data[STATS_SLOTS.WON_MAX] = max;
    data[STATS_SLOTS.WAITING] = this.sums[0]!;
    return stats;
  }

  /** One visit to step `s` for every deal in its list; each deal joins the list of where it goes next. */
  private visitStep(s: number): void {
    const model = this.model;
    const sampler = this.sampler;
    const link = this.link;
    const tail = this.tail;
    const time = this.time;
    const visits = this.visits;
    const upper = this.upper;
    const lower = this.lower;
    const withinScale = this.withinScale;
    const destination = this.destination;
    const base = BATCH;
    const cap = this.stepCap;
    const n = this.steps;
    const stuckNode = this.stuckNode;

    // Detach the list: deals that come back to s during the loop start a new one.
    let i = link[base + s]!;
    const last = tail[s]!;
    tail[s] = base + s;

    const first = model.durationStart[s]!;
    const tracks = model.durationStart[s + 1]! - first;
    const durationDraws = this.fixedDuration[s] === 1 ? 0 : tracks;
    const fixedDays = model.samplers.low[first]!;
    const k0 = model.transitionStart[s]!;
    const choices = model.transitionStart[s + 1]! - k0;
    const withinBase = model.withinBase;
    // One transition: its within needs a draw unless fixed. Two to four: branch-free thresholds in locals.
    const singleDraws = choices === 1 && this.fixedSampler[withinBase + k0] === 0;
    const t1 = upper[k0]!;
    const t2 = choices > 2 ? upper[k0 + 1]! : 0;
    const t3 = choices > 3 ? upper[k0 + 2]! : 0;
    const bit = this.cyclicBit[s]!;
    const seenAt = bit >> 5;
    const seenMask = 1 << (bit & 31);
    const seenWords = this.seenWords;
    const seen = this.seen;
    const flags = model.checksGates ? model.stepFlags[s]! : 0;
    const factWords = model.factWords;
    const facts = this.facts;
    const stepFacts = model.stepFacts;
    const gateRequired = model.gateRequired;
    const trackDays = this.trackDays;
    const trackLongest = this.trackLongest;

    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let visited = 0;
    let firsts = 0;
    let misses = 0;
    let days = 0;
    let waiting = 0;
    for (;;) {
      const after = link[i]!;
      visited++;
      const v = visits[i]! + 1;
      visits[i] = v;

      // Reached for the first time in this deal? Always, off cycles.
      let firstVisit = 1;
      if (bit >= 0) {
        const at = i * seenWords + seenAt;
        const word = seen[at]!;
        firstVisit = ((word & seenMask) >>> (bit & 31)) ^ 1;
        seen[at] = word | seenMask;
      }
      firsts += firstVisit;
      if (flags !== 0) {
        const own = i * factWords;
        const step = s * factWords;
        // Facts only grow, so the first visit decides a gate miss, and later visits add nothing.
        if (firstVisit === 1) {
          if ((flags & GATED) !== 0) {
            for (let w = 0; w < factWords; w++) {
              const required = gateRequired[step + w]!;
              if ((facts[own + w]! & required) !== required) {
                misses++;
                break;
              }
            }
          }
          if ((flags & HAS_FACTS) !== 0) for (let w = 0; w < factWords; w++) facts[own + w]! |= stepFacts[step + w]!;
        }
      }

      // The duration: fixed, sampled, or the longest of the tracks (ties go to the first in file order).
      let duration = fixedDays;
      if (durationDraws === 1) {
        const product = Math.imul(s1, 5);
        const bits = Math.imul((product << 7) | (product >>> 25), 9);
        const shifted = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= shifted;
        s3 = (s3 << 11) | (s3 >>> 21);
        duration = sampler.draw(first, bits);
      } else if (durationDraws > 1) {
        duration = -Infinity;
        let longest = first;
        for (let e = first; e < first + tracks; e++) {
          const product = Math.imul(s1, 5);
          const bits = Math.imul((product << 7) | (product >>> 25), 9);
          const shifted = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= shifted;
          s3 = (s3 << 11) | (s3 >>> 21);
          const x = sampler.draw(e, bits);
          trackDays[e]! += x;
          if (x > duration) {
            duration = x;
            longest = e;
          }
        }
        trackLongest[longest]!++;
      }

      // The transition and its within, from one draw (or none).
      let k = k0;
      let gap: number;
      if (choices === 1) {
        if (singleDraws) {
          const product = Math.imul(s1, 5);
          const bits = Math.imul((product << 7) | (product >>> 25), 9);
          const shifted = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= shifted;
          s3 = (s3 << 11) | (s3 >>> 21);
          gap = sampler.draw(withinBase + k, bits);
        } else gap = model.samplers.low[withinBase + k]!;
      } else {
        const product = Math.imul(s1, 5);
        const bits = Math.imul((product << 7) | (product >>> 25), 9);
        const shifted = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= shifted;
        s3 = (s3 << 11) | (s3 >>> 21);
        const a = bits >>> 1;
        // k0 + the number of thresholds at or below a; (a − t) >> 31 is −1 when a < t, else 0.
        if (choices <= 4) {
          k += choices - 1 + ((a - t1) >> 31);
          if (choices > 2) k += (a - t2) >> 31;
          if (choices > 3) k += (a - t3) >> 31;
        } else while (a >= upper[k]! && k < k0 + choices - 1) k++;
        const scale = withinScale[k]!;
        if (scale > 0) {
          const x = (a - lower[k]! + 0.5) * scale;
          const cell = x | 0;
          gap = sampler.drawInCell(withinBase + k, cell, x - cell);
        } else gap = sampler.draw(withinBase + k, this.side.nextU32() | 0);
      }
      days += duration;
      waiting += gap;
      time[i] = time[i]! + duration + gap;

      let to = destination[k]!;
      if (v === cap && to < n) to = stuckNode; // a runaway loop (tested first: almost never true, so well predicted)
      link[tail[to]!] = i;
      tail[to] = i;
      if (i === last) break;
      i = after;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;

    const data = this.data;
    const layout = this.layout;
    data[layout.visitsAt + s]! += visited;
    data[layout.reachedAt + s]! += firsts;
    data[layout.gateMissesAt + s]! += misses;
    data[layout.stepDaysAt + s]! += days;
    this.sums[0]! += waiting;
    if (durationDraws > 1) {
      for (let e = first; e < first + tracks; e++) {
        data[layout.entryDaysAt + e]! += trackDays[e]!;
        data[layout.criticalAt + e]! += trackLongest[e]!;
        trackDays[e] = 0;
        trackLongest[e] = 0;
      }
    }
  }
}

/** Which steps lie on a cycle (a self-loop, or a strongly connected component of two or more steps). */
function stepsOnCycles(model: SimulationModel, successorStart: Int32Array, successors: Int32Array): boolean[] {
  const n = model.stepIds.length;
  const graph: StepGraph = {
    ids: model.stepIds,
    indexOf: new Map(model.stepIds.map((id, s) => [id, s])),
    successors: Array.from({ length: n }, (_, s) => Array.from(successors.subarray(successorStart[s]!, successorStart[s + 1]!))),
  };
  const onCycle = new Array<boolean>(n).fill(false);
  for (const component of stronglyConnectedComponents(graph).components) {
    if (isCyclicComponent(graph, component)) for (const s of component) onCycle[s] = true;
  }
  return onCycle;
}

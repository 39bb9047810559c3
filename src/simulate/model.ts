/** Compiles a process into the simulator's flat model: typed arrays and index tables, no Maps in the hot loop. */
import { stepBuyers } from '../analysis/graph.js';
import type { Duration, Process } from '../model/types.js';
import { SamplerTableBuilder, type SamplerTable } from './samplers.js';

/** The target of the one transition given to a step that has none (a dead end): the deal is stuck there. */
export const DEAD_END = -0x80000000;

/** Step flags: the step adds gate facts when visited; the step is an ask with a gate to check. */
export const HAS_FACTS = 1;
export const GATED = 2;

/**
 * A process as the simulator reads it. Pure data (typed arrays, numbers, strings), so one compilation can be
 * posted to every worker thread. Steps are numbered in file order; a transition's target is a step index
 * (≥ 0) or the bitwise NOT of an exit index (< 0).
 */
export interface SimulationModel {
  readonly stepIds: readonly string[];
  readonly stepTitles: readonly string[];
  /** The step every simulated deal starts at (`start`, or `--from`). */
  readonly start: number;
  readonly samplers: SamplerTable;
  /**
   * Per step: its duration entries are durationStart[s] … durationStart[s + 1] − 1 — one for a plain step, one
   * per track for a parallel step (which lasts the longest). Length steps + 1. Entry e is sampler e, and the
   * `within` of transition k is sampler withinBase + k: the simulation loop samples without an id lookup.
   */
  readonly durationStart: Int32Array;
  readonly withinBase: number;
  /** Per duration entry: the track id, or null for a plain step's own duration. */
  readonly entryTrack: readonly (string | null)[];
  /** Per step: its transitions are [transitionStart[s], transitionStart[s + 1]). Length steps + 1. */
  readonly transitionStart: Int32Array;
  /**
   * Per transition: cumulative probability within its step, normalised so the step's total is 1 (lint allows the
   * file's sum to be off by 1e-6) and the last one raised to 2, so a draw in (0, 1) always finds a transition.
   * Every step has at least one transition: a dead end gets one to {@link DEAD_END}.
   */
  readonly cumulative: Float64Array;
  /** Per transition: a step index (≥ 0), the bitwise NOT of an exit index, or {@link DEAD_END}. */
  readonly target: Int32Array;
  /** Exits: one per distinct (outcome, reason) pair that transitions lead to, in order of first appearance. */
  readonly exitOutcome: readonly string[];
  readonly exitReason: readonly (string | null)[];
  readonly exitWon: Uint8Array;
  /** Gate facts (buyer roles and steps some gate names) as bit sets of `factWords` 32-bit words. */
  readonly factWords: number;
  /** Per step (× factWords): the facts a visit adds. */
  readonly stepFacts: Int32Array;
  /** Per step (× factWords): the facts its gate requires (ask steps only). */
  readonly gateRequired: Int32Array;
  readonly stepFlags: Uint8Array;
  /** Gate checks are off with `from` (what happened before the deal's current step is unknown). */
  readonly checksGates: boolean;
}

/**
 * Builds the model of a process. `from` starts deals at that step instead of `start` (deals in flight); the caller
 * checks it names a step. Transitions with p ≤ 0 or to unknown ids are dropped (a valid process has none of the
 * latter); a step left without transitions is a dead end, and deals that get there count as stuck.
 */
export function compileModel(process: Process, options: { readonly from?: string } = {}): SimulationModel {
  const stepIds = [...process.steps.keys()];
  const steps = stepIds.map((id) => process.steps.get(id)!);
  const indexOf = new Map<string, number>();
  stepIds.forEach((id, i) => indexOf.set(id, i));
  const startId = options.from ?? process.start;
  const start = indexOf.get(startId);
  if (start === undefined) throw new RangeError(`cannot simulate from "${startId}": it is not a step of ${process.name}`);

  const samplers = new SamplerTableBuilder();
  const n = steps.length;
  const durationStart = new Int32Array(n + 1);
  const durations: (Duration | undefined)[] = [];
  const entryTrack: (string | null)[] = [];
  const transitionStart = new Int32Array(n + 1);
  const cumulative: number[] = [];
  const target: number[] = [];
  const withins: (Duration | undefined)[] = [];
  const exitKeys = new Map<string, number>();
  const exitOutcome: string[] = [];
  const exitReason: (string | null)[] = [];
  const exitWon: number[] = [];

  steps.forEach((step, s) => {
    durationStart[s] = durations.length;
    if (step.parallel.length > 0) {
      for (const track of step.parallel) {
        durations.push(track.duration);
        entryTrack.push(track.id);
      }
    } else {
      durations.push(step.duration);
      entryTrack.push(null);
    }
    transitionStart[s] = target.length;
    const usable = step.next.filter((t) => t.p > 0 && (indexOf.has(t.to) || process.outcomes.has(t.to)));
    if (usable.length === 0) {
      cumulative.push(2);
      withins.push(undefined);
      target.push(DEAD_END);
      return;
    }
    const total = usable.reduce((sum, t) => sum + t.p, 0);
    let running = 0;
    usable.forEach((t, k) => {
      running += t.p;
      cumulative.push(k === usable.length - 1 ? 2 : running / total);
      withins.push(t.within);
      // A step id wins over an outcome id, as in the analysis graph.
      const j = indexOf.get(t.to);
      if (j !== undefined) {
        target.push(j);
        return;
      }
      const reason = t.reason ?? null;
      const key = JSON.stringify([t.to, reason]);
      let exit = exitKeys.get(key);
      if (exit === undefined) {
        exit = exitOutcome.length;
        exitKeys.set(key, exit);
        exitOutcome.push(t.to);
        exitReason.push(reason);
        exitWon.push(process.outcomes.get(t.to)!.result === 'won' ? 1 : 0);
      }
      target.push(~exit);
    });
  });
  durationStart[n] = durations.length;
  for (const d of durations) samplers.add(d);
  for (const d of withins) samplers.add(d);
  transitionStart[n] = target.length;

  // Gate facts, as in the minimal-path search: the buyer roles and steps that some ask step's gate names.
  const checksGates = options.from === undefined;
  const factOf = new Map<string, number>();
  for (const step of steps) {
    if (!step.ask || step.requires === undefined) continue;
    for (const role of step.requires.involved) if (!factOf.has(`role:${role}`)) factOf.set(`role:${role}`, factOf.size);
    for (const id of step.requires.completed) if (!factOf.has(`step:${id}`)) factOf.set(`step:${id}`, factOf.size);
  }
  const factWords = Math.max(1, Math.ceil(factOf.size / 32));
  const stepFacts = new Int32Array(n * factWords);
  const gateRequired = new Int32Array(n * factWords);
  const stepFlags = new Uint8Array(n);
  const set = (bits: Int32Array, s: number, fact: number | undefined): boolean => {
    if (fact === undefined) return false;
    bits[s * factWords + (fact >>> 5)]! |= 1 << (fact & 31);
    return true;
  };
  if (checksGates && factOf.size > 0) {
    steps.forEach((step, s) => {
      let adds = set(stepFacts, s, factOf.get(`step:${step.id}`));
      for (const role of stepBuyers(step)) adds = set(stepFacts, s, factOf.get(`role:${role}`)) || adds;
      if (adds) stepFlags[s]! |= HAS_FACTS;
      if (step.ask && step.requires !== undefined) {
        let gated = false;
        for (const role of step.requires.involved) gated = set(gateRequired, s, factOf.get(`role:${role}`)) || gated;
        for (const id of step.requires.completed) gated = set(gateRequired, s, factOf.get(`step:${id}`)) || gated;
        if (gated) stepFlags[s]! |= GATED;
      }
    });
  }

  return {
    stepIds,
    stepTitles: steps.map((step) => step.title),
    start,
    samplers: samplers.build(),
    durationStart,
    withinBase: durations.length,
    entryTrack,
    transitionStart,
    cumulative: Float64Array.from(cumulative),
    target: Int32Array.from(target),
    exitOutcome,
    exitReason,
    exitWon: Uint8Array.from(exitWon),
    factWords,
    stepFacts,
    gateRequired,
    stepFlags,
    checksGates,
  };
}

/** The minimal path to won: fewest steps (or least expected time) among paths that satisfy every ask gate. */
import { SpxError } from '../model/errors.js';
import type { Process, Step } from '../model/types.js';
import { stepBuyers, stepSellers, stepsReachingOutcome } from './graph.js';
import { expectedWithin, stepExpectedDuration } from './metrics.js';

/** What to optimise first: fewest steps (engagements), least expected time, or highest path probability. */
export type PathCriterion = 'steps' | 'time' | 'probability';

/** Where a deal in flight stands: the step in progress and what it has done so far. */
export interface DealPosition {
  /** The step in progress. */
  readonly at: string;
  /** Buyer roles that have taken part so far. */
  readonly involved: readonly string[];
  /** Steps already visited. */
  readonly completed: readonly string[];
}

/** One step of a path and who takes part in it. */
export interface PathStep {
  readonly id: string;
  readonly title: string;
  /** The seller role that runs the step. */
  readonly owner: string | undefined;
  /** Seller side: the owner, then the tracks' owners (deduplicated, in order). */
  readonly sellers: readonly string[];
  /** Buyer side: the step's `with` plus its tracks' `with` (deduplicated, in order). */
  readonly buyers: readonly string[];
  /** The step is `kind: internal`: run on our side only, no buyer expected. */
  readonly internal: boolean;
  /** h: expected duration of the step, in business days. */
  readonly expectedDays: number;
  /** E[within] of the transition into this step; 0 for the first step of the path. */
  readonly gapBefore: number;
}

/** A path was found. */
export interface MinimalPathFound {
  readonly kind: 'path';
  readonly by: PathCriterion;
  /** In order, from `start` (or from the deal's current step). Revisited steps appear each time. */
  readonly steps: readonly PathStep[];
  /** Number of steps (a parallel step counts one). */
  readonly count: number;
  /** Σ h + Σ g along the path, including the gap of the final transition to the outcome. */
  readonly expectedDays: number;
  /** ∏ p along the path. */
  readonly probability: number;
  /** The won outcome the path ends in. */
  readonly outcome: string;
  /** E[within] of the final transition to the outcome. */
  readonly gapToOutcome: number;
}

/** Won is reachable, but only through an ask step whose gate no path meets. */
export interface MinimalPathBlocked {
  readonly kind: 'blocked';
  readonly by: PathCriterion;
  readonly blocked: {
    readonly askStep: string;
    /** Gate roles missing on the best attempt (the path into the ask step that meets most of the gate). */
    readonly missingInvolved: readonly string[];
    /** Gate steps missing on that attempt. */
    readonly missingCompleted: readonly string[];
  };
}

/** No won outcome is reachable at all, gates or not (lint: no-path-to-won). */
export interface MinimalPathNone {
  readonly kind: 'no-path';
  readonly by: PathCriterion;
}

/** The minimal path to won, or why there is none (a gate no path meets, or no path at all). */
export type MinimalPathResult = MinimalPathFound | MinimalPathBlocked | MinimalPathNone;

/** A search label: a partial path ending at `step` (or at an outcome), with the gate facts gathered before it. */
interface Label {
  /** Step index, or -1 when the label has reached a won outcome. */
  readonly step: number;
  /** Gate facts gathered by the steps before `step`. */
  readonly facts: bigint;
  readonly count: number;
  readonly time: number;
  /** Σ ln p: products of many p would underflow, and sums keep the order. */
  readonly logP: number;
  readonly seq: number;
  readonly parent: Label | undefined;
  readonly gap: number;
  readonly outcome: string | undefined;
}

/** Relative tolerance under which two expected times or log-probabilities count as a tie. */
const TIE = 1e-9;

function compareNumbers(a: number, b: number): number {
  if (Math.abs(a - b) <= TIE * Math.max(1, Math.abs(a), Math.abs(b))) return 0;
  return a < b ? -1 : 1;
}

function comparator(by: PathCriterion): (a: Label, b: Label) => number {
  if (by === 'steps') return (a, b) => a.count - b.count || compareNumbers(a.time, b.time) || compareNumbers(b.logP, a.logP) || a.seq - b.seq;
  if (by === 'time') return (a, b) => compareNumbers(a.time, b.time) || a.count - b.count || compareNumbers(b.logP, a.logP) || a.seq - b.seq;
  // Highest probability = least Σ −ln p, a non-negative edge weight, so Dijkstra's order holds.
  return (a, b) => compareNumbers(b.logP, a.logP) || a.count - b.count || compareNumbers(a.time, b.time) || a.seq - b.seq;
}

/**
 * Finds the minimal path to a won outcome, exactly per the format contract.
 *
 * Among paths from `start` (or from `from.at`, a deal in progress with the given history) to a won outcome, over
 * transitions with p > 0, that meet the `requires` gate of every ask step they pass — before the ask step starts,
 * every gate role took part in a visited step or track and every gate step was visited — it minimises
 * (steps, expected time, −probability) with `by: 'steps'`, (expected time, steps, −probability) with
 * `by: 'time'`, or (−probability, steps, expected time) with `by: 'probability'`. Expected time is Σ h + Σ g along the path, including the gap of the final transition.
 *
 * Revisits are allowed: the search is Dijkstra over states (step, gate facts gathered so far), where the facts
 * are only the roles and steps some gate names, kept as a bit set. A state whose facts are a subset of an
 * already settled state's at the same step is skipped, since it can do nothing the settled one cannot.
 *
 * With `from`, the path starts with `from.at` itself; its gate is not checked (the step has already started),
 * and its own roles count as involved once it ends. Throws SpxError E_UNKNOWN_STEP when `from.at` is no step.
 */
export function minimalPath(process: Process, options: { readonly by: PathCriterion }, from?: DealPosition): MinimalPathResult {
  const prepared = prepare(process);
  const origin = from ? from.at : process.start;
  if (!prepared.indexOf.has(origin)) {
    if (from) throw new SpxError('E_UNKNOWN_STEP', `unknown step "${from.at}": name a step of process ${process.name}`);
    return { kind: 'no-path', by: options.by };
  }
  // An ask step at the start is gated like any other (nothing has happened before it); a deal's current step is not.
  const seed: Seed = from ? { at: from.at, involved: from.involved, completed: from.completed, checkGate: false } : { at: origin, involved: [], completed: [], checkGate: true };
  return search(process, prepared, options.by, [seed]);
}

/**
 * The shortest way back for a deal whose gate no path forward from `deal.at` can meet: the best path (by `by`, as
 * {@link minimalPath}) that starts at ANY step of the process — the step to hold next, outside the process's
 * transitions — with the deal's history plus `deal.at` itself, and meets every gate, the first step's included.
 * The first step's `gapBefore` is 0: no transition schedules it. Returns `blocked` or `no-path` when even that fails.
 */
export function recoveryPath(process: Process, deal: DealPosition, options: { readonly by: PathCriterion }): MinimalPathResult {
  const prepared = prepare(process);
  const at = process.steps.get(deal.at);
  if (at === undefined) throw new SpxError('E_UNKNOWN_STEP', `unknown step "${deal.at}": name a step of process ${process.name}`);
  const involved = [...deal.involved, ...stepBuyers(at)];
  const completed = [...deal.completed, deal.at];
  const seeds = prepared.ids.map((id): Seed => ({ at: id, involved, completed, checkGate: true }));
  return search(process, prepared, options.by, seeds);
}

/** A place a search starts: a step, the history before it, and whether that step's own gate applies. */
interface Seed {
  readonly at: string;
  readonly involved: readonly string[];
  readonly completed: readonly string[];
  readonly checkGate: boolean;
}

/** The process numbered once for searches: steps, the gate facts as bits, what each gate needs and each step adds. */
interface Prepared {
  readonly ids: readonly string[];
  readonly steps: readonly Step[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly roleFact: ReadonlyMap<string, bigint>;
  readonly stepFact: ReadonlyMap<string, bigint>;
  readonly gates: readonly (bigint | undefined)[];
  readonly gains: readonly bigint[];
}

function prepare(process: Process): Prepared {
  const ids = [...process.steps.keys()];
  const steps: Step[] = ids.map((id) => process.steps.get(id)!);
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => indexOf.set(id, i));

  // Gate facts: bit k of a fact set. Roles and steps live in separate namespaces.
  const roleFact = new Map<string, bigint>();
  const stepFact = new Map<string, bigint>();
  let factCount = 0;
  const gates: (bigint | undefined)[] = steps.map((step) => {
    if (!step.ask || step.requires === undefined) return undefined;
    let mask = 0n;
    for (const role of step.requires.involved) {
      if (!roleFact.has(role)) roleFact.set(role, 1n << BigInt(factCount++));
      mask |= roleFact.get(role)!;
    }
    for (const id of step.requires.completed) {
      if (!stepFact.has(id)) stepFact.set(id, 1n << BigInt(factCount++));
      mask |= stepFact.get(id)!;
    }
    return mask === 0n ? undefined : mask;
  });
  const gains: bigint[] = steps.map((step) => {
    let mask = stepFact.get(step.id) ?? 0n;
    for (const role of stepBuyers(step)) mask |= roleFact.get(role) ?? 0n;
    return mask;
  });
  return { ids, steps, indexOf, roleFact, stepFact, gates, gains };
}

/**
 * Dijkstra over states (step, gate facts gathered so far) from the seeds, in the order of `by`. A state whose facts
 * are a subset of an already settled state's at the same step is skipped, since it can do nothing the settled one
 * cannot (every order here is monotone along a path: counts and times grow, probabilities shrink).
 */
function search(process: Process, prepared: Prepared, by: PathCriterion, seeds: readonly Seed[]): MinimalPathResult {
  const { ids, steps, indexOf, roleFact, stepFact, gates, gains } = prepared;

  const expectedDays = new Float64Array(ids.length).fill(NaN);
  const h = (i: number): number => {
    if (Number.isNaN(expectedDays[i]!)) expectedDays[i] = stepExpectedDuration(steps[i]!);
    return expectedDays[i]!;
  };

  const compare = comparator(by);
  const heap = new LabelHeap(compare);
  const best: (Map<bigint, Label> | undefined)[] = new Array(ids.length);
  const settled: (bigint[] | undefined)[] = new Array(ids.length);
  let seq = 0;
  // Failed gate checks: per ask step, the facts of the attempt that missed the fewest gate facts.
  const attempts = new Map<number, { missing: bigint; missingCount: number; seq: number }>();

  const dominated = (step: number, facts: bigint): boolean =>
    settled[step]?.some((other) => (other & facts) === facts) ?? false;

  const offer = (label: Label): void => {
    if (label.step >= 0) {
      if (dominated(label.step, label.facts)) return;
      const known = (best[label.step] ??= new Map());
      const current = known.get(label.facts);
      if (current !== undefined && compare(current, label) <= 0) return;
      known.set(label.facts, label);
    }
    heap.push(label);
  };

  for (const seed of seeds) {
    const index = indexOf.get(seed.at)!;
    let facts = 0n;
    for (const role of seed.involved) facts |= roleFact.get(role) ?? 0n;
    for (const id of seed.completed) facts |= stepFact.get(id) ?? 0n;
    const gate = seed.checkGate ? gates[index] : undefined;
    if (gate !== undefined && (gate & facts) !== gate) {
      recordAttempt(attempts, index, gate, facts, seq++);
      continue;
    }
    offer({ step: index, facts, count: 1, time: h(index), logP: 0, seq: seq++, parent: undefined, gap: 0, outcome: undefined });
  }

  while (heap.size > 0) {
    const label = heap.pop()!;
    if (label.step < 0) return found(by, label, steps, h);
    if (best[label.step]?.get(label.facts) !== label) continue; // superseded by a better label
    if (dominated(label.step, label.facts)) continue;
    (settled[label.step] ??= []).push(label.facts);
    const step = steps[label.step]!;
    const facts = label.facts | gains[label.step]!;
    for (const t of step.next) {
      if (!(t.p > 0)) continue;
      const gap = expectedWithin(t.within);
      const logP = label.logP + Math.log(t.p);
      const j = indexOf.get(t.to);
      if (j === undefined) {
        if (process.outcomes.get(t.to)?.result !== 'won') continue;
        offer({ step: -1, facts, count: label.count, time: label.time + gap, logP, seq: seq++, parent: label, gap, outcome: t.to });
        continue;
      }
      const gate = gates[j];
      if (gate !== undefined && (gate & facts) !== gate) {
        recordAttempt(attempts, j, gate, facts, seq++);
        continue;
      }
      offer({ step: j, facts, count: label.count + 1, time: label.time + gap + h(j), logP, seq: seq++, parent: label, gap, outcome: undefined });
    }
  }

  return blocked(process, by, steps, attempts, stepFact, roleFact);
}

function recordAttempt(
  attempts: Map<number, { missing: bigint; missingCount: number; seq: number }>,
  askStep: number,
  gate: bigint,
  facts: bigint,
  seq: number,
): void {
  const missing = gate & ~facts;
  const missingCount = popCount(missing);
  const previous = attempts.get(askStep);
  if (previous === undefined || missingCount < previous.missingCount) attempts.set(askStep, { missing, missingCount, seq });
}

function popCount(mask: bigint): number {
  let count = 0;
  for (let m = mask; m > 0n; m &= m - 1n) count++;
  return count;
}

function found(by: PathCriterion, terminal: Label, steps: readonly Step[], h: (i: number) => number): MinimalPathFound {
  const chain: Label[] = [];
  for (let label = terminal.parent; label !== undefined; label = label.parent) chain.push(label);
  chain.reverse();
  const pathSteps = chain.map((label): PathStep => {
    const step = steps[label.step]!;
    return {
      id: step.id,
      title: step.title,
      owner: step.owner,
      sellers: stepSellers(step),
      buyers: stepBuyers(step),
      internal: step.kind === 'internal',
      expectedDays: h(label.step),
      gapBefore: label.gap,
    };
  });
  return {
    kind: 'path',
    by,
    steps: pathSteps,
    count: terminal.count,
    expectedDays: terminal.time,
    probability: Math.exp(terminal.logP),
    outcome: terminal.outcome!,
    gapToOutcome: terminal.gap,
  };
}

/**
 * Names the gate that blocks: among ask steps a search reached but could not pass, and from which won is reachable
 * when gates are ignored, the attempt missing the fewest gate facts (ties: the one met first, i.e. cheapest).
 */
function blocked(
  process: Process,
  by: PathCriterion,
  steps: readonly Step[],
  attempts: ReadonlyMap<number, { missing: bigint; missingCount: number; seq: number }>,
  stepFact: ReadonlyMap<string, bigint>,
  roleFact: ReadonlyMap<string, bigint>,
): MinimalPathResult {
  const toWon = stepsReachingOutcome(process, (o) => o.result === 'won');
  let chosen: [number, { missing: bigint; missingCount: number; seq: number }] | undefined;
  for (const entry of attempts) {
    if (!toWon.has(steps[entry[0]]!.id)) continue;
    const [, attempt] = entry;
    if (chosen === undefined || attempt.missingCount < chosen[1].missingCount || (attempt.missingCount === chosen[1].missingCount && attempt.seq < chosen[1].seq)) {
      chosen = entry;
    }
  }
  if (chosen === undefined) return { kind: 'no-path', by };
  const [index, { missing }] = chosen;
  const gate = steps[index]!.requires!;
  const isMissing = (bit: bigint | undefined): boolean => bit !== undefined && (missing & bit) !== 0n;
  return {
    kind: 'blocked',
    by,
    blocked: {
      askStep: steps[index]!.id,
      missingInvolved: dedupe(gate.involved.filter((role) => isMissing(roleFact.get(role)))),
      missingCompleted: dedupe(gate.completed.filter((id) => isMissing(stepFact.get(id)))),
    },
  };
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A binary min-heap of labels. */
class LabelHeap {
  private readonly items: Label[] = [];
  constructor(private readonly compare: (a: Label, b: Label) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(label: Label): void {
    const items = this.items;
    items.push(label);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Label | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
        if (right < items.length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

/** Independent oracles for the observed view: deal paths enumerated (acyclic) or sampled (cyclic), read as stages. */
import { expectedWithin, stepExpectedDuration } from '../../src/analysis/metrics.js';
import type { Process } from '../../src/model/types.js';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';

/** One deal's path: the steps visited in order, then the outcome reached (undefined: the deal vanished). */
export interface DealPath {
  readonly steps: readonly string[];
  /** Expected business time of each step visit start, and of the end (outcome), given the path. */
  readonly times: readonly number[];
  readonly outcome: string | undefined;
}

/** Per-deal numerator A and denominator B of every quantity; the view's number is E[A]/E[B]. */
export class Tally {
  private readonly sums = new Map<string, { a: number; b: number; aa: number; bb: number; ab: number }>();
  weight = 0;

  /** Adds one deal (or path) with weight `w`; `values` maps a quantity's key to its [A, B]. */
  add(w: number, values: ReadonlyMap<string, readonly [number, number]>, keys: readonly string[]): void {
    this.weight += w;
    for (const key of keys) {
      const [a, b] = values.get(key) ?? [0, 0];
      let s = this.sums.get(key);
      if (!s) this.sums.set(key, (s = { a: 0, b: 0, aa: 0, bb: 0, ab: 0 }));
      s.a += w * a;
      s.b += w * b;
      s.aa += w * a * a;
      s.bb += w * b * b;
      s.ab += w * a * b;
    }
  }

  /** E[A]/E[B]; undefined when B never occurs. */
  ratio(key: string): number | undefined {
    const s = this.sums.get(key);
    return s && s.b > 0 ? s.a / s.b : undefined;
  }

  /** Delta-method standard error of the ratio, treating the added weights as a count of independent deals. */
  standardError(key: string): number {
    const s = this.sums.get(key)!;
    const r = s.a / s.b;
    const variance = (s.aa - 2 * r * s.ab + r * r * s.bb) / this.weight;
    return Math.sqrt(Math.max(0, variance) * this.weight) / s.b;
  }
}

/**
 * Reads a path as the data sees it and returns every quantity's [A, B] for that deal, keyed like
 * `entries G e`, `share G H`, `time G`, `win G`, `toOutcome G`, `toWon G`, `entryTime G` (see quantityKeys).
 */
export function readPath(path: DealPath, groupOf: ReadonlyMap<string, string>, keys: readonly string[]): Map<string, readonly [number, number]> {
  const numerators = new Map<string, number>();
  const add = (key: string, a: number): void => {
    numerators.set(key, (numerators.get(key) ?? 0) + a);
  };
  const end = path.times[path.times.length - 1]!;
  const won = path.outcome === 'won' ? 1 : 0;
  const entriesOf = new Map<string, number[]>();
  let current: string | undefined;
  let enteredAt = 0;
  const close = (next: string | undefined, at: number): void => {
    if (current === undefined) return;
    add(`time ${current}`, at - enteredAt);
    if (next !== undefined) add(`share ${current} ${next}`, 1);
  };
  path.steps.forEach((step, i) => {
    const group = groupOf.get(step);
    if (group === undefined || group === current) return;
    close(group, path.times[i]!);
    current = group;
    enteredAt = path.times[i]!;
    const times = entriesOf.get(group) ?? [];
    times.push(enteredAt);
    entriesOf.set(group, times);
    add(`entries ${group} ${step}`, 1);
  });
  close(path.outcome, end);
  for (const [group, times] of entriesOf) {
    const ahead = times.reduce((sum, t) => sum + (end - t), 0);
    add(`win ${group}`, won * times.length);
    add(`toOutcome ${group}`, ahead);
    add(`toWon ${group}`, won * ahead);
    add(`entryTime ${group}`, times[0]!);
  }
  const out = new Map<string, readonly [number, number]>();
  for (const key of keys) {
    const [kind, group] = key.split(' ') as [string, string];
    const count = entriesOf.get(group)?.length ?? 0;
    const denominator =
      kind === 'entries' ? 1 : kind === 'entryTime' ? (count > 0 ? 1 : 0) : kind === 'toWon' ? won * count : count;
    out.set(key, [numerators.get(key) ?? 0, denominator]);
  }
  return out;
}

/** Every key a process and grouping can produce (so deals without a quantity still count in its denominator). */
export function quantityKeys(process: Process, groupOf: ReadonlyMap<string, string>): string[] {
  const groups = [...new Set(groupOf.values())];
  const keys: string[] = [];
  for (const g of groups) {
    for (const [step, group] of groupOf) if (group === g) keys.push(`entries ${g} ${step}`);
    for (const h of [...groups, ...process.outcomes.keys()]) if (h !== g) keys.push(`share ${g} ${h}`);
    keys.push(`time ${g}`, `win ${g}`, `toOutcome ${g}`, `toWon ${g}`, `entryTime ${g}`);
  }
  return keys;
}

/** Exact: every path of an acyclic process, weighted by its probability (throws beyond `maxDepth` steps). */
export function enumeratePaths(process: Process, groupOf: ReadonlyMap<string, string>, maxDepth = 50): Tally {
  const tally = new Tally();
  const keys = quantityKeys(process, groupOf);
  const walk = (step: string, probability: number, steps: string[], times: number[]): void => {
    if (steps.length > maxDepth) throw new Error('path too long: is the process acyclic?');
    const s = process.steps.get(step)!;
    const h = stepExpectedDuration(s);
    const at = times[times.length - 1]!;
    for (const t of s.next) {
      if (!(t.p > 0)) continue;
      const next = at + h + expectedWithin(t.within);
      if (process.steps.has(t.to)) walk(t.to, probability * t.p, [...steps, t.to], [...times, next]);
      else {
        const path = { steps, times: [...times, next], outcome: t.to };
        tally.add(probability * t.p, readPath(path, groupOf, keys), keys);
      }
    }
  };
  walk(process.start, 1, [process.start], [0]);
  return tally;
}

/** Sampled: `deals` paths drawn with a seeded generator; times are the expected times given the path. */
export function samplePaths(process: Process, groupOf: ReadonlyMap<string, string>, deals: number, seed: number): Tally {
  const rng = new Xoshiro128(chunkState(seed, 0));
  const tally = new Tally();
  const keys = quantityKeys(process, groupOf);
  for (let d = 0; d < deals; d++) {
    const steps = [process.start];
    const times = [0];
    let outcome: string | undefined;
    for (;;) {
      const s = process.steps.get(steps[steps.length - 1]!)!;
      let u = rng.nextDouble();
      const t = s.next.find((candidate) => (u -= candidate.p) < 0)!;
      const next = times[times.length - 1]! + stepExpectedDuration(s) + expectedWithin(t.within);
      times.push(next);
      if (!process.steps.has(t.to)) {
        outcome = t.to;
        break;
      }
      steps.push(t.to);
    }
    tally.add(1, readPath({ steps, times, outcome }, groupOf, keys), keys);
  }
  return tally;
}

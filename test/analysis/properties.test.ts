// Property tests on random small processes: the minimal path against brute force, metrics against their equations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { minimalPath, type PathCriterion } from '../../src/analysis/minimal-path.js';
import { durationMean, expectedMaxOfTracks, durationCdf } from '../../src/model/duration.js';
import type { Duration, Process, Step } from '../../src/model/types.js';
import { makeProcess, pert, type StepSpec } from './make-process.js';

const ROLES = ['r1', 'r2', 'r3'] as const;

/** Random valid processes of 3–7 steps: p summing to 1 (some p = 0), gaps, roles, and gates on some ask steps. */
const arbitraryProcess: fc.Arbitrary<Process> = fc.integer({ min: 3, max: 7 }).chain((n) => {
  const stepIds = Array.from({ length: n }, (_, i) => `s${i}`);
  const duration = fc.oneof(
    fc.integer({ min: 0, max: 5 }),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b, c]) => {
      const [min, likely, max] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
      return min === max ? min : pert(min, likely, max);
    }),
  );
  const step = fc.record({
    d: duration,
    with: fc.subarray([...ROLES]),
    next: fc.uniqueArray(
      fc.record({
        to: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...stepIds) },
          { weight: 2, arbitrary: fc.constant('won') },
          { weight: 1, arbitrary: fc.constant('lost') },
        ),
        weight: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }),
        within: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 3, selector: (t) => t.to },
    ),
    ask: fc.integer({ min: 0, max: 9 }).map((k) => k < 4),
    involved: fc.subarray([...ROLES], { maxLength: 2 }),
    completed: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(stepIds, { maxLength: 1 }) }),
  });
  return fc.array(step, { minLength: n, maxLength: n }).map((raw) => {
    const specs: Record<string, StepSpec> = {};
    raw.forEach((s, i) => {
      const total = s.next.reduce((sum, t) => sum + t.weight, 0);
      const weights = total === 0 ? s.next.map((_, k) => (k === 0 ? 1 : 0)) : s.next.map((t) => t.weight);
      const sum = weights.reduce((a, b) => a + b, 0);
      specs[stepIds[i]!] = {
        d: s.d,
        with: s.with,
        next: s.next.map((t, k) => [t.to, weights[k]! / sum, t.within] as const),
        ask: s.ask,
        requires: s.ask && (s.involved.length > 0 || s.completed.length > 0) ? { involved: s.involved, completed: s.completed } : undefined,
      };
    });
    return makeProcess(specs);
  });
});

interface Cost {
  readonly count: number;
  readonly time: number;
  readonly probability: number;
}

const TOL = 1e-9;
const cmp = (a: number, b: number): number => (Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b)) ? 0 : a < b ? -1 : 1);
const compareCosts = (by: PathCriterion, a: Cost, b: Cost): number =>
  by === 'steps'
    ? a.count - b.count || cmp(a.time, b.time) || cmp(b.probability, a.probability)
    : cmp(a.time, b.time) || a.count - b.count || cmp(b.probability, a.probability);

const involvement = (step: Step): string[] => [...step.with, ...step.parallel.flatMap((t) => t.with)];
const g = (d: Duration | undefined): number => (d === undefined ? 0 : durationMean(d));

/** Does the gate of `step` hold after visiting `visited` (in order)? */
function gateHolds(process: Process, step: Step, visited: readonly string[]): boolean {
  if (!step.ask || step.requires === undefined) return true;
  const roles = new Set(visited.flatMap((id) => involvement(process.steps.get(id)!)));
  return step.requires.involved.every((r) => roles.has(r)) && step.requires.completed.every((id) => visited.includes(id));
}

/** Brute force: every gate-respecting path of at most `maxSteps` steps from start to won; the best cost. */
function bruteForce(process: Process, by: PathCriterion, maxSteps: number): Cost | undefined {
  let best: Cost | undefined;
  const visit = (path: string[], time: number, probability: number): void => {
    const id = path[path.length - 1]!;
    const step = process.steps.get(id)!;
    if (best && by === 'time' && cmp(time, best.time) > 0) return; // times only grow
    if (best && by === 'steps' && path.length > best.count) return;
    for (const t of step.next) {
      if (!(t.p > 0)) continue;
      if (process.outcomes.get(t.to)?.result === 'won') {
        const cost = { count: path.length, time: time + g(t.within), probability: probability * t.p };
        if (!best || compareCosts(by, cost, best) < 0) best = cost;
        continue;
      }
      const next = process.steps.get(t.to);
      if (!next || path.length >= maxSteps || !gateHolds(process, next, path)) continue;
      path.push(t.to);
      visit(path, time + g(t.within) + stepExpectedDuration(next), probability * t.p);
      path.pop();
    }
  };
  const start = process.steps.get(process.start)!;
  if (gateHolds(process, start, [])) visit([process.start], stepExpectedDuration(start), 1);
  return best;
}

/** Can won be reached from start at all, ignoring gates? */
function wonReachable(process: Process): boolean {
  const seen = new Set([process.start]);
  const queue = [process.start];
  while (queue.length > 0) {
    for (const t of process.steps.get(queue.shift()!)!.next) {
      if (!(t.p > 0)) continue;
      if (process.outcomes.get(t.to)?.result === 'won') return true;
      if (process.steps.has(t.to) && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return false;
}

describe('minimal path (property)', () => {
  for (const by of ['steps', 'time'] as const) {
    it(`by ${by}: meets its gates and no brute-force path of ≤ 12 steps beats it`, () => {
      fc.assert(
        fc.property(arbitraryProcess, (process) => {
          const result = minimalPath(process, { by });
          const brute = bruteForce(process, by, 12);
          if (result.kind !== 'path') {
            expect(brute).toBeUndefined();
            expect(result.kind === 'no-path').toBe(!wonReachable(process));
            if (result.kind === 'blocked') {
              const ask = process.steps.get(result.blocked.askStep)!;
              expect(ask.ask).toBe(true);
              expect(result.blocked.missingInvolved.length + result.blocked.missingCompleted.length).toBeGreaterThan(0);
            }
            return;
          }
          // Walk the path: real transitions with p > 0, gates met, and the reported cost.
          const ids = result.steps.map((s) => s.id);
          expect(ids[0]).toBe(process.start);
          let time = 0;
          let probability = 1;
          ids.forEach((id, i) => {
            const step = process.steps.get(id)!;
            expect(gateHolds(process, step, ids.slice(0, i))).toBe(true);
            time += stepExpectedDuration(step);
            const target = i + 1 < ids.length ? ids[i + 1]! : result.outcome;
            const t = step.next.find((x) => x.to === target && x.p > 0);
            expect(t).toBeDefined();
            time += g(t!.within);
            probability *= t!.p;
          });
          expect(process.outcomes.get(result.outcome)?.result).toBe('won');
          expect(result.count).toBe(ids.length);
          expect(cmp(result.expectedDays, time)).toBe(0);
          expect(cmp(result.probability, probability)).toBe(0);
          const found = { count: result.count, time: result.expectedDays, probability: result.probability };
          if (brute) expect(compareCosts(by, brute, found)).toBeGreaterThanOrEqual(0);
          if (result.count <= 12) {
            expect(brute).toBeDefined();
            expect(compareCosts(by, brute!, found)).toBe(0);
          }
        }),
        { numRuns: 1000, seed: 20260101 },
      );
    });
  }
});

describe('metrics (property)', () => {
  it('w, u and m satisfy their defining equations; m is infinite exactly where a deal may never end', () => {
    fc.assert(
      fc.property(arbitraryProcess, (process) => {
        const metrics = computeMetrics(process);
        const steps = [...process.steps.values()];
        // Independently: steps that can reach some outcome.
        const ends = new Set<string>();
        for (let changed = true; changed; ) {
          changed = false;
          for (const step of steps) {
            if (ends.has(step.id)) continue;
            if (step.next.some((t) => t.p > 0 && (process.outcomes.has(t.to) || ends.has(t.to)))) {
              ends.add(step.id);
              changed = true;
            }
          }
        }
        const reachable = (from: string): Set<string> => {
          const seen = new Set([from]);
          const queue = [from];
          while (queue.length > 0) {
            for (const t of process.steps.get(queue.shift()!)!.next) {
              if (t.p > 0 && process.steps.has(t.to) && !seen.has(t.to)) {
                seen.add(t.to);
                queue.push(t.to);
              }
            }
          }
          return seen;
        };
        for (const step of steps) {
          const s = metrics.steps.get(step.id)!;
          const value = (id: string) => metrics.steps.get(id)!;
          let w = 0;
          let u = s.expectedDuration * s.winProbability;
          let m = s.expectedDuration;
          for (const t of step.next) {
            if (!(t.p > 0)) continue;
            const gap = g(t.within);
            if (process.steps.has(t.to)) {
              const j = value(t.to);
              w += t.p * j.winProbability;
              u += t.p * (gap * j.winProbability + j.wonTimeMass);
              m += t.p * (gap + j.expectedTimeToOutcome);
            } else {
              const won = process.outcomes.get(t.to)!.result === 'won';
              if (won) {
                w += t.p;
                u += t.p * gap;
              }
              m += t.p * gap;
            }
          }
          const scale = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
          expect(s.winProbability).toBeGreaterThanOrEqual(0);
          expect(s.winProbability).toBeLessThanOrEqual(1 + 1e-12);
          expect(Math.abs(s.winProbability - w)).toBeLessThanOrEqual(scale(w));
          expect(Math.abs(s.wonTimeMass - u)).toBeLessThanOrEqual(scale(u));
          const mayNeverEnd = [...reachable(step.id)].some((id) => !ends.has(id));
          expect(s.expectedTimeToOutcome === Infinity).toBe(mayNeverEnd);
          if (!mayNeverEnd) expect(Math.abs(s.expectedTimeToOutcome - m)).toBeLessThanOrEqual(scale(m));
          expect(s.expectedCycleWon === undefined).toBe(s.winProbability === 0);
        }
      }),
      { numRuns: 300, seed: 20260102 },
    );
  });
});

describe('expected max of tracks (property)', () => {
  it('agrees with a fine Simpson rule to 1e-6', () => {
    const estimate = fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.constantFrom('pert', 'triangular', 'uniform', 'fixed'))
      .map(([a, b, c, dist]): Duration => {
        const [min, likely, max] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        if (dist === 'fixed' || min === max) return { dist: 'fixed', value: likely };
        return dist === 'uniform' ? { dist, min, max } : { dist: dist as 'pert' | 'triangular', min, likely, max };
      });
    fc.assert(
      fc.property(fc.array(estimate, { minLength: 2, maxLength: 4 }), (tracks) => {
        const lo = Math.max(...tracks.map((d) => (d.dist === 'fixed' ? d.value : d.min)));
        const hi = Math.max(...tracks.map((d) => (d.dist === 'fixed' ? d.value : d.max)));
        const f = (t: number) => 1 - tracks.reduce((product, d) => product * durationCdf(d, t), 1);
        // Simpson on each unit interval (breakpoints are integers, so the integrand is smooth inside each).
        let integral = 0;
        for (let a = lo; a < hi; a++) {
          const n = 400;
          let sum = f(a + 1e-12) + f(a + 1 - 1e-12);
          for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(a + i / n);
          integral += sum / n / 3;
        }
        const expected = lo + integral;
        expect(Math.abs(expectedMaxOfTracks(tracks) - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
      }),
      { numRuns: 100, seed: 20260103 },
    );
  });
});

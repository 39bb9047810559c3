// computeMetricsUpperBound: exact rates and upper-bounded times without integrating parallel steps' E[max].
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, computeMetricsUpperBound } from '../../src/analysis/metrics.js';
import type { Duration } from '../../src/model/types.js';
import { fixed, makeProcess, pert, tri, uni, type StepSpec } from './make-process.js';

/** Any duration the model accepts, invalid ones included (likely outside [min, max], max ≤ min, negative days). */
const arbitraryDuration: fc.Arbitrary<Duration> = fc
  .tuple(fc.constantFrom('fixed', 'uniform', 'triangular', 'pert'), fc.integer({ min: -3, max: 30 }), fc.integer({ min: -3, max: 30 }), fc.integer({ min: -3, max: 30 }))
  .map(([dist, a, b, c]) => {
    if (dist === 'fixed') return fixed(a);
    if (dist === 'uniform') return uni(Math.min(a, c), Math.max(a, c));
    return dist === 'pert' ? pert(a, b, c) : tri(a, b, c);
  });

/** Random processes of 2–6 steps, some parallel with 2–4 tracks; p sums to 1 or leaks; some disqualified outcomes. */
const arbitraryProcess = fc.integer({ min: 2, max: 6 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const step = fc.record({
    tracks: fc.option(fc.array(arbitraryDuration, { minLength: 2, maxLength: 4 }), { nil: undefined }),
    d: arbitraryDuration,
    next: fc.array(fc.tuple(fc.constantFrom(...ids, 'won', 'lost', 'out'), fc.integer({ min: 0, max: 4 }), fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })), { minLength: 1, maxLength: 3 }),
    leak: fc.constantFrom(1, 1, 1, 0.9),
  });
  return fc.tuple(fc.array(step, { minLength: n, maxLength: n }), fc.boolean()).map(([raw, disqualify]) => {
    const specs: Record<string, StepSpec> = {};
    raw.forEach((s, i) => {
      const total = s.next.reduce((sum, [, weight]) => sum + weight, 0) || 1;
      specs[ids[i]!] = {
        ...(s.tracks ? { tracks: Object.fromEntries(s.tracks.map((d, k) => [`t${k}`, { d }])) } : { d: s.d }),
        next: s.next.map(([to, weight, within]) => [to, (weight / total) * s.leak, within] as const),
      };
    });
    return makeProcess(specs, { outcomes: { won: 'won', lost: 'lost', out: disqualify ? 'disqualified' : 'lost' } });
  });
});

describe('computeMetricsUpperBound', () => {
  it('gives the exact rates and times at least the exact ones', () => {
    fc.assert(
      fc.property(arbitraryProcess, (process) => {
        const { metrics: bound, timesAreUpperBounds } = computeMetricsUpperBound(process);
        const exact = computeMetrics(process);
        expect(timesAreUpperBounds).toBe(true);
        expect(bound.winRate).toBe(exact.winRate);
        expect(bound.qualifiedWinRate).toBe(exact.qualifiedWinRate);
        expect(bound.disqualifiedRate).toBe(exact.disqualifiedRate);
        expect(bound.expectedCycleWon === undefined).toBe(exact.expectedCycleWon === undefined);
        for (const [id, step] of exact.steps) {
          const upper = bound.steps.get(id)!;
          expect(upper.winProbability).toBe(step.winProbability);
          if (Number.isFinite(step.expectedCycleWon)) expect(upper.expectedCycleWon! + 1e-9 * Math.abs(upper.expectedCycleWon!)).toBeGreaterThanOrEqual(step.expectedCycleWon!);
          if (Number.isFinite(step.expectedTimeToOutcome)) expect(upper.expectedTimeToOutcome + 1e-9 * Math.abs(upper.expectedTimeToOutcome)).toBeGreaterThanOrEqual(step.expectedTimeToOutcome);
          else expect(upper.expectedTimeToOutcome).toBe(step.expectedTimeToOutcome);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not claim a bound where probabilities sum above 1 (times may then fall as durations grow)', () => {
    const process = makeProcess({ a: { d: 2, next: [['a', 0.7], ['won', 0.6]] } });
    expect(computeMetricsUpperBound(process).timesAreUpperBounds).toBe(false);
  });

  it('is the exact metrics without parallel steps', () => {
    const process = makeProcess({ a: { d: pert(1, 2, 9), next: [['b', 0.5, 2], ['lost', 0.5]] }, b: { d: tri(1, 3, 4), next: [['won', 1]] } });
    expect(computeMetricsUpperBound(process).metrics).toEqual(computeMetrics(process));
  });
});

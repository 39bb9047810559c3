// E[max of tracks] and its criticalities finish quickly on any estimate the lint limits allow (0 ≤ days ≤ 1,000,000).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Duration } from '../../src/model/types.js';
import { durationMean, durationSupport, expectedMaxOfTracks, expectedMaxOfTracksUpperBound, expectedMaxShiftDerivatives } from '../../src/model/duration.js';
import { fixed, pert, tri, uni } from './make-process.js';

/** Per call; well-conditioned inputs take well under a millisecond, a noise-bound one a few dozen. */
const MS_PER_CALL = 400;

const timed = <T>(compute: () => T): T => {
  const start = performance.now();
  const result = compute();
  expect(performance.now() - start).toBeLessThan(MS_PER_CALL);
  return result;
};

/** Any double the duration-order rule accepts, subnormals included, and values a relative 1e-3 or less apart. */
const day = fc.double({ min: 0, max: 1e6, noNaN: true });
const triple = fc.oneof(
  fc.tuple(day, day, day),
  fc.tuple(day, fc.double({ min: 0, max: 1e-3, noNaN: true }), fc.double({ min: 0, max: 1e-3, noNaN: true })).map(([a, b, c]) => [a, a * (1 + b), a * (1 + c)] as const),
);
const duration: fc.Arbitrary<Duration> = fc.tuple(fc.constantFrom('fixed', 'uniform', 'triangular', 'pert'), triple).map(([dist, values]) => {
  const [min, likely, max] = [...values].map((v) => Math.min(1e6, v)).sort((x, y) => x - y) as [number, number, number];
  return dist === 'fixed' ? fixed(min) : dist === 'uniform' ? uni(min, max) : dist === 'pert' ? pert(min, likely, max) : tri(min, likely, max);
});
const tracks = fc.array(duration, { minLength: 2, maxLength: 5 });

/** Inputs that refined to depth 40 everywhere (2^40 evaluations) before the work was bounded. */
const FORMERLY_HANGING: Duration[][] = [
  [tri(0, 0, 5.309337905499629e-305), fixed(0)], // a subnormal-scale span: the tolerance underflows
  [uni(0, 5e-324), fixed(0)], // the density 1/span is Infinity: NaN errors
  [fixed(0.001), pert(1, 1, 1.0000000000117983)], // a span of 50,000 ulps: the CDF is noise at that scale
  [pert(1, 484510, 522991), fixed(1)], // β near 1 at large values: the density's end is noise
  [tri(1, 39, 45.25), pert(6.75, 48.25, 48.5), pert(0.5, 2.25, 10.75), pert(16, 22.5, 39.25), tri(1, 6.25, 47.25)], // quarter days
];

describe('expectedMaxOfTracks: bounded time on any allowed estimate', () => {
  it('is finite, at least the largest mean, at most the upper bound and the largest maximum', () => {
    fc.assert(
      fc.property(tracks, (ds) => {
        const exact = timed(() => expectedMaxOfTracks(ds));
        const slack = 1e-9 * Math.max(1, Math.abs(exact));
        expect(Number.isFinite(exact)).toBe(true);
        expect(exact).toBeGreaterThanOrEqual(Math.max(...ds.map(durationMean)) - slack);
        expect(exact).toBeLessThanOrEqual(Math.max(...ds.map((d) => durationSupport(d)[1])) + slack);
        expect(exact).toBeLessThanOrEqual(expectedMaxOfTracksUpperBound(ds) + slack);
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('finishes on the inputs that used to hang, within the same bounds', () => {
    for (const ds of FORMERLY_HANGING) {
      const exact = timed(() => expectedMaxOfTracks(ds));
      expect(exact).toBeGreaterThanOrEqual(Math.max(...ds.map(durationMean)) - 1e-9 * Math.max(1, exact));
      expect(exact).toBeLessThanOrEqual(expectedMaxOfTracksUpperBound(ds) + 1e-9 * Math.max(1, exact));
    }
  });

  it('non-finite estimates (lint reports them) finish too', () => {
    timed(() => expectedMaxOfTracks([uni(0, Infinity), pert(1, 2, 3)]));
    timed(() => expectedMaxOfTracks([pert(0, 1, 1e308), pert(-1e308, 0, 1e308)]));
    timed(() => expectedMaxOfTracks([pert(Number.NaN, 1, 2), uni(0, 3)]));
  });
});

describe('expectedMaxShiftDerivatives: bounded time on any allowed estimate', () => {
  it('gives finite probabilities in [0, 1]', () => {
    fc.assert(
      fc.property(tracks, (ds) => {
        for (const p of timed(() => expectedMaxShiftDerivatives(ds))) {
          expect(Number.isFinite(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(-1e-9);
          expect(p).toBeLessThanOrEqual(1 + 1e-9);
        }
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });

  it('finishes on the inputs that used to hang; continuous tracks still sum to 1', () => {
    for (const ds of FORMERLY_HANGING) timed(() => expectedMaxShiftDerivatives(ds));
    const continuous = FORMERLY_HANGING[4]!;
    const sum = expectedMaxShiftDerivatives(continuous).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
    timed(() => expectedMaxShiftDerivatives([uni(0, Infinity), pert(1, 2, 3)]));
  });
});

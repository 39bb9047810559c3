// Durations: parsing the file's forms, means, CDFs and the expected maximum of parallel tracks.
import { describe, expect, it } from 'vitest';
import {
  durationCdf,
  durationMean,
  durationSupport,
  expectedMaxOfTracks,
  expectedMaxOfTracksUpperBound,
  parseDurationValue,
  regularizedIncompleteBeta,
} from '../../src/model/duration.js';
import fc from 'fast-check';
import { fixed, pert, tri, uni } from './make-process.js';

const close = (actual: number, expected: number, relative = 1e-9): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};

describe('parseDurationValue', () => {
  it('reads numbers and day/week strings', () => {
    expect(parseDurationValue(5)).toEqual(fixed(5));
    expect(parseDurationValue('3d')).toEqual(fixed(3));
    expect(parseDurationValue('2w')).toEqual(fixed(10));
    expect(parseDurationValue('1.5w')).toEqual(fixed(7.5));
  });

  it('reads three-point estimates, PERT by default', () => {
    expect(parseDurationValue({ min: 2, likely: 5, max: 15 })).toEqual(pert(2, 5, 15));
    expect(parseDurationValue({ min: 2, likely: 5, max: 15, dist: 'pert' })).toEqual(pert(2, 5, 15));
    expect(parseDurationValue({ min: 2, likely: 5, max: 15, dist: 'triangular' })).toEqual(tri(2, 5, 15));
    expect(parseDurationValue({ min: 2, max: 15, dist: 'uniform' })).toEqual(uni(2, 15));
    expect(parseDurationValue({ min: 2, likely: 4, max: 15, dist: 'uniform' })).toEqual(uni(2, 15));
  });

  it('turns min = max into a fixed duration', () => {
    expect(parseDurationValue({ min: 4, likely: 4, max: 4 })).toEqual(fixed(4));
    expect(parseDurationValue({ min: 4, max: 4, dist: 'uniform' })).toEqual(fixed(4));
  });

  it('keeps disordered and negative values for duration-order to report', () => {
    expect(parseDurationValue({ min: 5, likely: 3, max: 5 })).toEqual(pert(5, 3, 5));
    expect(parseDurationValue({ min: 9, likely: 5, max: 2 })).toEqual(pert(9, 5, 2));
    expect(parseDurationValue(-3)).toEqual(fixed(-3));
  });

  it('rejects other forms', () => {
    for (const raw of ['3x', '3', 'd', null, undefined, [], {}, { min: 1 }, { min: 1, max: 2 }, { min: 1, likely: 2, max: 3, dist: 'normal' }, true]) {
      expect(parseDurationValue(raw)).toBeUndefined();
    }
  });
});

describe('durationMean and durationSupport', () => {
  it('follows the contract', () => {
    expect(durationMean(fixed(7))).toBe(7);
    close(durationMean(pert(2, 5, 15)), (2 + 20 + 15) / 6);
    close(durationMean(tri(2, 5, 15)), 22 / 3);
    expect(durationMean(uni(2, 15))).toBe(8.5);
    expect(durationSupport(fixed(7))).toEqual([7, 7]);
    expect(durationSupport(pert(2, 5, 15))).toEqual([2, 15]);
  });
});

describe('durationCdf', () => {
  it('jumps at a fixed value', () => {
    expect(durationCdf(fixed(3), 2.999)).toBe(0);
    expect(durationCdf(fixed(3), 3)).toBe(1);
  });

  it('is linear for uniform and quadratic pieces for triangular', () => {
    expect(durationCdf(uni(0, 10), 2.5)).toBe(0.25);
    expect(durationCdf(uni(0, 10), -1)).toBe(0);
    expect(durationCdf(uni(0, 10), 11)).toBe(1);
    close(durationCdf(tri(0, 1, 2), 0.5), 0.125);
    close(durationCdf(tri(0, 1, 2), 1.5), 0.875);
    close(durationCdf(tri(0, 0, 2), 1), 0.75); // likely = min: only the falling piece
    close(durationCdf(tri(0, 2, 2), 1), 0.25); // likely = max: only the rising piece
  });

  it('is the regularized incomplete beta for PERT (closed forms for integer shapes)', () => {
    for (let k = 1; k < 100; k++) {
      const x = k / 100;
      // min 0, likely 0.5, max 1: α = β = 3.
      close(durationCdf(pert(0, 0.5, 1), x), 10 * x ** 3 - 15 * x ** 4 + 6 * x ** 5, 1e-12);
      // likely = min: α = 1, β = 5, scaled to [2, 12].
      close(durationCdf(pert(2, 2, 12), 2 + 10 * x), 1 - (1 - x) ** 5, 1e-12);
      close(regularizedIncompleteBeta(2, 2, x), 3 * x * x - 2 * x ** 3, 1e-12);
      // symmetry I_x(a, b) = 1 − I_{1−x}(b, a) for a non-integer shape
      close(regularizedIncompleteBeta(2.2, 4.7, x), 1 - regularizedIncompleteBeta(4.7, 2.2, 1 - x), 1e-12);
    }
  });

  it('stays defined for estimates lint reports as invalid', () => {
    expect(durationCdf(pert(5, 5, 5), 4)).toBe(0);
    expect(durationCdf(pert(5, 5, 5), 5)).toBe(1);
    expect(Number.isNaN(durationCdf(pert(0, 12, 10), 5))).toBe(false);
  });
});

describe('expectedMaxOfTracksUpperBound', () => {
  it('bounds the integrated E[max] from above, invalid estimates included', () => {
    const quarterDays = fc.integer({ min: -20, max: 240 }).map((q) => q / 4);
    const duration = fc
      .tuple(fc.constantFrom('fixed', 'uniform', 'triangular', 'pert'), quarterDays, quarterDays, quarterDays)
      .map(([dist, a, b, c]) => (dist === 'fixed' ? fixed(a) : dist === 'uniform' ? uni(a, c) : dist === 'pert' ? pert(a, b, c) : tri(a, b, c)));
    fc.assert(
      fc.property(fc.array(duration, { minLength: 2, maxLength: 5 }), (tracks) => {
        const exact = expectedMaxOfTracks(tracks);
        expect(expectedMaxOfTracksUpperBound(tracks)).toBeGreaterThanOrEqual(exact - 1e-9 * Math.max(1, Math.abs(exact)));
      }),
      { numRuns: 400 },
    );
  });

  it('two U(0,1): 1/2 + √(1/24) against the exact 2/3', () => {
    close(expectedMaxOfTracksUpperBound([uni(0, 1), uni(0, 1)]), 0.5 + Math.sqrt(1 / 24));
  });

  it('is exact where no integration is needed: no track, one track, point masses', () => {
    expect(expectedMaxOfTracksUpperBound([])).toBe(0);
    expect(expectedMaxOfTracksUpperBound([pert(2, 5, 15)])).toBe(durationMean(pert(2, 5, 15)));
    expect(expectedMaxOfTracksUpperBound([fixed(3), fixed(7), fixed(5)])).toBe(7);
    expect(expectedMaxOfTracksUpperBound([uni(0, 7), fixed(7)])).toBe(7);
  });

  it("is close enough to decide the enterprise process's cycle target (reviews: exact ≈ 22.8 days)", () => {
    const reviews = [pert(10, 20, 45), pert(5, 10, 30), pert(5, 8, 20)];
    expect(expectedMaxOfTracksUpperBound(reviews)).toBeGreaterThan(expectedMaxOfTracks(reviews));
    expect(expectedMaxOfTracksUpperBound(reviews)).toBeCloseTo(24.371, 3);
  });
});

describe('expectedMaxOfTracks', () => {
  it('E[max(U(0,10), 4)] = 5.8', () => {
    close(expectedMaxOfTracks([uni(0, 10), fixed(4)]), 5.8);
  });

  it('E[max of two U(0,1)] = 2/3', () => {
    close(expectedMaxOfTracks([uni(0, 1), uni(0, 1)]), 2 / 3);
  });

  it('E[max of two triangular(0,1,2)] = 37/30', () => {
    close(expectedMaxOfTracks([tri(0, 1, 2), tri(0, 1, 2)]), 37 / 30);
  });

  it('one track: the PERT and triangular means', () => {
    close(expectedMaxOfTracks([pert(2, 5, 15)]), (2 + 4 * 5 + 15) / 6);
    close(expectedMaxOfTracks([tri(2, 5, 15)]), (2 + 5 + 15) / 3);
  });

  it('integrates one track exactly (a fixed track at its minimum changes nothing)', () => {
    // max(X, min) = X, but the second track forces the numerical integration path.
    close(expectedMaxOfTracks([pert(2, 5, 15), fixed(2)]), (2 + 4 * 5 + 15) / 6);
    close(expectedMaxOfTracks([pert(3, 3.7, 40), fixed(0)]), (3 + 4 * 3.7 + 40) / 6);
    close(expectedMaxOfTracks([tri(2, 5, 15), fixed(1)]), (2 + 5 + 15) / 3);
    close(expectedMaxOfTracks([uni(2, 15), fixed(2)]), 8.5);
  });

  it('handles negative lows', () => {
    // E[max(U(−10,−2), U(−6,0))] = −25/9, by hand.
    close(expectedMaxOfTracks([uni(-10, -2), uni(-6, 0)]), -25 / 9);
  });

  it('fixed tracks: the largest value; no tracks: 0', () => {
    expect(expectedMaxOfTracks([fixed(3), fixed(7), fixed(5)])).toBe(7);
    expect(expectedMaxOfTracks([])).toBe(0);
  });

  it('agrees with a fine Simpson rule on three PERT tracks', () => {
    const tracks = [pert(10, 20, 45), pert(5, 10, 30), pert(5, 8, 20)];
    const lo = 10;
    const hi = 45;
    const n = 200_000;
    const f = (t: number): number => 1 - tracks.reduce((product, d) => product * durationCdf(d, t), 1);
    let sum = f(lo) + f(hi);
    for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(lo + ((hi - lo) * i) / n);
    const simpson = lo + (sum * (hi - lo)) / n / 3;
    close(expectedMaxOfTracks(tracks), simpson, 1e-9);
  });
});

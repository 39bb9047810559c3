// Calibration statistics against hand-computed values: Wilson, mean ± 1.96·sd/√n, Kaplan–Meier (a textbook data set), quantiles, PERT fit.
import { describe, expect, it } from 'vitest';
import { competingShares, empiricalQuantile, fitPert, kaplanMeier, meanInterval, survivalQuantile, wilsonInterval } from '../../src/deals/statistics.js';

describe('wilsonInterval', () => {
  it('matches the formula by hand', () => {
    // k = 8, n = 10, z = 1.96: p = 0.8, z² = 3.8416, denominator 1.38416, centre (0.8 + 0.19208)/1.38416,
    // half = 1.96/1.38416 · √(0.016 + 0.009604).
    const [low, high] = wilsonInterval(8, 10)!;
    const centre = 0.99208 / 1.38416;
    const half = (1.96 / 1.38416) * Math.sqrt(0.025604);
    expect(low).toBeCloseTo(centre - half, 15);
    expect(high).toBeCloseTo(centre + half, 15);
    expect(low).toBeCloseTo(0.4902, 4); // the published value for 8/10
    expect(high).toBeCloseTo(0.9433, 4);
  });

  it('is exact at the edges and undefined without data', () => {
    const [low, high] = wilsonInterval(0, 20)!;
    expect(low).toBe(0);
    expect(high).toBeCloseTo(3.8416 / 20 / (1 + 3.8416 / 20), 15); // at k = 0 the upper bound is (z²/n)/(1 + z²/n)
    expect(wilsonInterval(20, 20)![1]).toBe(1);
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('is mean ± 1.96·sd/√n with the sample sd', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sd = √(32/7).
    const estimate = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(estimate.mean).toBe(5);
    expect(estimate.sd).toBe(Math.sqrt(32 / 7));
    const half = (1.96 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(estimate.ci).toEqual([5 - half, 5 + half]);
  });

  it('has no interval below two values', () => {
    expect(meanInterval([])).toEqual({ n: 0, mean: undefined, sd: undefined, ci: undefined });
    expect(meanInterval([3])).toEqual({ n: 1, mean: 3, sd: undefined, ci: undefined });
  });
});

describe('kaplanMeier', () => {
  // Freireich et al. (1963), the 6-MP arm of the leukaemia remission trial, as in Kaplan & Meier's textbook
  // treatments (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2): weeks in remission, + = censored.
  const sixMp = '6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'.split(' ');
  const times = sixMp.map((s) => Number.parseFloat(s));
  const censored = sixMp.map((s) => s.endsWith('+'));

  it('reproduces the textbook table', () => {
    const curve = kaplanMeier(times, censored);
    expect(curve.n).toBe(21);
    expect(curve.censored).toBe(12);
    const s6 = 1 - 3 / 21;
    const s7 = s6 * (1 - 1 / 17);
    const s10 = s7 * (1 - 1 / 15);
    const s13 = s10 * (1 - 1 / 12);
    const s16 = s13 * (1 - 1 / 11);
    const s22 = s16 * (1 - 1 / 7);
    const s23 = s22 * (1 - 1 / 6);
    expect(curve.steps).toEqual([
      { time: 6, atRisk: 21, events: 3, survival: s6 },
      { time: 7, atRisk: 17, events: 1, survival: s7 },
      { time: 10, atRisk: 15, events: 1, survival: s10 },
      { time: 13, atRisk: 12, events: 1, survival: s13 },
      { time: 16, atRisk: 11, events: 1, survival: s16 },
      { time: 22, atRisk: 7, events: 1, survival: s22 },
      { time: 23, atRisk: 6, events: 1, survival: s23 },
    ]);
    // The published values, to three decimals.
    expect(curve.steps.map((s) => Math.round(s.survival * 1000) / 1000)).toEqual([0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448]);
  });

  it('gives the smallest t with S(t) ≤ 1 − q, or nothing when the curve stays above', () => {
    const curve = kaplanMeier(times, censored);
    expect(survivalQuantile(curve, 0.5)).toBe(23); // the textbook median remission time
    expect(survivalQuantile(curve, 0.2)).toBe(10); // S(7) = 0.807 > 0.8, S(10) = 0.753 is the first ≤ 0.8
    expect(survivalQuantile(curve, 0.8)).toBeUndefined();
    expect(survivalQuantile(curve, 0.9)).toBeUndefined();
  });

  it('without censoring is the empirical distribution; S = 1 − q exactly counts', () => {
    const curve = kaplanMeier([4, 1, 3, 2], [false, false, false, false]);
    expect(curve.steps.map((s) => s.survival)).toEqual([0.75, 0.5, 0.25, 0]);
    expect(survivalQuantile(curve, 0.5)).toBe(2);
    expect(survivalQuantile(curve, 0.8)).toBe(4);
    expect(survivalQuantile(curve, 0.75)).toBe(3);
  });

  it('counts an event before a censoring at the same time', () => {
    const curve = kaplanMeier([5, 5, 8], [true, false, false]);
    expect(curve.steps).toEqual([
      { time: 5, atRisk: 3, events: 1, survival: 1 - 1 / 3 }, // the censored 5 is still at risk
      { time: 8, atRisk: 1, events: 1, survival: 0 },
    ]);
  });
});

describe('empiricalQuantile', () => {
  it('interpolates between order statistics (R type 7)', () => {
    const x = [1, 2, 3, 4, 10];
    expect(empiricalQuantile(x, 0)).toBe(1);
    expect(empiricalQuantile(x, 1)).toBe(10);
    expect(empiricalQuantile(x, 0.5)).toBe(3);
    expect(empiricalQuantile(x, 0.95)).toBeCloseTo(4 + 0.8 * 6, 12); // h = 3.8
    expect(empiricalQuantile(x, 0.05)).toBe(1 + 0.2 * 1); // h = 0.2
    expect(empiricalQuantile([], 0.5)).toBeUndefined();
  });
});

describe('fitPert', () => {
  it('takes p5, p95 and the likely value that keeps the mean', () => {
    // 21 values 0 … 20, minus a gap of 0: p5 = 1 (h = 1), p95 = 19 (h = 19), mean 10 → likely (60 − 20)/4 = 10.
    expect(fitPert(Array.from({ length: 21 }, (_, i) => i), 0)).toEqual({ min: 1, likely: 10, max: 19 });
    // The same times with a 2-day gap: every time minus 2, floored at 0: 0,0,0,1,…,18 → p5 = 0 (h = 1),
    // p95 = 17 (h = 19), mean (0+0+0+1+…+18)/21 = 171/21, likely = (6·171/21 − 17)/4.
    expect(fitPert(Array.from({ length: 21 }, (_, i) => i), 2)).toEqual({ min: 0, likely: (6 * (171 / 21) - 17) / 4, max: 17 });
  });

  it('clamps likely into [min, max]', () => {
    // Skewed: 19 times 1 and one 100 → p5 = 1, p95 = 1 + 0.05·99 = 5.95, mean 5.95 → (35.7 − 6.95)/4 = 7.19 > max.
    const fit = fitPert([...Array.from({ length: 19 }, () => 1), 100], 0)!;
    expect(fit.min).toBe(1);
    expect(fit.max).toBeCloseTo(5.95, 12);
    expect(fit.likely).toBe(fit.max);
    expect(fitPert([], 1)).toBeUndefined();
  });
});

describe('competingShares (Aalen–Johansen)', () => {
  it('equals the counted shares without censoring', () => {
    expect([...competingShares([3, 1, 2, 5], [0, 1, 0, 0], 2)]).toEqual([0.75, 0.25]);
  });
  it('counts a censored observation as still able to end either way (hand-computed)', () => {
    // t=1: cause 0 with 4 at risk → 1/4; S = 3/4. t=2: one cut off. t=3: cause 1 with 2 at risk → 3/4·1/2 = 3/8;
    // S = 3/8. t=4: cause 0 with 1 at risk → +3/8. Cause 0: 5/8, cause 1: 3/8 (counting would say 2/3, 1/3).
    const shares = competingShares([1, 2, 3, 4], [0, -1, 1, 0], 2);
    expect(shares[0]).toBeCloseTo(0.625, 15);
    expect(shares[1]).toBeCloseTo(0.375, 15);
  });
  it('is all zero when nothing ended', () => {
    expect([...competingShares([1, 2], [-1, -1], 3)]).toEqual([0, 0, 0]);
  });
});

// Duration samplers: mean, variance and CDF of every kind against closed forms, and the exact table method's details.
import { describe, expect, it } from 'vitest';
import { durationCdf, durationMean } from '../../src/model/duration.js';
import type { Duration } from '../../src/model/types.js';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';
import { betaShape, CELLS, DurationSampler, FIXED, PERT, SamplerTableBuilder, TRIANGULAR, UNIFORM } from '../../src/simulate/samplers.js';

const pert = (min: number, likely: number, max: number): Duration => ({ dist: 'pert', min, likely, max });
const tri = (min: number, likely: number, max: number): Duration => ({ dist: 'triangular', min, likely, max });
const uni = (min: number, max: number): Duration => ({ dist: 'uniform', min, max });

/** The closed-form variance of each distribution (PERT: the exact Beta variance, not the (max − min)²/36 rule of thumb). */
function variance(d: Duration): number {
  switch (d.dist) {
    case 'fixed':
      return 0;
    case 'uniform':
      return (d.max - d.min) ** 2 / 12;
    case 'triangular': {
      const { min: a, likely: c, max: b } = d;
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case 'pert': {
      const span = d.max - d.min;
      const alpha = 1 + (4 * (d.likely - d.min)) / span;
      const beta = 1 + (4 * (d.max - d.likely)) / span;
      return ((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1))) * span * span;
    }
  }
}

function draws(d: Duration, n: number, seed = 1): Float64Array {
  const builder = new SamplerTableBuilder();
  const id = builder.add(d);
  const sampler = new DurationSampler(builder.build(), new Xoshiro128(chunkState(seed, 0)));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampler.sample(id);
  return out;
}

const N = 400_000;

describe('duration samplers', () => {
  it.each([
    ['PERT 3/5/15', pert(3, 5, 15)],
    ['PERT 10/20/45', pert(10, 20, 45)],
    ['PERT with likely = min (α = 1)', pert(1, 1, 3)],
    ['PERT with likely = max (β = 1, α = 5)', pert(0, 10, 10)],
    ['PERT skewed right (α = 4.6)', pert(0, 9, 10)],
    ['PERT symmetric', pert(0, 5, 10)],
    ['triangular', tri(0, 2, 10)],
    ['triangular with the mode at min', tri(0, 0, 10)],
    ['triangular with the mode at max', tri(5, 10, 10)],
    ['uniform', uni(2, 7)],
  ])('%s: mean and variance match the closed forms within 4 standard errors', (_, d) => {
    const x = draws(d, N);
    let mean = 0;
    for (const v of x) mean += v;
    mean /= N;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      const c = (v - mean) ** 2;
      m2 += c;
      m4 += c * c;
    }
    m2 /= N;
    m4 /= N;
    const exactMean = durationMean(d);
    const exactVariance = variance(d);
    expect(Math.abs(mean - exactMean)).toBeLessThan(4 * Math.sqrt(exactVariance / N));
    expect(Math.abs(m2 - exactVariance)).toBeLessThan(4 * Math.sqrt((m4 - m2 * m2) / N));
  });

  it.each([
    ['PERT 3/5/15', pert(3, 5, 15)],
    ['PERT with likely = max', pert(0, 10, 10)],
    ['PERT with likely = min', pert(1, 1, 3)],
    ['triangular', tri(0, 2, 10)],
    ['uniform', uni(2, 7)],
  ])('%s: the empirical CDF matches the exact CDF at 40 points (a check of the shape, not only the moments)', (_, d) => {
    const x = draws(d, N, 2).sort();
    const [lo, hi] = [(d as { min: number }).min, (d as { max: number }).max];
    for (let i = 1; i < 40; i++) {
      const t = lo + ((hi - lo) * i) / 40;
      // Binary search for the count of draws ≤ t.
      let a = 0;
      let b = x.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (x[m]! <= t) a = m + 1;
        else b = m;
      }
      const p = durationCdf(d, t);
      expect(Math.abs(a / N - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / N) + 1e-9);
    }
  });

  it('stays within [min, max]', () => {
    for (const d of [pert(3, 5, 15), pert(0, 10, 10), tri(0, 0, 10), uni(2, 7)]) {
      const x = draws(d, 100_000, 3);
      const { min, max } = d as { min: number; max: number };
      expect(x.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(min);
      expect(x.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(max);
    }
  });

  it('returns a fixed duration exactly, and treats min = max and an absent within as fixed', () => {
    const builder = new SamplerTableBuilder();
    const ids = [builder.add({ dist: 'fixed', value: 4 }), builder.add(pert(5, 5, 5)), builder.add(uni(3, 3)), builder.add(undefined)];
    const table = builder.build();
    expect([...ids].map((id) => table.kinds[id])).toEqual([FIXED, FIXED, FIXED, FIXED]);
    const sampler = new DurationSampler(table, new Xoshiro128(chunkState(1, 0)));
    for (let i = 0; i < 1000; i++) expect(ids.map((id) => sampler.sample(id))).toEqual([4, 5, 3, 0]);
  });

  it('turns an estimate with max < min (lint reports it) into a fixed duration at its mean rather than NaN', () => {
    const builder = new SamplerTableBuilder();
    const id = builder.add(pert(10, 4, 1));
    const sampler = new DurationSampler(builder.build(), new Xoshiro128(chunkState(1, 0)));
    expect(sampler.sample(id)).toBe((10 + 16 + 1) / 6);
  });

  it('tabulates each distinct shape once', () => {
    const builder = new SamplerTableBuilder();
    const ids = [builder.add(pert(0, 1, 4)), builder.add(pert(10, 12, 18)), builder.add(pert(0, 2, 4)), builder.add(uni(0, 1)), builder.add(uni(5, 9)), builder.add(tri(0, 1, 2))];
    const table = builder.build();
    expect(table.kinds[ids[0]!]).toBe(PERT);
    expect(table.kinds[ids[3]!]).toBe(UNIFORM);
    expect(table.kinds[ids[5]!]).toBe(TRIANGULAR);
    // 0/1/4 and 10/12/18 are the same Beta(2, 4), scaled.
    expect(table.shapeAt[ids[0]!]).toBe(table.shapeAt[ids[1]!]);
    expect(table.shapeAt[ids[0]!]).not.toBe(table.shapeAt[ids[2]!]);
    expect(table.shapeAt[ids[3]!]).toBe(table.shapeAt[ids[4]!]);
    expect(new Set(table.shapeAt).size).toBe(4);
  });
});

describe('Beta shape tables', () => {
  it.each([
    [1 + 8 / 12, 1 + 40 / 12],
    [1, 5],
    [5, 1],
    [3, 3],
  ])('Beta(%d, %d): cell boundaries are the exact quantiles and the fast path covers over 99% of the probability', (alpha, beta) => {
    const table = betaShape(alpha, beta);
    // These shapes have α + β = 6: PERT on [0, 1] with likely = (α − 1)/4.
    const shape = pert(0, (alpha - 1) / 4, 1);
    let fast = 0;
    for (let i = 0; i < CELLS; i++) {
      const t0 = table[4 + i * 4]!;
      const t1 = table[4 + (i + 1) * 4]!;
      expect(t1).toBeGreaterThan(t0);
      if (i > 0) expect(Math.abs(durationCdf(shape, t0) - i / CELLS)).toBeLessThan(1e-12);
      fast += table[4 + i * 4 + 2]!;
    }
    expect(table[4]).toBe(0);
    expect(table[4 + CELLS * 4]).toBe(1);
    expect(fast / CELLS).toBeGreaterThan(0.99);
  });
});

// Streaming statistics: the histogram's documented quantile error bound, and merges that equal one pass.
import { describe, expect, it } from 'vitest';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';
import { bucketMidpoint, HISTOGRAM_BUCKETS, histogramBucket, histogramQuantile, SimulationStats, STATS_SLOTS } from '../../src/simulate/stats.js';

/** The exact quantile the histogram estimates: the ⌈p·n⌉-th smallest value. */
function exactQuantile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length - 1e-9)) - 1]!;
}

/** The documented bound: |estimate − exact| ≤ max(2^-11·exact, 2^-19). */
const bound = (exact: number): number => Math.max(2 ** -11 * exact, 2 ** -19);

function histogramOf(values: Float64Array): Float64Array {
  const h = new Float64Array(HISTOGRAM_BUCKETS);
  for (const x of values) h[histogramBucket(x)]!++;
  return h;
}

describe('cycle-length histogram', () => {
  const rng = new Xoshiro128(chunkState(3, 0));
  const samples: [string, () => number][] = [
    ['business-day cycles (lognormal around 100 days)', () => Math.exp(4.6 + 0.4 * Math.sqrt(-2 * Math.log(rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble()))],
    ['tiny values in the linear range below 2^-8', () => rng.nextDouble() * 0.01],
    ['twelve decades', () => 10 ** (-4 + 12 * rng.nextDouble())],
    ['whole numbers of days (fixed durations)', () => Math.floor(rng.nextDouble() * 30)],
  ];

  it.each(samples)('%s: every quantile is within max(2^-11·q, 2^-19) of the exact order statistic', (_, draw) => {
    const n = 50_000;
    const values = Float64Array.from({ length: n }, draw);
    const sorted = Float64Array.from(values).sort();
    const h = histogramOf(values);
    for (const p of [0.001, 0.01, 0.1, 0.25, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(sorted, p);
      const estimate = histogramQuantile(h, n, p, sorted[0]!, sorted[n - 1]!)!;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(bound(exact));
    }
  });

  it('is exact when every value is the same (the estimate is clamped to [min, max])', () => {
    const h = histogramOf(new Float64Array(1000).fill(10.8));
    expect(histogramQuantile(h, 1000, 0.5, 10.8, 10.8)).toBe(10.8);
    expect(histogramQuantile(h, 1000, 0.95, 10.8, 10.8)).toBe(10.8);
  });

  it('uses the inverse empirical CDF: p80 of 1…10 is the 8th value', () => {
    const values = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const h = histogramOf(values);
    expect(Math.abs(histogramQuantile(h, 10, 0.8, 1, 10)! - 8)).toBeLessThanOrEqual(bound(8));
    expect(Math.abs(histogramQuantile(h, 10, 0.5, 1, 10)! - 5)).toBeLessThanOrEqual(bound(5));
    expect(histogramQuantile(h, 0, 0.5, 1, 10)).toBeUndefined();
  });

  it('has monotone buckets whose midpoints lie inside them', () => {
    let previous = -1;
    for (let x = 0; x < 5000; x = x * 1.0007 + 1e-6) {
      const bucket = histogramBucket(x);
      expect(bucket).toBeGreaterThanOrEqual(previous);
      expect(Math.abs(bucketMidpoint(bucket) - x)).toBeLessThanOrEqual(bound(x));
      previous = bucket;
    }
    expect(histogramBucket(2 ** 60)).toBe(HISTOGRAM_BUCKETS - 1);
    expect(histogramBucket(0)).toBe(0);
    expect(histogramBucket(-1)).toBe(0);
  });
});

describe('SimulationStats.merge', () => {
  const shape = { steps: 2, entries: 3, exits: 2 };

  /** Stats of a set of won cycle lengths and some counters, as the simulation kernel would fill them. */
  function statsOf(values: readonly number[], counter: number): SimulationStats {
    const stats = new SimulationStats(shape);
    const d = stats.data;
    let mean = 0;
    let m2 = 0;
    values.forEach((x, i) => {
      const delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean);
    });
    d[STATS_SLOTS.DEALS] = values.length + counter;
    d[STATS_SLOTS.WON] = values.length;
    d[STATS_SLOTS.WON_MEAN] = mean;
    d[STATS_SLOTS.WON_M2] = m2;
    d[STATS_SLOTS.WON_MIN] = values.length > 0 ? Math.min(...values) : Infinity;
    d[STATS_SLOTS.WON_MAX] = values.length > 0 ? Math.max(...values) : -Infinity;
    d[STATS_SLOTS.WAITING] = counter * 0.1;
    d[stats.visitsAt + 1] = counter;
    d[stats.exitsAt] = values.length;
    return stats;
  }

  it('gives the mean and variance of the concatenated data (Chan et al.), to 1e-12', () => {
    const rng = new Xoshiro128(chunkState(9, 0));
    const parts = [50, 1, 0, 300, 2, 1000].map((n) => Array.from({ length: n }, () => 90 + 30 * rng.nextDouble()));
    const total = new SimulationStats(shape);
    parts.forEach((part, i) => total.merge(statsOf(part, i)));
    const all = parts.flat();
    const mean = all.reduce((a, b) => a + b) / all.length;
    const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1);
    expect(total.won).toBe(all.length);
    expect(Math.abs(total.wonMean - mean)).toBeLessThan(1e-12 * mean);
    expect(Math.abs(total.wonVariance - variance)).toBeLessThan(1e-10 * variance);
    expect(total.wonMin).toBe(Math.min(...all));
    expect(total.wonMax).toBe(Math.max(...all));
    expect(total.deals).toBe(all.length + 15);
    expect(total.data[total.visitsAt + 1]).toBe(15);
    expect(total.data[total.exitsAt]).toBe(all.length);
  });

  it('is deterministic: the same chunks merged in the same order give the same bits', () => {
    const rng = new Xoshiro128(chunkState(10, 0));
    const parts = [7, 13, 29].map((n) => Array.from({ length: n }, () => 1 / rng.nextDouble()));
    const a = new SimulationStats(shape);
    const b = new SimulationStats(shape);
    for (const part of parts) a.merge(statsOf(part, 1));
    for (const part of parts) b.merge(statsOf(part, 1));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it('refuses stats of another shape', () => {
    expect(() => new SimulationStats(shape).merge(new SimulationStats({ steps: 3, entries: 3, exits: 2 }))).toThrow(RangeError);
  });
});

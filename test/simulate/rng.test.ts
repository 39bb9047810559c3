// The PRNG: the reference xoshiro128** sequence, per-chunk seeding, block fills and the (0, 1) mapping.
import { describe, expect, it } from 'vitest';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';

describe('Xoshiro128', () => {
  it('reproduces the reference implementation (prng.di.unimi.it/xoshiro128starstar.c, state 1, 2, 3, 4)', () => {
    const rng = new Xoshiro128([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => rng.nextU32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('jumps 2^64 draws ahead like the reference jump() (computed with the reference C code from state 1, 2, 3, 4)', () => {
    const rng = new Xoshiro128([1, 2, 3, 4]);
    rng.jump();
    expect(Array.from({ length: 6 }, () => rng.nextU32())).toEqual([1194304935, 745561276, 25819468, 3320478005, 3046317961, 3130903476]);
  });

  it('fills a block with exactly the numbers nextU32 would return, and continues after it', () => {
    const a = new Xoshiro128(chunkState(7, 3));
    const b = new Xoshiro128(chunkState(7, 3));
    const block = new Int32Array(1000);
    a.fill(block);
    for (let i = 0; i < block.length; i++) expect(block[i]! >>> 0).toBe(b.nextU32());
    expect(a.nextU32()).toBe(b.nextU32());
  });

  it('maps draws into the open interval (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Xoshiro128(chunkState(1, 0));
    const n = 1_000_000;
    let sum = 0;
    let squares = 0;
    let min = 1;
    let max = 0;
    const cells = new Array<number>(16).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.nextDouble();
      sum += u;
      squares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      cells[Math.floor(u * 16)]!++;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
    // χ² with 15 degrees of freedom: above 37.7 has probability 0.001.
    const expected = n / 16;
    const chi2 = cells.reduce((s, c) => s + ((c - expected) * (c - expected)) / expected, 0);
    expect(chi2).toBeLessThan(37.7);
  });

  it('refuses the all-zero state, which would stay at zero', () => {
    expect(() => new Xoshiro128([0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe('chunkState', () => {
  it('depends only on (seed, chunk index)', () => {
    expect(chunkState(42, 17)).toEqual(chunkState(42, 17));
    expect(chunkState(0, 0)).toEqual(chunkState(0, 0));
  });

  it('gives every chunk and every seed its own state, never all zero', () => {
    const seen = new Set<string>();
    for (const seed of [0, 1, 2, 3, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER]) {
      for (let chunk = 0; chunk < 200; chunk++) {
        const state = chunkState(seed, chunk);
        expect(state.some((word) => word !== 0)).toBe(true);
        seen.add(state.join(','));
      }
    }
    expect(seen.size).toBe(7 * 200);
  });

  it('gives nearby chunks uncorrelated first draws', () => {
    // Consecutive chunk indices must not give nearby streams: correlation of first draws ≈ 0.
    const n = 20_000;
    let sxy = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    for (let chunk = 0; chunk < n; chunk++) {
      const x = new Xoshiro128(chunkState(1, chunk)).nextDouble();
      const y = new Xoshiro128(chunkState(1, chunk + 1)).nextDouble();
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const r = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('refuses a seed that is not a non-negative safe integer', () => {
    expect(() => chunkState(-1, 0)).toThrow(RangeError);
    expect(() => chunkState(1.5, 0)).toThrow(RangeError);
    expect(() => chunkState(2 ** 53, 0)).toThrow(RangeError);
  });
});

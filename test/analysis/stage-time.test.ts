// Quantiles of time in stage: exact closed forms, and the seeded simulation against independent draws.
import { describe, expect, it } from 'vitest';
import { stageTimeQuantile } from '../../src/analysis/stage-time.js';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';
import { makeProcess, uni } from './make-process.js';

const close = (actual: number, expected: number, relative = 1e-9): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};
const byStep = (...ids: string[]): Map<string, string> => new Map(ids.map((id) => [id, id]));

describe('exact quantiles of a single step without loops', () => {
  it('a fixed duration: atoms at duration + gap, the quantile is the atom where the cumulative share reaches q', () => {
    const process = makeProcess({
      a: { d: 5, next: [['b', 0.7, 2], ['lost', 0.3]] },
      b: { d: 1, next: [['won', 1]] },
    });
    const groups = byStep('a', 'b');
    expect(stageTimeQuantile(process, groups, 'a', 0.2, 1)).toBe(5);
    expect(stageTimeQuantile(process, groups, 'a', 0.3, 1)).toBe(5);
    expect(stageTimeQuantile(process, groups, 'a', 0.31, 1)).toBe(7);
    expect(stageTimeQuantile(process, groups, 'a', 0.9, 1)).toBe(7);
    expect(stageTimeQuantile(process, groups, 'a', 1, 1)).toBe(7);
    expect(stageTimeQuantile(process, groups, 'b', 0.5, 1)).toBe(1);
  });

  it('a uniform duration: min + q·(max − min); with fixed gaps 0 and 10 on a 10-day uniform, uniform on [0, 20]', () => {
    const single = makeProcess({ a: { d: uni(2, 10), next: [['won', 1]] } });
    for (const q of [0, 0.1, 0.5, 0.9, 0.95, 1]) close(stageTimeQuantile(single, byStep('a'), 'a', q, 1), 2 + 8 * q);
    const gaps = makeProcess({
      a: { d: uni(0, 10), next: [['won', 0.5], ['lost', 0.5, 10]] },
    });
    for (const q of [0.1, 0.5, 0.8, 0.9]) close(stageTimeQuantile(gaps, byStep('a'), 'a', q, 1), 20 * q);
  });

  it('a parallel step of two uniform tracks lasts their max: P(T ≤ t) = (t/10)², quantile 10√q', () => {
    const process = makeProcess({
      a: { tracks: { x: { d: uni(0, 10) }, y: { d: uni(0, 10) } }, next: [['won', 1]] },
    });
    for (const q of [0.25, 0.5, 0.9]) close(stageTimeQuantile(process, byStep('a'), 'a', q, 1), 10 * Math.sqrt(q));
  });

  it('leaked probability sits at infinity', () => {
    const process = makeProcess({ a: { d: 3, next: [['won', 0.5]] } });
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.4, 1)).toBe(3);
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.6, 1)).toBe(Infinity);
  });
});

describe('the seeded simulation of a stage', () => {
  it('a self-loop: the number of visits is geometric, P(T ≤ k) = 1 − 2^−k, so the 0.9-quantile is 4 days', () => {
    const process = makeProcess({ a: { d: 1, next: [['a', 0.5], ['won', 0.5]] } });
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.9, 5)).toBe(4);
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.4, 5)).toBe(1);
  });

  it('weights entry steps by their entries and counts silent steps as time in the stage', () => {
    // G = {a, b}, entered at a or b with 0.5 each; a lasts 2, b lasts 6 then a silent step of 3 days.
    const process = makeProcess(
      {
        s: { d: 1, next: [['a', 0.5], ['b', 0.5]] },
        a: { d: 2, next: [['c', 1]] },
        b: { d: 6, next: [['quiet', 1]] },
        quiet: { d: 3, next: [['c', 1]] },
        c: { d: 1, next: [['won', 1]] },
      },
    );
    const groups = new Map([
      ['s', 'S'],
      ['a', 'G'],
      ['b', 'G'],
      ['c', 'C'],
    ]);
    expect(stageTimeQuantile(process, groups, 'G', 0.25, 9)).toBe(2);
    expect(stageTimeQuantile(process, groups, 'G', 0.75, 9)).toBe(9);
  });

  it('matches an independent simulation: its empirical CDF at the quantile is q within the sampling error', () => {
    // A stage of two steps with a loop between them, a silent step, uniform durations and gaps.
    const process = makeProcess({
      a: { d: uni(1, 4), next: [['b', 0.6, uni(0, 2)], ['quiet', 0.3, 1], ['lost', 0.1]] },
      b: { d: uni(2, 3), next: [['a', 0.3, 1], ['c', 0.5, uni(1, 2)], ['won', 0.2]] },
      quiet: { d: uni(0, 5), next: [['a', 0.5], ['c', 0.5, 1]] },
      c: { d: 1, next: [['won', 1]] },
    });
    const groups = new Map([
      ['a', 'G'],
      ['b', 'G'],
      ['c', 'C'],
    ]);
    const rng = new Xoshiro128(chunkState(12345, 3));
    const u = (min: number, max: number): number => min + (max - min) * rng.nextDouble();
    const pick = (options: readonly [string, number, () => number][]): [string, number] => {
      let r = rng.nextDouble();
      for (const [to, p, gap] of options) if ((r -= p) < 0) return [to, gap()];
      const [to, , gap] = options[options.length - 1]!;
      return [to, gap()];
    };
    // G is entered only at a, at the start (nothing leads back into G from outside).
    const sojourn = (): number => {
      let at = 'a';
      let time = 0;
      for (;;) {
        if (at === 'a') {
          time += u(1, 4);
          const [to, gap] = pick([['b', 0.6, () => u(0, 2)], ['quiet', 0.3, () => 1], ['lost', 0.1, () => 0]]);
          time += gap;
          if (to === 'lost') return time;
          at = to;
        } else if (at === 'b') {
          time += u(2, 3);
          const [to, gap] = pick([['a', 0.3, () => 1], ['c', 0.5, () => u(1, 2)], ['won', 0.2, () => 0]]);
          time += gap;
          if (to !== 'a') return time;
          at = to;
        } else {
          time += u(0, 5);
          const [to, gap] = pick([['a', 0.5, () => 0], ['c', 0.5, () => 1]]);
          time += gap;
          if (to === 'c') return time;
          at = to;
        }
      }
    };
    const m = 40_000;
    const reference = Array.from({ length: m }, sojourn);
    const draws = 20_000;
    for (const q of [0.5, 0.8, 0.9]) {
      const quantile = stageTimeQuantile(process, groups, 'G', q, 42, draws);
      const below = reference.filter((t) => t <= quantile).length / m;
      expect(Math.abs(below - q)).toBeLessThanOrEqual(4 * Math.sqrt(q * (1 - q) * (1 / m + 1 / draws)));
    }
  });

  it('is deterministic for a seed', () => {
    const process = makeProcess({ a: { d: uni(1, 9), next: [['a', 0.4, uni(0, 1)], ['won', 0.6]] } });
    const first = stageTimeQuantile(process, byStep('a'), 'a', 0.8, 77);
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.8, 77)).toBe(first);
    expect(stageTimeQuantile(process, byStep('a'), 'a', 0.8, 78)).not.toBe(first);
  });
});

describe('bad arguments', () => {
  const process = makeProcess({ a: { d: 1, next: [['won', 1]] }, b: { d: 1, next: [['won', 1]] } });
  it('an unknown group, q outside [0, 1] or bad draws are RangeErrors; a group never entered is NaN', () => {
    expect(() => stageTimeQuantile(process, byStep('a'), 'zz', 0.5, 1)).toThrow(RangeError);
    expect(() => stageTimeQuantile(process, byStep('a'), 'a', 1.5, 1)).toThrow(RangeError);
    expect(() => stageTimeQuantile(process, byStep('a'), 'a', NaN, 1)).toThrow(RangeError);
    expect(() => stageTimeQuantile(process, byStep('a'), 'a', 0.5, 1, 0)).toThrow(RangeError);
    expect(stageTimeQuantile(process, byStep('a', 'b'), 'b', 0.5, 1)).toBeNaN();
  });
});

// Exact metrics against known answers: drunkard's walk, weekly stages with self-loops, gaps, parallel tracks, traps.
import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedVisits, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { fixed, makeProcess, pert, uni, type StepSpec } from './make-process.js';

const close = (actual: number | undefined, expected: number, relative = 1e-9): void => {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};

describe('drunkard’s walk between lost (0) and won (5)', () => {
  // Positions 1..4 form one strongly connected component: dense elimination.
  const walk = makeProcess({
    p1: { d: 1, next: [['lost', 0.5], ['p2', 0.5]] },
    p2: { d: 1, next: [['p1', 0.5], ['p3', 0.5]] },
    p3: { d: 1, next: [['p2', 0.5], ['p4', 0.5]] },
    p4: { d: 1, next: [['p3', 0.5], ['won', 0.5]] },
  });
  const metrics = computeMetrics(walk);

  it('wins from k with probability k/5 and is absorbed after k(5−k) steps on average', () => {
    for (let k = 1; k <= 4; k++) {
      const step = metrics.steps.get(`p${k}`)!;
      close(step.winProbability, k / 5);
      close(step.expectedTimeToOutcome, k * (5 - k));
      // Conditioned on winning, the symmetric walk takes (N² − k²)/3 steps.
      close(step.expectedCycleWon, (25 - k * k) / 3);
      close(step.wonTimeMass, ((25 - k * k) / 3) * (k / 5));
    }
    close(metrics.winRate, 0.2);
    close(metrics.expectedCycleWon, 8);
    close(metrics.expectedTimeToOutcome, 4);
  });
});

describe('weekly stages with self-loops', () => {
  // Each week (5 business days) a stage stays (0.6, the next week starts 1 day later), advances (0.3, 2 days later)
  // or is lost (0.1). The last stage is won with 0.3, signature 3 days later.
  const stage = (next: string, gap: number): StepSpec => ({
    d: 5,
    next: [
      ['self', 0.6, 1],
      [next, 0.3, gap],
      ['lost', 0.1],
    ],
  });
  const specs: Record<string, StepSpec> = { a: stage('b', 2), b: stage('c', 2), c: stage('won', 3) };
  for (const [id, spec] of Object.entries(specs)) {
    specs[id] = { ...spec, next: spec.next.map(([to, p, g]) => [to === 'self' ? id : to, p, g] as const) };
  }
  const metrics = computeMetrics(makeProcess(specs));

  it('matches the geometric sums', () => {
    // Leaving a stage: advance with 0.3/0.4 = 0.75. Visits per stage: geometric with mean 1/0.4 = 2.5,
    // independent of how the stage is left; so 2.5 weeks of 5 days plus 1.5 one-day gaps = 14 days a stage.
    close(metrics.steps.get('c')!.winProbability, 0.75);
    close(metrics.winRate, 0.75 ** 3);
    close(metrics.expectedCycleWon, 3 * 14 + 2 + 2 + 3);
    close(metrics.steps.get('b')!.expectedCycleWon, 2 * 14 + 2 + 3);
    // Expected time to any outcome: the won gap only counts when won.
    const mC = 14 + 0.75 * 3;
    const mB = 14 + 0.75 * (2 + mC);
    const mA = 14 + 0.75 * (2 + mB);
    close(metrics.steps.get('c')!.expectedTimeToOutcome, mC);
    close(metrics.steps.get('b')!.expectedTimeToOutcome, mB);
    close(metrics.expectedTimeToOutcome, mA);
    expect(mA).toBe(36.265625);
  });
});

describe('u and E[cycle | won] with gaps, by hand', () => {
  const process = makeProcess({
    a: { d: pert(1, 2, 9), next: [['b', 0.5, 2], ['lost', 0.5, 7]] },
    b: { d: 4, next: [['won', 0.8, 1], ['lost', 0.2]] },
  });
  const metrics = computeMetrics(process);

  it('computes w, u, u/w and m', () => {
    // h(a) = (1 + 8 + 9)/6 = 3, h(b) = 4.
    const b = metrics.steps.get('b')!;
    const a = metrics.steps.get('a')!;
    close(b.winProbability, 0.8);
    close(b.wonTimeMass, 4 * 0.8 + 0.8 * 1);
    close(b.expectedCycleWon, 5);
    close(b.expectedTimeToOutcome, 4 + 0.8);
    close(a.winProbability, 0.4);
    close(a.wonTimeMass, 3 * 0.4 + 0.5 * (2 * 0.8 + 4));
    close(a.expectedCycleWon, 3 + 2 + 4 + 1);
    close(a.expectedTimeToOutcome, 3 + 0.5 * (2 + 4.8) + 0.5 * 7);
  });
});

describe('a two-step loop', () => {
  it('solves the component as a system', () => {
    const metrics = computeMetrics(
      makeProcess({
        a: { d: 1, next: [['b', 1, 1]] },
        b: { d: 1, next: [['a', 0.5, 1], ['won', 0.5]] },
      }),
    );
    // m(b) = 1 + 0.5(1 + m(a)), m(a) = 1 + 1 + m(b): m(b) = 5, m(a) = 7; every deal is won.
    close(metrics.steps.get('b')!.expectedTimeToOutcome, 5);
    close(metrics.expectedTimeToOutcome, 7);
    close(metrics.winRate, 1);
    close(metrics.expectedCycleWon, 7);
  });
});

describe('parallel steps', () => {
  it('h is E[max of the tracks]', () => {
    const process = makeProcess({
      reviews: { tracks: { security: { d: uni(0, 10) }, legal: { d: 4 } }, next: [['won', 1]] },
    });
    close(stepExpectedDuration(process.steps.get('reviews')!), 5.8);
    close(computeMetrics(process).expectedCycleWon, 5.8);
  });
});

describe('degenerate processes', () => {
  it('a closed loop can never end: w = 0, m = Infinity, E[cycle | won] undefined', () => {
    const metrics = computeMetrics(
      makeProcess({
        a: { next: [['b', 1]] },
        b: { next: [['c', 1]] },
        c: { next: [['b', 1]] },
      }),
    );
    for (const id of ['a', 'b', 'c']) {
      const step = metrics.steps.get(id)!;
      expect(step.winProbability).toBe(0);
      expect(step.wonTimeMass).toBe(0);
      expect(step.expectedCycleWon).toBeUndefined();
      expect(step.expectedTimeToOutcome).toBe(Infinity);
    }
    expect(metrics.winRate).toBe(0);
    expect(metrics.expectedCycleWon).toBeUndefined();
  });

  it('a trap reached with some probability: m = Infinity, but w and E[cycle | won] stay finite', () => {
    const metrics = computeMetrics(
      makeProcess({
        a: { d: 2, next: [['trap', 0.5], ['won', 0.5, 1]] },
        trap: { next: [['trap', 1]] },
      }),
    );
    close(metrics.winRate, 0.5);
    close(metrics.expectedCycleWon, 3);
    expect(metrics.expectedTimeToOutcome).toBe(Infinity);
  });

  it('a step without transitions, or losing probability mass, never ends', () => {
    const dead = computeMetrics(makeProcess({ a: { next: [['b', 1]] }, b: { next: [] } }));
    expect(dead.expectedTimeToOutcome).toBe(Infinity);
    expect(dead.winRate).toBe(0);
    const leaky = computeMetrics(makeProcess({ a: { next: [['won', 0.5]] } }));
    close(leaky.winRate, 0.5);
    expect(leaky.expectedTimeToOutcome).toBe(Infinity);
  });

  it('p = 0 transitions contribute nothing, even towards a trap', () => {
    const metrics = computeMetrics(makeProcess({ a: { d: 3, next: [['trap', 0], ['won', 1, 2]] }, trap: { next: [['trap', 1]] } }));
    close(metrics.winRate, 1);
    close(metrics.expectedTimeToOutcome, 5);
  });

  it('every outcome whose result is won counts', () => {
    const metrics = computeMetrics(
      makeProcess({ a: { d: 1, next: [['won', 0.25, 4], ['won-expansion', 0.25], ['lost', 0.5]] } }, { outcomes: { won: 'won', 'won-expansion': 'won', lost: 'lost' } }),
    );
    close(metrics.winRate, 0.5);
    close(metrics.expectedCycleWon, 1 + 2);
  });

  it('an unknown start gives no numbers', () => {
    const metrics = computeMetrics(makeProcess({ a: { next: [['won', 1]] } }, { start: 'nowhere' }));
    expect(metrics.winRate).toBe(0);
    expect(metrics.expectedCycleWon).toBeUndefined();
    expect(metrics.expectedTimeToOutcome).toBe(Infinity);
  });
});

describe('large processes', () => {
  it('solves a 10,000-step chain with local loops', () => {
    const n = 10_000;
    const specs: Record<string, StepSpec> = {};
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `s${i + 1}` : 'won';
      specs[`s${i}`] = i % 10 === 5 ? { d: fixed(1), next: [[next, 0.5], [`s${i - 2}`, 0.5]] } : { d: fixed(1), next: [[next, 1]] };
    }
    const metrics = computeMetrics(makeProcess(specs));
    close(metrics.winRate, 1);
    // Each loop s(i−2)…s(i) is a 3-step component visited a geometric number of times (mean 2): 3 extra steps.
    close(metrics.expectedCycleWon, n + 3 * (n / 10));
  });
});

describe('expectedVisits: step visits per deal, what a simulation costs', () => {
  it('the drunkard’s walk from k visits k(5 − k) steps whatever the durations and gaps', () => {
    const walk = makeProcess({
      p1: { d: pert(1, 2, 9), next: [['lost', 0.5], ['p2', 0.5, 3]] },
      p2: { d: 7, next: [['p1', 0.5], ['p3', 0.5]] },
      p3: { d: 1, next: [['p2', 0.5, uni(0, 4)], ['p4', 0.5]] },
      p4: { d: 2, next: [['p3', 0.5], ['won', 0.5]] },
    });
    for (let k = 1; k <= 4; k++) close(expectedVisits(walk, `p${k}`), k * (5 - k));
    close(expectedVisits(walk), 4); // start is p1
  });

  it('a self-loop left with probability q is visited 1/q times: a loop deals rarely leave shows before simulating', () => {
    const loop = makeProcess({
      a: { d: 1, next: [['b', 0.5], ['lost', 0.5]] },
      b: { d: 1, next: [['b', 1 - 2e-7], ['won', 1e-7], ['lost', 1e-7]] },
    });
    close(expectedVisits(loop), 1 + 0.5 * 5e6, 1e-6);
  });

  it('a dead end ends the deal there, as the simulator ends it (stuck), rather than making the count infinite', () => {
    const deadEnd = makeProcess({ a: { d: 1, next: [['b', 0.5], ['won', 0.5]] }, b: { d: 1, next: [] } });
    close(expectedVisits(deadEnd), 1.5);
    expect(computeMetrics(deadEnd).expectedTimeToOutcome).toBe(Infinity);
  });

  it('is infinite when a deal may never reach an outcome', () => {
    const trap = makeProcess({ a: { d: 1, next: [['b', 0.5], ['won', 0.5]] }, b: { d: 1, next: [['b', 1]] } });
    expect(expectedVisits(trap)).toBe(Infinity);
  });
});

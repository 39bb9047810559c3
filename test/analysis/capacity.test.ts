// Seller capacity: exact engaged days per role on a hand-made process, and a seeded simulation that agrees within 4 standard errors.
import { describe, expect, it } from 'vitest';
import { computeCapacity } from '../../src/analysis/capacity.js';
import { Xoshiro128, chunkState } from '../../src/simulate/rng.js';
import type { Duration, Process } from '../../src/model/types.js';
import { makeProcess, uni } from './make-process.js';

// a (ae, 2 days) → b 0.6 (1 day later) | lost; b (se, U(2, 6)) → b 0.2 | c 0.6 | lost;
// c parallel: security (se, U(4, 8)), legal (counsel, 3), paperwork (no owner: the step's, ae, 2) → won 0.75 | lost.
const process = makeProcess({
  a: { d: 2, owner: 'ae', next: [['b', 0.6, 1], ['lost', 0.4]] },
  b: { d: uni(2, 6), owner: 'se', next: [['b', 0.2], ['c', 0.6], ['lost', 0.2]] },
  c: {
    owner: 'ae',
    tracks: { security: { d: uni(4, 8), owner: 'se' }, legal: { d: 3, owner: 'counsel' }, paperwork: { d: 2 } },
    next: [['won', 0.75], ['lost', 0.25]],
  },
});

describe('computeCapacity', () => {
  const capacity = computeCapacity(process);
  const byRole = new Map(capacity.roles.map((r) => [r.role, r]));

  it('gives the exact engaged days per deal and per won deal', () => {
    // Visits: a 1, b 0.6/0.8 = 0.75, c 0.45. w: c 0.75, b 0.45/0.8 = 0.5625, a 0.3375.
    expect(capacity.winRate).toBeCloseTo(0.3375, 15);
    // ae: a 1·2 + c's paperwork 0.45·2 = 2.9; won: (1·2·0.3375 + 0.45·2·0.75)/0.3375 = 4.
    expect(byRole.get('ae')!.daysPerDeal).toBeCloseTo(2.9, 14);
    expect(byRole.get('ae')!.daysPerWonDeal).toBeCloseTo(4, 14);
    // se: b 0.75·4 + security 0.45·6 = 5.7; won: a won deal visits b 1/0.8 times (5 days) and c once (6 days).
    expect(byRole.get('se')!.daysPerDeal).toBeCloseTo(5.7, 14);
    expect(byRole.get('se')!.daysPerWonDeal).toBeCloseTo(11, 14);
    expect(byRole.get('counsel')!.daysPerDeal).toBeCloseTo(1.35, 14);
    expect(byRole.get('counsel')!.daysPerWonDeal).toBeCloseTo(3, 14);
  });

  it('agrees with a seeded simulation of engaged time within 4 standard errors', () => {
    const simulated = simulateEngagement(process, 200_000, 7);
    for (const role of ['ae', 'se', 'counsel']) {
      const exact = byRole.get(role)!;
      const all = simulated.all.get(role)!;
      const won = simulated.won.get(role)!;
      expect(Math.abs(all.mean - exact.daysPerDeal), role).toBeLessThanOrEqual(4 * all.stdErr);
      expect(Math.abs(won.mean - exact.daysPerWonDeal!), role).toBeLessThanOrEqual(4 * won.stdErr);
      expect(all.stdErr).toBeGreaterThan(0);
    }
  });
});

interface Estimate {
  mean: number;
  stdErr: number;
}

/** Deals walked one by one: each visit samples the step's (or each track's) duration and credits its owner. */
function simulateEngagement(process: Process, deals: number, seed: number): { all: Map<string, Estimate>; won: Map<string, Estimate> } {
  const rng = new Xoshiro128(chunkState(seed, 0));
  const random = () => rng.nextU32() / 2 ** 32;
  const sample = (d: Duration): number => (d.dist === 'fixed' ? d.value : d.dist === 'uniform' ? d.min + (d.max - d.min) * random() : NaN);
  const roles = [...process.sellerRoles.keys()];
  const sums = { all: new Map(roles.map((r) => [r, [0, 0, 0]])), won: new Map(roles.map((r) => [r, [0, 0, 0]])) };
  for (let n = 0; n < deals; n++) {
    const days = new Map(roles.map((r) => [r, 0]));
    let at = process.start;
    while (process.steps.has(at)) {
      const step = process.steps.get(at)!;
      if (step.parallel.length === 0) days.set(step.owner!, days.get(step.owner!)! + sample(step.duration!));
      for (const track of step.parallel) days.set(track.owner ?? step.owner!, days.get(track.owner ?? step.owner!)! + sample(track.duration));
      let x = random();
      const next = step.next.find((t) => (x -= t.p) < 0) ?? step.next.at(-1)!;
      at = next.to;
    }
    const won = process.outcomes.get(at)!.result === 'won';
    for (const [role, value] of days) {
      for (const bucket of won ? [sums.all, sums.won] : [sums.all]) {
        const s = bucket.get(role)!;
        s[0]! += 1;
        s[1]! += value;
        s[2]! += value * value;
      }
    }
  }
  const estimate = ([count, sum, squares]: number[]): Estimate => {
    const mean = sum! / count!;
    const variance = (squares! - count! * mean * mean) / (count! - 1);
    return { mean, stdErr: Math.sqrt(variance / count!) };
  };
  return {
    all: new Map([...sums.all].map(([r, s]) => [r, estimate(s)])),
    won: new Map([...sums.won].map(([r, s]) => [r, estimate(s)])),
  };
}

// Sensitivities by adjoint solves against central finite differences of the exact metrics, on bundled and hand-made processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedVisits } from '../../src/analysis/metrics.js';
import { computeSensitivity, type Lever } from '../../src/analysis/sensitivity.js';
import { expectedMaxOfTracks, expectedMaxShiftDerivatives } from '../../src/model/duration.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Duration, Process, Step } from '../../src/model/types.js';
import { makeProcess, pert, tri, uni } from './make-process.js';

const ROOT = join(import.meta.dirname, '../..');

function shift(d: Duration | undefined, by: number): Duration {
  if (d === undefined) return { dist: 'fixed', value: by };
  switch (d.dist) {
    case 'fixed':
      return { dist: 'fixed', value: d.value + by };
    case 'uniform':
      return { dist: 'uniform', min: d.min + by, max: d.max + by };
    default:
      return { ...d, min: d.min + by, likely: d.likely + by, max: d.max + by };
  }
}

/** The process with the lever's parameter moved by ε in the lever's direction (as documented in sensitivity.ts). */
function perturb(process: Process, lever: Lever, eps: number): Process {
  const step = process.steps.get(lever.step)!;
  let changed: Step;
  if (lever.kind === 'probability') {
    const k = lever.transition!;
    const result = (to: string) => (process.steps.has(to) ? undefined : process.outcomes.get(to)?.result);
    const lost = (to: string) => result(to) === 'lost';
    // Disqualified transitions never give mass.
    const others = step.next.map((_, d) => d).filter((d) => d !== k && step.next[d]!.p > 0 && result(step.next[d]!.to) !== 'disqualified');
    const donors = lever.takesFrom === 'lost' ? others.filter((d) => lost(step.next[d]!.to)) : others;
    const room = donors.reduce((s, d) => s + step.next[d]!.p, 0);
    expect(room).toBeCloseTo(lever.room, 12);
    changed = { ...step, next: step.next.map((t, d) => (d === k ? { ...t, p: t.p + eps } : donors.includes(d) ? { ...t, p: t.p - (eps * t.p) / room } : t)) };
  } else if (lever.kind === 'duration') {
    changed = { ...step, duration: shift(step.duration, eps) };
  } else if (lever.kind === 'track') {
    changed = { ...step, parallel: step.parallel.map((t) => (t.id === lever.track ? { ...t, duration: shift(t.duration, eps) } : t)) };
  } else {
    changed = { ...step, next: step.next.map((t, d) => (d === lever.transition ? { ...t, within: shift(t.within, eps) } : t)) };
  }
  const steps = new Map(process.steps);
  steps.set(lever.step, changed);
  return { ...process, steps };
}

function checkAgainstFiniteDifferences(process: Process): number {
  const sensitivity = computeSensitivity(process);
  const metrics = computeMetrics(process);
  expect(sensitivity.winRate).toBe(metrics.winRate);
  expect(sensitivity.qualifiedWinRate).toBe(metrics.qualifiedWinRate);
  expect(sensitivity.disqualifiedRate).toBe(metrics.disqualifiedRate);
  let checked = 0;
  for (const lever of sensitivity.levers) {
    // Means and probabilities enter the systems rationally (exact to ε²); E[max] of tracks is an integral.
    const eps = lever.kind === 'track' ? 1e-3 : 1e-5;
    const plus = computeMetrics(perturb(process, lever, eps));
    const minus = computeMetrics(perturb(process, lever, -eps));
    const dW = (plus.winRate - minus.winRate) / (2 * eps);
    const dC = (plus.expectedCycleWon! - minus.expectedCycleWon!) / (2 * eps);
    const what = `${lever.kind} ${lever.step} ${lever.track ?? lever.to ?? ''}`;
    expect(Math.abs(lever.winRate - dW), what).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(dW), 1e-3));
    expect(Math.abs(lever.cycleDays! - dC), what).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(dC), 1e-2));
    const dQ = (plus.qualifiedWinRate - minus.qualifiedWinRate) / (2 * eps);
    const dD = (plus.disqualifiedRate - minus.disqualifiedRate) / (2 * eps);
    expect(Math.abs(lever.qualifiedWinRate - dQ), what).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(dQ), 1e-3));
    expect(Math.abs(lever.disqualifiedRate - dD), what).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(dD), 1e-3));
    checked++;
  }
  return checked;
}

describe('computeSensitivity against central finite differences of computeMetrics', () => {
  for (const name of ['smb', 'mid-market', 'enterprise']) {
    it(`matches on the bundled ${name} process`, () => {
      const { process } = loadProcess(`${name}.yaml`, readFileSync(join(ROOT, 'processes', `${name}.yaml`)));
      expect(checkAgainstFiniteDifferences(process!)).toBeGreaterThan(10);
    });
  }

  it('matches on a loop (one strongly connected component of four steps) with gaps and two won outcomes', () => {
    const walk = makeProcess(
      {
        p1: { d: 2, next: [['lost', 0.4], ['p2', 0.5, 1], ['p1', 0.1, 2]] },
        p2: { d: pert(1, 2, 6), next: [['p1', 0.5, 3], ['p3', 0.5, uni(1, 3)]] },
        p3: { d: tri(1, 4, 5), next: [['p2', 0.5], ['p4', 0.5, 2]] },
        p4: { d: 1, next: [['p3', 0.3], ['won', 0.5, 4], ['won-late', 0.1, 9], ['lost', 0.1]] },
      },
      { outcomes: { won: 'won', 'won-late': 'won', lost: 'lost' } },
    );
    expect(checkAgainstFiniteDifferences(walk)).toBeGreaterThan(12);
  });

  it('matches on parallel tracks (PERT, triangular, uniform, fixed), a gate, and a step with no lost transition', () => {
    const process = makeProcess({
      discovery: { d: 3, with: ['champion'], next: [['review', 0.6, 2], ['lost', 0.4]] },
      review: {
        tracks: { security: { d: pert(10, 20, 45), owner: 'se' }, legal: { d: tri(5, 10, 30), owner: 'counsel' }, paperwork: { d: uni(8, 12) }, fixed: { d: 9 } },
        next: [['proposal', 0.7, 1], ['discovery', 0.3, 5]],
      },
      proposal: { d: 2, next: [['ask', 1, 2]] },
      ask: { d: 1, ask: true, requires: { completed: ['review'] }, with: ['champion'], next: [['won', 0.8], ['lost', 0.2]] },
    });
    expect(checkAgainstFiniteDifferences(process)).toBeGreaterThan(10);
    const levers = computeSensitivity(process).levers;
    // review has no lost transition: raising review → proposal takes from review → discovery.
    expect(levers.find((l) => l.kind === 'probability' && l.step === 'review' && l.to === 'proposal')).toMatchObject({ takesFrom: 'others', room: 0.3 });
    // A transition to lost, and proposal's single transition (nothing to take from), have no probability lever.
    expect(levers.filter((l) => l.kind === 'probability').map((l) => `${l.step}→${l.to}`)).toEqual(['discovery→review', 'review→proposal', 'review→discovery', 'ask→won']);
  });

  it('matches the qualified win rate on the disqualified fixture, where disqualification gives no mass', () => {
    const { process } = loadProcess('disqualified.yaml', readFileSync(join(ROOT, 'test/fixtures/disqualified.yaml')));
    expect(checkAgainstFiniteDifferences(process!)).toBe(5);
    const { levers, winRate, disqualifiedRate, qualifiedWinRate } = computeSensitivity(process!);
    expect([winRate, disqualifiedRate, qualifiedWinRate]).toEqual([0.3, 0.4, 0.5]);
    // a's only other transition is disqualified: a → b has nothing to take from. b → won takes from lost:
    // dW = visits(b) = 0.6, dD = 0, dQ = 0.6 · 0.6 / 0.6² = 1 (every qualified deal reaches b).
    const probability = levers.filter((l) => l.kind === 'probability');
    expect(probability).toHaveLength(1);
    expect(probability[0]).toMatchObject({ step: 'b', to: 'won', takesFrom: 'lost', winRate: 0.6, disqualifiedRate: 0, cycleDays: 0 });
    expect(probability[0]!.qualifiedWinRate).toBeCloseTo(1, 15);
    // Durations move neither rate.
    expect(levers.filter((l) => l.kind !== 'probability').every((l) => l.winRate === 0 && l.qualifiedWinRate === 0 && l.disqualifiedRate === 0)).toBe(true);
  });

  it('matches the qualified win rate on a loop with disqualified outcomes inside and after it', () => {
    const process = makeProcess(
      {
        intro: { d: 1, next: [['qualify', 0.7, 1], ['no-fit', 0.2], ['lost', 0.1]] },
        // No lost transition here: raising qualify → demo takes from qualify → intro only, never from no-budget.
        qualify: { d: pert(1, 2, 5), next: [['demo', 0.5, 2], ['intro', 0.2, 3], ['no-budget', 0.3]] },
        demo: { d: tri(1, 3, 6), next: [['qualify', 0.25, 1], ['proposal', 0.5, uni(1, 4)], ['lost', 0.15], ['no-fit', 0.1]] },
        proposal: { d: 2, next: [['demo', 0.2], ['won', 0.5, 3], ['lost', 0.3]] },
      },
      { outcomes: { won: 'won', lost: 'lost', 'no-fit': 'disqualified', 'no-budget': 'disqualified' } },
    );
    const metrics = computeMetrics(process);
    expect(metrics.disqualifiedRate).toBeGreaterThan(0.2);
    expect(checkAgainstFiniteDifferences(process)).toBeGreaterThan(15);
    const levers = computeSensitivity(process).levers.filter((l) => l.kind === 'probability');
    expect(levers.map((l) => `${l.step}→${l.to}:${l.takesFrom}`)).toEqual([
      'intro→qualify:lost',
      'qualify→demo:others',
      'qualify→intro:others',
      'demo→qualify:lost',
      'demo→proposal:lost',
      'proposal→demo:lost',
      'proposal→won:lost',
    ]);
    expect(levers.find((l) => l.step === 'qualify' && l.to === 'demo')!.room).toBeCloseTo(0.2, 15);
    // Moving mass between qualified paths changes the qualified win rate otherwise than the win rate.
    const raise = levers.find((l) => l.step === 'demo' && l.to === 'proposal')!;
    expect(raise.qualifiedWinRate).not.toBeCloseTo(raise.winRate, 6);
  });

  it('gives known values on a two-step chain', () => {
    // a (2 days) → b with 0.5 (within 1), else lost; b (3 days) → won 0.8, else lost. W = 0.4, C = 6.
    const process = makeProcess({ a: { d: 2, next: [['b', 0.5, 1], ['lost', 0.5]] }, b: { d: 3, next: [['won', 0.8], ['lost', 0.2]] } });
    const { levers, visits } = computeSensitivity(process);
    expect([...visits]).toEqual([['a', 1], ['b', 0.5]]);
    const find = (kind: string, step: string) => levers.find((l) => l.kind === kind && l.step === step)!;
    // dW/dp(a→b) = w(b) = 0.8; every won deal passes a, b and the gap: d cycle / d day = 1 each; p does not move C.
    expect(find('probability', 'a')).toMatchObject({ winRate: 0.8, cycleDays: 0, room: 0.5, takesFrom: 'lost' });
    expect(find('probability', 'b').winRate).toBeCloseTo(0.5, 15);
    expect(find('duration', 'a').cycleDays).toBeCloseTo(1, 15);
    expect(find('duration', 'b').cycleDays).toBeCloseTo(1, 15);
    expect(find('within', 'a').cycleDays).toBeCloseTo(1, 15);
  });

  it('visits are the expected visit counts of the metrics', () => {
    const { process } = loadProcess('enterprise.yaml', readFileSync(join(ROOT, 'processes/enterprise.yaml')));
    const total = [...computeSensitivity(process!).visits.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(total - expectedVisits(process!))).toBeLessThan(1e-12 * total);
  });
});

describe('expectedMaxShiftDerivatives', () => {
  it('is the probability each track is the longest: they sum to 1 and match differences of E[max]', () => {
    const tracks: Duration[] = [pert(10, 20, 45), tri(5, 10, 30), uni(8, 12), { dist: 'fixed', value: 9 }];
    const derivatives = expectedMaxShiftDerivatives(tracks);
    expect(Math.abs(derivatives.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
    tracks.forEach((_, k) => {
      const eps = 1e-3;
      const moved = (by: number) => expectedMaxOfTracks(tracks.map((d, l) => (l === k ? shift(d, by) : d)));
      const fd = (moved(eps) - moved(-eps)) / (2 * eps);
      expect(Math.abs(derivatives[k]! - fd)).toBeLessThan(1e-7);
    });
    // Two independent U(0, 1): each is the longer half the time.
    expect(expectedMaxShiftDerivatives([uni(0, 1), uni(0, 1)]).map((x) => x.toFixed(12))).toEqual(['0.500000000000', '0.500000000000']);
  });
});

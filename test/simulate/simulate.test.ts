// The Monte Carlo engine: convergence to the exact numbers, funnel, bottlenecks, gates, stuck deals, reproducibility.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/analysis/metrics.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { CHUNK_DEALS, DealSimulator, statsShape } from '../../src/simulate/engine.js';
import { compileModel } from '../../src/simulate/model.js';
import { chunkCount, chunkDeals, runInThisThread, simulate, simulationReport, type SimulationReport } from '../../src/simulate/simulate.js';
import { SimulationStats } from '../../src/simulate/stats.js';
import { fixed, makeProcess, pert, tri, uni } from '../analysis/make-process.js';

const ROOT = join(import.meta.dirname, '../..');
const load = (file: string): Process => loadProcess(file, readFileSync(join(ROOT, file))).process!;
const DEALS = 100_000;

/** Win rate and mean won cycle agree with the exact metrics within 4 standard errors (SE of the mean from the sample). */
function expectConverges(report: SimulationReport, exact: { winRate: number; cycle: number | undefined }): void {
  expect(Math.abs(report.winRate - exact.winRate)).toBeLessThanOrEqual(4 * Math.sqrt((exact.winRate * (1 - exact.winRate)) / report.deals));
  if (exact.cycle === undefined) {
    expect(report.cycleDays).toBeNull();
    return;
  }
  const cycle = report.cycleDays!;
  expect(cycle.stdErr).not.toBeNull();
  expect(Math.abs(cycle.mean - exact.cycle)).toBeLessThanOrEqual(4 * cycle.stdErr! + 1e-9 * exact.cycle);
}

function converges(process: Process, options: { from?: string; seed?: number; deals?: number } = {}): SimulationReport {
  const report = simulate(process, { deals: options.deals ?? DEALS, seed: options.seed ?? 1, ...(options.from ? { from: options.from } : {}) });
  const metrics = computeMetrics(process);
  const at = metrics.steps.get(options.from ?? process.start)!;
  expectConverges(report, { winRate: at.winProbability, cycle: at.expectedCycleWon });
  return report;
}

describe('convergence to the exact numbers', () => {
  it('test/fixtures/known.yaml: win rate 0.4, E[cycle | won] 10.8', () => {
    const report = converges(load('test/fixtures/known.yaml'));
    expectConverges(report, { winRate: 0.4, cycle: 10.8 });
  });

  it.each(readdirSync(join(ROOT, 'processes')).filter((f) => f.endsWith('.yaml')))('bundled processes/%s', (file) => {
    converges(load(`processes/${file}`));
  });

  it('enterprise deals in flight at the reviews (--from)', () => {
    const report = converges(load('processes/enterprise.yaml'), { from: 'reviews' });
    expect(report.from).toBe('reviews');
    expect(report.funnel.find((f) => f.step === 'discovery')!.reached).toBe(0);
    expect(report.gateMisses).toBeNull();
  });

  it('loops: self-loops, a loop back to an earlier step, gaps on every transition', () => {
    converges(
      makeProcess({
        a: { d: pert(1, 2, 6), next: [['a', 0.3, 1], ['b', 0.5, uni(1, 3)], ['lost', 0.2]] },
        b: { d: tri(2, 3, 9), next: [['a', 0.25, pert(0, 1, 2)], ['won', 0.55, 2], ['lost', 0.2, 1]] },
      }),
    );
  });

  it('parallel tracks of every distribution kind, twice in a row', () => {
    converges(
      makeProcess({
        start: { d: 1, next: [['review', 0.9, 2], ['lost', 0.1]] },
        review: {
          tracks: { sec: { d: pert(5, 10, 30) }, legal: { d: tri(3, 8, 20) }, it: { d: uni(0, 25) }, fixed: { d: 12 } },
          next: [['review2', 0.8, pert(1, 2, 4)], ['lost', 0.2]],
        },
        review2: { tracks: { a: { d: uni(1, 2) }, b: { d: uni(1, 2) } }, next: [['won', 0.9, 1], ['lost', 0.1]] },
      }),
    );
  });

  it('five transitions out of a step (one rarer than 2^-10, which draws its own within) and a parallel step on a loop', () => {
    const report = converges(
      makeProcess({
        a: {
          d: pert(1, 2, 6),
          next: [['b', 0.3, uni(0, 2)], ['a', 0.2, tri(0, 1, 3)], ['lost', 0.2], ['b', 0.2995, pert(2, 3, 8)], ['won', 0.0005, pert(50, 60, 100)]],
        },
        b: {
          tracks: { x: { d: pert(2, 4, 9) }, y: { d: uni(1, 8) } },
          next: [['b', 0.25, 1], ['won', 0.5, pert(0, 1, 3)], ['lost', 0.25]],
        },
      }),
      { deals: 200_000, seed: 3 },
    );
    // b is on a loop: reached counts deals, visits count every pass (1 / (1 − 0.25) per deal that gets there).
    const [a, b] = report.funnel;
    expect(b!.visitsPerDeal).toBeGreaterThan(b!.reached);
    expect(Math.abs(b!.visitsPerDeal / b!.reached - 4 / 3)).toBeLessThan(0.02);
    expect(a!.reached).toBe(1);
    expect(Math.abs(a!.visitsPerDeal - 1 / 0.8)).toBeLessThan(0.01);
    // Won only through a transition rarer than 2^-10: the cycle is almost all its own-draw within, PERT(50, 60, 100).
    converges(makeProcess({ a: { d: 1, next: [['won', 0.0009, pert(50, 60, 100)], ['lost', 0.9991]] } }), { deals: 200_000, seed: 4 });
  });

  it('several won outcomes and a process nobody wins', () => {
    converges(makeProcess({ a: { d: 3, next: [['won', 0.3, 1], ['expansion', 0.2, 4], ['lost', 0.5]] } }, { outcomes: { won: 'won', expansion: 'won', lost: 'lost' } }));
    const never = simulate(makeProcess({ a: { d: 3, next: [['lost', 1]] } }), { deals: 1000, seed: 1 });
    expect(never.winRate).toBe(0);
    expect(never.cycleDays).toBeNull();
    expect(never.cycleHistogram).toEqual([]);
  });
});

describe('report details on test/fixtures/known.yaml', () => {
  // a (2 days) → r (0.5, 1 day later) or lost (0.5, no-fit); r = max(U(0, 10), 4) → b; b = PERT(1, 2, 3) → won 0.8 / lost 0.2.
  const known = load('test/fixtures/known.yaml');
  const report = simulate(known, { deals: DEALS, seed: 7 });
  const near = (actual: number, expected: number, p: number, n: number): void => {
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
  };

  it('has the documented header fields', () => {
    expect(report).toMatchObject({ process: 'known', version: '1.0.0', seed: 7, deals: DEALS, from: 'a', stepCap: 10_000, stuck: 0 });
    near(report.winRateStdErr, Math.sqrt((0.4 * 0.6) / DEALS), 0.5, DEALS * 100);
  });

  it('funnel: the share of deals reaching each step', () => {
    const [a, r, b] = report.funnel;
    expect(a).toMatchObject({ step: 'a', title: 'Discovery and demo', reached: 1, deals: DEALS, visitsPerDeal: 1 });
    near(r!.reached, 0.5, 0.5, DEALS);
    expect(b!.reached).toBe(r!.reached);
    expect(r!.visitsPerDeal).toBe(r!.reached);
  });

  it('bottlenecks: time shares of steps and waiting sum to 1; the U(0, 10) track is the longest 60% of the time', () => {
    const { steps, tracks, waitingShare } = report.bottlenecks;
    expect(steps.reduce((sum, s) => sum + s.timeShare, waitingShare)).toBeCloseTo(1, 12);
    // Expected time per deal: a 2, r 0.5 × 5.8, b 0.5 × 2, waiting 0.5 × 1 — 6.4 in all.
    expect(steps[0]!.timeShare).toBeCloseTo(2 / 6.4, 2);
    expect(steps[1]!.timeShare).toBeCloseTo(2.9 / 6.4, 2);
    expect(steps[2]!.timeShare).toBeCloseTo(1 / 6.4, 2);
    expect(waitingShare).toBeCloseTo(0.5 / 6.4, 2);
    expect(steps[0]!.daysPerVisit).toBe(2);
    expect(steps[1]!.daysPerVisit).toBeCloseTo(5.8, 1);
    expect(tracks.map((t) => [t.step, t.track])).toEqual([
      ['r', 'security'],
      ['r', 'paperwork'],
    ]);
    const visits = report.funnel[1]!.deals;
    near(tracks[0]!.criticality!, 0.6, 0.6, visits);
    expect(tracks[0]!.criticality! + tracks[1]!.criticality!).toBeCloseTo(1, 12);
    expect(tracks[1]!.timeShare).toBeCloseTo((0.5 * 4) / 6.4, 2);
  });

  it('lost reasons, most first, and outcomes', () => {
    expect(report.lostReasons.map((l) => [l.outcome, l.reason])).toEqual([
      ['lost', 'no-fit'],
      ['lost', 'no-decision'],
    ]);
    near(report.lostReasons[0]!.share, 0.5, 0.5, DEALS);
    near(report.lostReasons[1]!.share, 0.1, 0.1, DEALS);
    expect(report.outcomes.map((o) => [o.outcome, o.result])).toEqual([
      ['won', 'won'],
      ['lost', 'lost'],
    ]);
    expect(report.outcomes[0]!.deals + report.outcomes[1]!.deals).toBe(DEALS);
    expect(report.outcomes[0]!.share).toBe(report.winRate);
  });

  it('cycle percentiles lie in order within [min, max]; the histogram counts every won deal', () => {
    const c = report.cycleDays!;
    // The shortest won cycle is 2 + 1 + 4 + 1 = 8 days, the longest 2 + 1 + 10 + 3 = 16.
    expect(c.min).toBeGreaterThanOrEqual(8);
    expect(c.max).toBeLessThanOrEqual(16);
    expect([c.min, c.p50, c.p80, c.p90, c.p95, c.max]).toEqual([c.min, c.p50, c.p80, c.p90, c.p95, c.max].sort((x, y) => x - y));
    expect(report.cycleHistogram.reduce((sum, b) => sum + b.deals, 0)).toBe(report.outcomes[0]!.deals);
    expect(report.cycleHistogram[0]!.from).toBe(8);
    expect(report.cycleHistogram.at(-1)!.to).toBeNull();
  });

  it('gates: every deal reaching the ask here has met its gate', () => {
    expect(report.gateMisses).toEqual([{ step: 'b', deals: 0, share: 0 }]);
  });
});

describe('percentiles of a discrete cycle', () => {
  it('match the exact quantiles of 2·K days, K geometric with p = 0.6, within the histogram bound', () => {
    // P(K ≤ 1, 2, 3, 4) = 0.6, 0.84, 0.936, 0.9744, so p50, p80, p90, p95 are 2, 4, 6 and 8 days.
    const report = simulate(makeProcess({ a: { d: 2, next: [['won', 0.6], ['a', 0.4]] } }), { deals: DEALS, seed: 3 });
    const c = report.cycleDays!;
    for (const [estimate, exact] of [
      [c.p50, 2],
      [c.p80, 4],
      [c.p90, 6],
      [c.p95, 8],
    ] as const) {
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(2 ** -11 * exact);
    }
    expect(c.min).toBe(2);
    expect(c.mean).toBeCloseTo(2 / 0.6, 1);
  });
});

describe('gate misses and stuck deals', () => {
  it('counts deals that reach an ask step without its gate, once per deal', () => {
    // Half the deals skip the step that involves the economic buyer; some loop back to the ask.
    const process = makeProcess({
      intro: { d: 1, next: [['ask', 0.5, 1], ['meet', 0.5, 1]] },
      meet: { d: 1, with: ['eb'], next: [['ask', 1, 1]] },
      ask: { d: 1, ask: true, requires: { involved: ['eb'] }, next: [['won', 0.5], ['ask', 0.3, 1], ['lost', 0.2]] },
    });
    const report = simulate(process, { deals: DEALS, seed: 5 });
    const [miss] = report.gateMisses!;
    expect(miss!.step).toBe('ask');
    expect(Math.abs(miss!.deals / DEALS - 0.5)).toBeLessThanOrEqual(4 * Math.sqrt(0.25 / DEALS));
    expect(miss!.share).toBe(miss!.deals / DEALS);
  });

  it('counts a deal in a runaway loop as stuck at the step cap, and a dead end as stuck', () => {
    const loop = makeProcess({ a: { d: 1, next: [['a', 1, 1]] } });
    const report = simulate(loop, { deals: 500, seed: 1, stepCap: 50 });
    expect(report.stuck).toBe(500);
    expect(report.winRate).toBe(0);
    expect(report.funnel[0]!.visitsPerDeal).toBe(50);
    const deadEnd = makeProcess({ a: { d: 1, next: [['b', 0.5], ['won', 0.5]] }, b: { d: 1, next: [] } });
    const ended = simulate(deadEnd, { deals: 10_000, seed: 1 });
    expect(ended.stuck + ended.outcomes[0]!.deals).toBe(10_000);
    expect(ended.stuck).toBe(ended.funnel[1]!.deals);
  });
});

describe('reproducibility', () => {
  const process = load('processes/enterprise.yaml');

  it('gives identical JSON for the same seed, and different numbers for another seed', () => {
    const a = simulate(process, { deals: 25_000, seed: 11 });
    const b = simulate(process, { deals: 25_000, seed: 11 });
    const c = simulate(process, { deals: 25_000, seed: 12 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.winRate).not.toBe(a.winRate);
  });

  it('merging chunks simulated by separate simulators, in chunk order, equals one run (what the workers do)', () => {
    const deals = 3 * CHUNK_DEALS + 1234;
    const options = { deals, seed: 99 };
    const model = compileModel(process);
    const oneRun = simulationReport(process, model, options, runInThisThread(model, options));
    // Two "threads": chunks 0 and 2 on one, 1 and 3 on the other, done out of order.
    const threads = [new DealSimulator(model), new DealSimulator(model)];
    const done = new Map<number, SimulationStats>();
    for (const index of [3, 1]) done.set(index, threads[1]!.runChunk(99, index, chunkDeals(index, deals)));
    for (const index of [2, 0]) done.set(index, threads[0]!.runChunk(99, index, chunkDeals(index, deals)));
    const stats = new SimulationStats(statsShape(model));
    for (let index = 0; index < chunkCount(deals); index++) stats.merge(done.get(index)!);
    const histogram = threads[0]!.histogram.map((count, i) => count + threads[1]!.histogram[i]!);
    const split = simulationReport(process, model, options, { stats, histogram });
    expect(JSON.stringify(split)).toBe(JSON.stringify(oneRun));
    expect(split.deals).toBe(deals);
  });

  it('splits deals into fixed chunks of 10,000', () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(10_000)).toBe(1);
    expect(chunkCount(10_001)).toBe(2);
    expect(chunkDeals(1, 10_001)).toBe(1);
    expect(chunkDeals(0, 10_001)).toBe(10_000);
  });

  it('reports progress after each chunk', () => {
    const seen: number[] = [];
    simulate(makeProcess({ a: { d: fixed(1), next: [['won', 1]] } }), { deals: 25_000, seed: 1 }, (done, total) => {
      expect(total).toBe(25_000);
      seen.push(done);
    });
    expect(seen).toEqual([10_000, 20_000, 25_000]);
  });

  it('refuses to start from something that is not a step', () => {
    expect(() => simulate(process, { deals: 1, seed: 1, from: 'won' })).toThrow(RangeError);
  });
});

// Calibration: synthesized deals from a known process come out ok; a changed probability and a doubled duration, and nothing else, differ.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedWithin, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { calibrate, roundShares, type PredictedGroup, type PredictedView } from '../../src/deals/calibrate.js';
import { competingShares, fitPert, kaplanMeier, meanInterval, survivalQuantile, wilsonAround, wilsonInterval } from '../../src/deals/statistics.js';
import { synthesizeDeals } from '../../src/deals/synthesize.js';
import type { Deal } from '../../src/deals/types.js';
import { dealVisits, type ResolvedStage } from '../../src/deals/visits.js';
import type { Process } from '../../src/model/types.js';
import { makeProcess, pert, uni } from '../analysis/make-process.js';

const withZone = (process: Process): Process => ({ ...process, calendar: { ...process.calendar, timeZone: 'Europe/Berlin' }, crm: undefined });

const specs = {
  qualify: { d: pert(1, 2, 4), next: [['demo-a', 0.5, 1], ['demo-b', 0.3, 1], ['lost', 0.2]] },
  'demo-a': { d: 1, next: [['trial', 0.8, pert(0, 1, 3)], ['lost', 0.2]] },
  'demo-b': { d: 2, next: [['trial', 0.8, 1], ['lost', 0.2]] },
  trial: { d: pert(5, 10, 14), next: [['proposal', 0.7, pert(1, 2, 5)], ['lost', 0.3]] },
  proposal: { d: pert(1, 2, 4), next: [['negotiation', 0.6, 1], ['won', 0.2, 1], ['lost', 0.2]] },
  negotiation: { d: uni(1, 5), next: [['won', 0.7, pert(0, 1, 3)], ['lost', 0.3]] },
} as const;
const declared = withZone(makeProcess(specs as never));
// The truth differs in one probability (qualify: 0.5/0.3 → 0.3/0.5 between two demos with the same prospects, so the
// win rate and the time in qualify stay) and one duration (trial doubled).
const truth = withZone(
  makeProcess({
    ...specs,
    qualify: { d: pert(1, 2, 4), next: [['demo-a', 0.3, 1], ['demo-b', 0.5, 1], ['lost', 0.2]] },
    trial: { d: pert(10, 20, 28), next: [['proposal', 0.7, pert(1, 2, 5)], ['lost', 0.3]] },
  } as never),
);

/** The observed view of a process with one step per stage, no silent steps and no self-loops: s = P, T = h + ΣP·g. */
function oneStepPerStage(process: Process): PredictedView {
  const groups = new Map<string, PredictedGroup>();
  for (const step of process.steps.values()) {
    groups.set(step.id, {
      id: step.id,
      steps: [step.id],
      shares: new Map(step.next.map((t) => [t.to, t.p])),
      timeInStage: stepExpectedDuration(step) + step.next.reduce((sum, t) => sum + t.p * expectedWithin(t.within), 0),
    });
  }
  const metrics = computeMetrics(process);
  return { groups, winRate: metrics.winRate, expectedCycleWon: metrics.expectedCycleWon };
}

const resolver = (process: Process) => (stage: string): ResolvedStage =>
  process.steps.has(stage) ? { kind: 'group', group: { id: stage, steps: [stage] } } : process.outcomes.has(stage) ? { kind: 'outcome', outcome: stage } : undefined;

const start = Date.parse('2025-01-06T08:00:00Z');
// Long after the last deal (20,000 × 0.02 = 400 business days from the start) has closed: shares over completed
// visits are biased while many visits are in flight (a move with a longer `within` completes later), so the
// statistical tests compare finished histories; censoring is tested on a cut below.
const asOf = Date.parse('2027-06-01T00:00:00Z');

function run(source: Process, deals = 20_000, seed = 1, minSample = 30, cut = asOf) {
  const asOf = cut;
  const data = synthesizeDeals(source, { deals, seed, start, asOf, spacingDays: 0.02 });
  const visits = dealVisits({ deals: data, resolveStage: resolver(declared), calendar: declared.calendar, asOf, outcomes: declared.outcomes });
  return { visits, report: calibrate({ process: declared, visits, predicted: oneStepPerStage(declared), minSample }) };
}

describe('calibrate', () => {
  it('finds nothing wrong with deals of the process itself', () => {
    const { report, visits } = run(declared);
    expect(report.deals.total).toBe(visits.deals.length + visits.ignoredDeals);
    expect(report.deals.open).toBe(0);
    expect(report.transitions).toHaveLength(14);
    expect(report.transitions.filter((t) => t.verdict !== 'ok')).toEqual([]);
    expect(report.stages.map((s) => s.verdict)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(report.winRate.verdict).toBe('ok');
    expect(report.findings).toEqual([]);
    // The predictions are reported exactly as given.
    expect(report.winRate.predicted).toBe(computeMetrics(declared).winRate);
    expect(report.stages[3]!.predictedDays).toBe((5 + 40 + 14) / 6 + 0.7 * ((1 + 8 + 5) / 6));
  });

  it('flags a changed probability and a doubled duration, and nothing else', () => {
    const { report } = run(truth);
    const differs = report.transitions.filter((t) => t.verdict === 'differs').map((t) => `${t.from}→${t.to}`);
    expect(differs).toEqual(['qualify→demo-a', 'qualify→demo-b']);
    const trueOnes = report.transitions.filter((t) => t.from !== 'qualify');
    expect(trueOnes.filter((t) => t.verdict === 'ok').length / trueOnes.length).toBeGreaterThanOrEqual(0.95);
    expect(report.stages.filter((s) => s.verdict === 'differs').map((s) => s.stage)).toEqual(['trial']);
    expect(report.winRate.verdict).toBe('ok');
    expect(report.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['calibration-share', ['steps', 'qualify', 'next', 0, 'p']],
      ['calibration-share', ['steps', 'qualify', 'next', 1, 'p']],
      ['calibration-time', ['steps', 'trial', 'duration']],
    ]);
    expect(report.findings[2]!.message).toMatch(/^time in trial: observed mean \d+(\.\d+)? business days \(n \d+, 95% CI .*\) but the process predicts 11\.467$/);
  });

  it('computes every observed number from the visits exactly', () => {
    const { report, visits } = run(truth, 3000, 5, 30, Date.parse('2025-02-20T00:00:00Z')); // mid-run: deals in flight
    const trial = visits.visits.filter((v) => v.group === 'trial');
    const completed = trial.filter((v) => v.next !== undefined);
    const open = trial.filter((v) => v.next === undefined);
    const n = completed.length;
    const k = completed.filter((v) => v.next!.id === 'proposal').length;
    const row = report.transitions.find((t) => t.from === 'trial' && t.to === 'proposal')!;
    // With visits still open the share is the Aalen–Johansen estimate: open visits censored at their time so far.
    const destinations = report.transitions.filter((t) => t.from === 'trial').map((t) => t.to);
    const shares = competingShares(
      [...completed.map((v) => v.businessDays), ...open.map((v) => v.businessDays)],
      [...completed.map((v) => destinations.indexOf(v.next!.id)), ...open.map(() => -1)],
      destinations.length,
    );
    const share = shares[destinations.indexOf('proposal')]!;
    expect(row).toEqual({ from: 'trial', to: 'proposal', predicted: 0.7, observed: share, n, k, ci: wilsonAround(share, n), verdict: row.verdict });
    expect(share).toBeGreaterThan(k / n); // proposal is the slower way out of trial: counting would undercount it
    const stage = report.stages.find((s) => s.stage === 'trial')!;
    const times = completed.map((v) => v.businessDays);
    const curve = kaplanMeier([...times, ...open.map((v) => v.businessDays)], [...times.map(() => false), ...open.map(() => true)]);
    expect(stage.n).toBe(n);
    expect(stage.censored).toBe(open.length);
    expect(open.length).toBeGreaterThan(0);
    expect(stage.mean).toBe(meanInterval(times).mean);
    expect(stage.ci).toEqual(meanInterval(times).ci);
    expect([stage.p50, stage.p80, stage.p90]).toEqual([survivalQuantile(curve, 0.5), survivalQuantile(curve, 0.8), survivalQuantile(curve, 0.9)]);
    // Fitted: the PERT of the times minus the declared mean gap 0.7 · E[within] = 0.7 · 14/6, to 2 decimals.
    const fit = fitPert(times, 0.7 * (14 / 6))!;
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    expect(stage.fitted!.duration).toEqual({ min: r2(fit.min), likely: r2(fit.likely), max: r2(fit.max), path: ['steps', 'trial', 'duration'] });
    // The fitted p come from the same censored shares, rounded to hundredths summing to 1.
    const rounded = roundShares([share, shares[destinations.indexOf('lost')]!]);
    expect(stage.fitted!.p).toEqual([
      { to: 'proposal', p: rounded[0], path: ['steps', 'trial', 'next', 0, 'p'] },
      { to: 'lost', p: rounded[1], path: ['steps', 'trial', 'next', 1, 'p'] },
    ]);
    // Win rate and cycle of closed deals.
    const closed = visits.deals.filter((d) => d.result !== undefined);
    const won = closed.filter((d) => d.result === 'won');
    expect(report.winRate).toMatchObject({ observed: won.length / closed.length, n: closed.length, ci: wilsonInterval(won.length, closed.length) });
    const cycles = won.map((d) => d.cycleDays!).sort((a, b) => a - b);
    expect(report.cycleDays.n).toBe(won.length);
    expect(report.cycleDays.observedMean).toBe(meanInterval(cycles).mean);
    expect(report.cycleDays.predicted).toBe(computeMetrics(declared).expectedCycleWon);
  });

  it('reports off-process moves, unknown stages, too-few samples and a differing win rate', () => {
    const deal = (id: string, stages: string[]): Deal => ({
      id,
      pipeline: undefined,
      events: stages.map((stage, i) => ({ stage, at: Date.parse('2026-03-02T08:00:00Z') + i * 86_400_000, source: { file: 'd.csv', line: i + 2 } })),
      source: { file: 'd.csv' },
    });
    const deals = [deal('1', ['qualify', 'demo-a', 'negotiation', 'won']), deal('2', ['qualify', 'mystery', 'demo-b', 'lost']), deal('3', ['qualify', 'demo-a', 'won'])];
    const visits = dealVisits({ deals, resolveStage: resolver(declared), calendar: declared.calendar, asOf, outcomes: declared.outcomes });
    const predicted = { ...oneStepPerStage(declared), winRate: 0.01 };
    const report = calibrate({ process: { ...declared, crm: { pipeline: undefined, stages: new Map(), roles: new Map(), path: ['crm'] } }, visits, predicted, minSample: 1 });
    expect(report.deals).toEqual({ total: 3, won: 2, lost: 1, disqualified: 0, open: 0, ignored: 0 });
    expect(report.unmapped).toEqual([{ stage: 'mystery', deals: 1 }]);
    const demoA = report.transitions.filter((t) => t.from === 'demo-a');
    expect(demoA.map((t) => [t.to, t.k, t.verdict])).toEqual([
      ['trial', 0, 'differs'],
      ['lost', 0, 'ok'],
      ['negotiation', 1, 'off-process'],
      ['won', 1, 'off-process'],
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.path])).toContainEqual(['off-process', ['steps', 'demo-a', 'next']]);
    expect(report.findings.map((f) => [f.ruleId, f.path])).toContainEqual(['unknown-stage', ['crm', 'stages']]);
    expect(report.findings.map((f) => [f.ruleId, f.path])).toContainEqual(['calibration-win-rate', ['targets', 'winRate']]);
    expect(report.findings.find((f) => f.ruleId === 'unknown-stage')!.message).toBe('stage "mystery" (1 deal) maps to no step or outcome: add it to crm.stages');
    // With the default minimum sample nothing this small gets a verdict or a fit.
    const strict = calibrate({ process: declared, visits, predicted, minSample: 30 });
    expect(new Set(strict.transitions.map((t) => t.verdict))).toEqual(new Set(['too-few', 'off-process']));
    expect(strict.stages.every((s) => s.verdict === 'too-few' && s.fitted === undefined)).toBe(true);
    expect(strict.winRate.verdict).toBe('too-few');
    expect(strict.stages.find((s) => s.stage === 'trial')).toMatchObject({ n: 0, censored: 0, mean: null, ci: null, p50: null });
  });
});

describe('roundShares', () => {
  it('rounds to 2 decimals by largest remainder, summing to 1', () => {
    expect(roundShares([1, 1, 1])).toEqual([0.34, 0.33, 0.33]);
    expect(roundShares([1, 3, 4])).toEqual([0.13, 0.37, 0.5]); // 12.5, 37.5, 50: the tie goes to the first
    expect(roundShares([29, 71])).toEqual([0.29, 0.71]);
    expect(roundShares([2, 1, 1, 1, 1, 1, 1])).toEqual([0.25, 0.13, 0.13, 0.13, 0.12, 0.12, 0.12]);
    expect(roundShares([0, 0])).toEqual([0, 0]);
    expect(roundShares([1, 2], 1)).toEqual([0.3, 0.7]);
  });

  it('always sums to 100 hundredths and moves no share by a hundredth or more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const total = counts.reduce((a, b) => a + b, 0);
        const rounded = roundShares(counts);
        if (total === 0) return;
        expect(rounded.reduce((a, p) => a + Math.round(p * 100), 0)).toBe(100);
        rounded.forEach((p, i) => expect(Math.abs(p - counts[i]! / total)).toBeLessThan(0.01 + 1e-12));
      }),
      { seed: 1 },
    );
  });
});

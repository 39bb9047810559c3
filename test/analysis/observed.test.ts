// The observed view against its closed forms, a brute-force enumeration of paths, a seeded simulation, and invariants.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedWithin, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { observedView, type ObservedView } from '../../src/analysis/observed.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { fixed, makeProcess, pert, tri, uni, type StepSpec } from './make-process.js';
import { enumeratePaths, quantityKeys, samplePaths, type Tally } from './observed-oracle.js';

const ROOT = join(import.meta.dirname, '..', '..');
const bundled = ['smb', 'mid-market', 'enterprise'].map((name) => {
  const { process } = loadProcess(`processes/${name}.yaml`, readFileSync(join(ROOT, 'processes', `${name}.yaml`)));
  return process!;
});

const near = (actual: number | undefined, expected: number, relative = 1e-12): void => {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};

/** One group per step, named after it. */
const singletons = (process: Process): Map<string, string> => new Map([...process.steps.keys()].map((id) => [id, id]));

/** The view's number for a quantity key of the oracle. */
function viewValue(view: ObservedView, key: string): number | undefined {
  const [kind, groupId, other] = key.split(' ') as [string, string, string | undefined];
  const group = view.groups.get(groupId)!;
  switch (kind) {
    case 'entries':
      return group.entries.get(other!);
    case 'share':
      return group.totalEntries > 0 ? (group.shares.get(other!) ?? 0) : undefined;
    case 'time':
      return group.totalEntries > 0 ? group.timeInStage : undefined;
    case 'win':
      return group.totalEntries > 0 ? group.winProbability : undefined;
    case 'toOutcome':
      return group.totalEntries > 0 ? group.expectedTimeToOutcome : undefined;
    case 'toWon':
      return group.expectedTimeToWon;
    default:
      return group.expectedEntryTime;
  }
}

/** Every quantity equals the oracle's exact ratio. */
function expectExact(process: Process, groupOf: Map<string, string>, tally: Tally): void {
  const view = observedView(process, groupOf);
  for (const key of quantityKeys(process, groupOf)) {
    const expected = tally.ratio(key);
    const actual = viewValue(view, key);
    if (expected === undefined) expect(actual === undefined || actual === 0, key).toBe(true);
    else {
      expect(actual, key).toBeDefined();
      expect(Math.abs(actual! - expected), `${key}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    }
  }
}

/** Every quantity lies within 4 standard errors of the simulated estimate. */
function expectSimulated(process: Process, groupOf: Map<string, string>, deals: number, seed: number): void {
  const view = observedView(process, groupOf);
  const tally = samplePaths(process, groupOf, deals, seed);
  let checked = 0;
  for (const key of quantityKeys(process, groupOf)) {
    const estimate = tally.ratio(key);
    const actual = viewValue(view, key);
    if (estimate === undefined) continue;
    const se = tally.standardError(key);
    expect(Math.abs(actual! - estimate), `${key}: exact ${actual}, simulated ${estimate} ± ${se}`).toBeLessThanOrEqual(4 * se + 1e-9);
    checked++;
  }
  expect(checked).toBeGreaterThan(10);
}

/**
 * Exact identities of any view whose start step is observed: entries into H are the start plus the flows into it
 * from other groups; shares sum to 1; entry-weighted time in all stages is the expected cycle.
 */
function expectBalanced(process: Process, groupOf: Map<string, string>): void {
  const view = observedView(process, groupOf);
  const metrics = computeMetrics(process);
  const startGroup = groupOf.get(process.start);
  expect(startGroup).toBeDefined();
  let timeInStages = 0;
  for (const [id, group] of view.groups) {
    let inflow = id === startGroup ? 1 : 0;
    for (const other of view.groups.values()) inflow += other.totalEntries * (other.shares.get(id) ?? 0);
    near(group.totalEntries, inflow);
    if (group.totalEntries > 0) near([...group.shares.values()].reduce((a, b) => a + b, 0), 1);
    timeInStages += group.totalEntries * group.timeInStage;
  }
  near(timeInStages, metrics.expectedTimeToOutcome);
  expect(view.winRate).toBe(metrics.winRate);
  expect(view.expectedCycleWon).toBe(metrics.expectedCycleWon);
}

describe('one step per stage: the contract’s closed forms', () => {
  const cases: [string, Process][] = [
    ...bundled.map((p): [string, Process] => [p.name, p]),
    [
      'hand-made with loops, a parallel step and gaps to outcomes',
      makeProcess({
        a: { d: pert(1, 3, 8), next: [['b', 0.5, 2], ['a', 0.2, 1], ['lost', 0.3, 4]] },
        b: { tracks: { x: { d: uni(2, 6) }, y: { d: 3 } }, next: [['c', 0.6, uni(1, 3)], ['a', 0.3, 1], ['won', 0.1, 2]] },
        c: { d: 2, next: [['c', 0.5, 1], ['b', 0.1], ['won', 0.3, 5], ['lost', 0.1]] },
      }),
    ],
  ];
  for (const [name, process] of cases) {
    it(`${name}: s(i→x) = p/(1 − P(i→i)), T(i) = (h + ΣPg + Σbg)/(1 − P(i→i)), w_G = w`, () => {
      const view = observedView(process, singletons(process));
      const metrics = computeMetrics(process);
      for (const [id, step] of process.steps) {
        const group = view.groups.get(id)!;
        expect(group.steps).toEqual([id]);
        const self = step.next.filter((t) => t.to === id).reduce((sum, t) => sum + t.p, 0);
        const cost = stepExpectedDuration(step) + step.next.reduce((sum, t) => sum + t.p * expectedWithin(t.within), 0);
        near(group.timeInStage, cost / (1 - self));
        expect([...group.shares.keys()].sort()).toEqual(step.next.filter((t) => t.to !== id && t.p > 0).map((t) => t.to).sort());
        for (const t of step.next) if (t.to !== id) near(group.shares.get(t.to), t.p / (1 - self));
        // (d) the win probability of a singleton group is the step's own.
        near(group.winProbability, metrics.steps.get(id)!.winProbability);
        expect(group.winProbabilityByEntry.get(id)).toBe(metrics.steps.get(id)!.winProbability);
        near(group.expectedTimeToOutcome, metrics.steps.get(id)!.expectedTimeToOutcome);
        near(group.expectedTimeToWon ?? NaN, metrics.steps.get(id)!.expectedCycleWon!);
      }
      expectBalanced(process, singletons(process));
    });
  }

  it('an acyclic chain: every entry happens once, so entries are the visit probabilities and entry times add up', () => {
    const process = bundled[0]!; // smb: discovery → demo → trial → closing-call
    const view = observedView(process, singletons(process));
    near(view.groups.get('discovery')!.totalEntries, 1);
    near(view.groups.get('demo')!.totalEntries, 0.7);
    near(view.groups.get('trial')!.totalEntries, 0.7 * 0.75);
    expect(view.groups.get('discovery')!.expectedEntryTime).toBe(0);
    const discovery = process.steps.get('discovery')!;
    near(view.groups.get('demo')!.expectedEntryTime!, stepExpectedDuration(discovery) + expectedWithin(discovery.next[0]!.within));
    for (const group of view.groups.values()) near(group.entries.get(group.id)!, group.totalEntries);
  });
});

describe('self-loops are invisible to the data', () => {
  it('a weekly stage that stays 0.6, advances 0.3 and is lost 0.1', () => {
    const process = makeProcess({
      a: { d: 5, next: [['a', 0.6, 1], ['b', 0.3, 2], ['lost', 0.1]] },
      b: { d: 1, next: [['won', 1, 3]] },
    });
    const a = observedView(process, singletons(process)).groups.get('a')!;
    near(a.totalEntries, 1);
    near(a.shares.get('b')!, 0.75);
    near(a.shares.get('lost')!, 0.25);
    expect(a.shares.has('a')).toBe(false);
    // (5 + 0.6·1 + 0.3·2 + 0.1·0) / 0.4
    near(a.timeInStage, 15.5);
    near(a.winProbability, 0.75);
    // Won deals: 2.5 visits… conditioned on leaving to b the count is still geometric (mean 2.5): 2.5·5 + 1.5·1 + 2 + 1 + 3.
    near(a.expectedTimeToWon!, 12.5 + 1.5 + 2 + 1 + 3);
  });
});

describe('groups of several steps and silent steps: brute-force enumeration of paths (acyclic)', () => {
  // q is silent and starts every deal; s is silent and reachable both from G1 (stays G1) and before any stage;
  // G1 = {a, b, d} is entered at a, at b (from s after q) and again at d after G2: its first entry is the earliest.
  const specs: Record<string, StepSpec> = {
    q: { d: 1, next: [['a', 0.6, 1], ['s', 0.3, 2], ['lost', 0.1]] },
    a: { d: pert(1, 2, 6), next: [['b', 0.7, 1], ['s', 0.2], ['lost', 0.1, 4]] },
    b: { d: 3, next: [['c', 0.5, 2], ['won', 0.3, 1], ['lost', 0.2]] },
    s: { d: 2, next: [['c', 0.5], ['b', 0.3, 1], ['won', 0.2, uni(0, 2)]] },
    c: { tracks: { x: { d: uni(1, 5) }, y: { d: 3 } }, next: [['d', 0.6, 1], ['won', 0.2, 2], ['lost', 0.2]] },
    d: { d: 1, next: [['won', 0.5], ['lost', 0.5]] },
  };
  const process = makeProcess(specs, { start: 'q' });
  const groupOf = new Map([
    ['a', 'G1'],
    ['b', 'G1'],
    ['d', 'G1'],
    ['c', 'G2'],
  ]);

  it('matches every quantity exactly', () => {
    expectExact(process, groupOf, enumeratePaths(process, groupOf));
  });

  it('with an observed start, one group of two steps and a silent step between stages', () => {
    const chain = makeProcess({
      a: { d: 2, next: [['b', 0.5, 1], ['s', 0.4, 3], ['lost', 0.1]] },
      b: { d: tri(1, 2, 4), next: [['s', 0.5], ['c', 0.3, 2], ['won', 0.2, 1]] },
      s: { d: 4, next: [['c', 0.7, 1], ['won', 0.3]] },
      c: { d: 1, next: [['won', 0.6, 2], ['lost', 0.4]] },
    });
    const grouping = new Map([
      ['a', 'A'],
      ['b', 'A'],
      ['c', 'C'],
    ]);
    expectExact(chain, grouping, enumeratePaths(chain, grouping));
    expectBalanced(chain, grouping);
    // s is only ever visited while in A: it is part of A's time, and C is entered only at c.
    const a = observedView(chain, grouping).groups.get('A')!;
    near(a.totalEntries, 1);
    near(a.shares.get('C')! + a.shares.get('won')! + a.shares.get('lost')!, 1);
  });

  for (const p of bundled.filter((p) => p.name !== 'enterprise')) {
    it(`${p.name} with its first two steps as one stage and its third silent`, () => {
      const ids = [...p.steps.keys()];
      const grouping = new Map(ids.filter((_, i) => i !== 2).map((id, i) => [id, i < 2 ? 'first' : id]));
      expectExact(p, grouping, enumeratePaths(p, grouping));
      expectBalanced(p, grouping);
    });
  }
});

describe('cyclic processes: a seeded simulation of deal paths, and exact identities', () => {
  // A silent start, a silent step inside the loop a → s → a (no stage change) and reached from G2 (stays G2, so
  // s → a is then an entry into G1), a self-loop in a two-step group, and re-entry into G1 from G2.
  const loops = makeProcess(
    {
      q: { d: 1, next: [['a', 1, 1]] },
      a: { d: 2, next: [['s', 0.5, 1], ['b', 0.3], ['lost', 0.2]] },
      s: { d: pert(1, 2, 4), next: [['a', 0.4], ['c', 0.4, 2], ['lost', 0.2]] },
      b: { d: 1, next: [['c', 0.6, 2], ['b', 0.2, 1], ['won', 0.2, 3]] },
      c: { d: 3, next: [['a', 0.3, 1], ['s', 0.2], ['won', 0.3], ['lost', 0.2]] },
    },
    { start: 'q' },
  );
  const loopGroups = new Map([
    ['a', 'G1'],
    ['b', 'G1'],
    ['c', 'G2'],
  ]);

  it('a silent step inside loops, shared by two stages', () => {
    expectSimulated(loops, loopGroups, 60_000, 7);
  });

  it('a loop of two silent steps inside a stage', () => {
    const process = makeProcess({
      a: { d: 2, next: [['s1', 0.8, 1], ['lost', 0.2]] },
      s1: { d: 1, next: [['s2', 1, 1]] },
      s2: { d: uni(1, 3), next: [['s1', 0.5], ['a', 0.3, 2], ['b', 0.2, 1]] },
      b: { d: 4, next: [['a', 0.3, 1], ['won', 0.5, 2], ['lost', 0.2]] },
    });
    const grouping = new Map([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expectSimulated(process, grouping, 60_000, 11);
    expectBalanced(process, grouping);
  });

  it('the bundled processes with stages of two steps and silent steps balance exactly', () => {
    for (const p of bundled) {
      const ids = [...p.steps.keys()];
      // Pairs of consecutive steps share a stage; every third step after the start is silent.
      const grouping = new Map(ids.flatMap((id, i) => (i > 0 && i % 3 === 2 ? [] : [[id, `g${Math.floor(i / 2)}`] as [string, string]])));
      expectBalanced(p, grouping);
    }
    expectSimulated(bundled[2]!, new Map([...singletons(bundled[2]!)].filter(([id]) => id !== 'technical-validation')), 40_000, 3);
  });
});

describe('degenerate cases', () => {
  it('a group never entered has no entries, no shares and no entry time', () => {
    const process = makeProcess({
      a: { next: [['won', 1]] },
      b: { next: [['won', 1]] },
    });
    const b = observedView(process, singletons(process)).groups.get('b')!;
    expect(b.totalEntries).toBe(0);
    expect(b.shares.size).toBe(0);
    expect(b.timeInStage).toBeNaN();
    expect(b.expectedEntryTime).toBeUndefined();
    expect(b.expectedTimeToWon).toBeUndefined();
  });

  it('a trap reached while in a stage: shares fall short of 1 by the trap’s probability and time is infinite', () => {
    const process = makeProcess({
      a: { next: [['t', 0.25], ['won', 0.75]] },
      t: { next: [['u', 1]] },
      u: { next: [['t', 1]] },
    });
    const a = observedView(process, new Map([['a', 'A']])).groups.get('A')!;
    near(a.shares.get('won')!, 0.75);
    expect(a.timeInStage).toBe(Infinity);
    near(a.winProbability, 0.75);
  });

  it('leaked probability: shares sum below 1, time in stage is infinite', () => {
    const process = makeProcess({ a: { d: 1, next: [['won', 0.5], ['b', 0.3]] }, b: { d: 1, next: [['lost', 1]] } });
    const a = observedView(process, singletons(process)).groups.get('a')!;
    near(a.shares.get('won')!, 0.5);
    near(a.shares.get('b')!, 0.3);
    expect(a.timeInStage).toBe(Infinity);
    near(observedView(process, singletons(process)).groups.get('b')!.timeInStage, 1);
  });

  it('refuses a group id that is also an outcome id', () => {
    const process = makeProcess({ a: { next: [['won', 1]] } });
    expect(() => observedView(process, new Map([['a', 'won']]))).toThrow(RangeError);
  });

  it('steps the map names but the process lacks are ignored', () => {
    const process = makeProcess({ a: { d: 2, next: [['won', 1]] } });
    const view = observedView(process, new Map([['a', 'A'], ['zz', 'Z']]));
    expect([...view.groups.keys()]).toEqual(['A']);
  });
});

describe('large processes', () => {
  it('a 5,000-step chain with local loops, one step per stage, costs a few whole-process solves', () => {
    const n = 5_000;
    const specs: Record<string, StepSpec> = {};
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `s${i + 1}` : 'won';
      specs[`s${i}`] = i % 10 === 5 ? { d: fixed(1), next: [[next, 0.5], [`s${i - 2}`, 0.5]] } : { d: fixed(1), next: [[next, 1]] };
    }
    const process = makeProcess(specs);
    const groupOf = singletons(process);
    const time = (f: () => void): number => {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        f();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const metricsTime = time(() => computeMetrics(process));
    const viewTime = time(() => observedView(process, groupOf));
    // Quadratic work (one whole-process solve per stage) would be thousands of times computeMetrics.
    expect(viewTime).toBeLessThan(30 * metricsTime + 200);
    const view = observedView(process, groupOf);
    // Each loop s(i−2)…s(i) is entered at s(i−2) twice on average, first at time i−2.
    near(view.groups.get('s13')!.totalEntries, 2);
    near(view.groups.get('s13')!.expectedEntryTime!, 13 + 3);
    near(view.groups.get('s15')!.shares.get('s13')!, 0.5);
  });
});

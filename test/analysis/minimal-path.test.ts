// Minimal path: by steps vs by time, tie-breaks, gates forcing detours and revisits, blocked gates.
import { describe, expect, it } from 'vitest';
import { minimalPath, type MinimalPathFound, type MinimalPathResult } from '../../src/analysis/minimal-path.js';
import { SpxError } from '../../src/model/errors.js';
import { makeProcess, pert } from './make-process.js';

const ids = (result: MinimalPathResult): string[] => {
  expect(result.kind).toBe('path');
  return (result as MinimalPathFound).steps.map((s) => s.id);
};
const found = (result: MinimalPathResult): MinimalPathFound => {
  expect(result.kind).toBe('path');
  return result as MinimalPathFound;
};
const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};

describe('by steps and by time', () => {
  // Short in steps but slow (a: 30 days) vs one step longer but fast.
  const process = makeProcess({
    start: { d: 2, next: [['a', 0.4, 1], ['b', 0.4, 1], ['lost', 0.2]] },
    a: { d: 30, next: [['ask', 1, 1]] },
    b: { d: 3, next: [['c', 1, 1]] },
    c: { d: 3, next: [['ask', 1, 1]] },
    ask: { d: 1, ask: true, next: [['won', 0.9, 2], ['lost', 0.1]] },
  });

  it('fewest steps first', () => {
    const result = found(minimalPath(process, { by: 'steps' }));
    expect(result.steps.map((s) => s.id)).toEqual(['start', 'a', 'ask']);
    expect(result.count).toBe(3);
    close(result.expectedDays, 2 + 1 + 30 + 1 + 1 + 2);
    close(result.probability, 0.4 * 0.9);
    expect(result.outcome).toBe('won');
    expect(result.gapToOutcome).toBe(2);
    expect(result.steps.map((s) => s.gapBefore)).toEqual([0, 1, 1]);
  });

  it('least expected time with by: time', () => {
    const result = found(minimalPath(process, { by: 'time' }));
    expect(result.steps.map((s) => s.id)).toEqual(['start', 'b', 'c', 'ask']);
    expect(result.count).toBe(4);
    close(result.expectedDays, 2 + 1 + 3 + 1 + 3 + 1 + 1 + 2);
  });

  it('breaks ties on time, then on probability', () => {
    const tie = makeProcess({
      s: { d: 1, next: [['slow', 0.3], ['fast-unlikely', 0.2], ['fast-likely', 0.5]] },
      slow: { d: 5, next: [['won', 1]] },
      'fast-unlikely': { d: pert(1, 2, 9), next: [['won', 1]] }, // mean 3
      'fast-likely': { d: 3, next: [['won', 1]] },
    });
    expect(ids(minimalPath(tie, { by: 'steps' }))).toEqual(['s', 'fast-likely']);
    expect(ids(minimalPath(tie, { by: 'time' }))).toEqual(['s', 'fast-likely']);
  });

  it('ignores transitions with p = 0 and reports who takes part', () => {
    const process2 = makeProcess({
      s: { d: 1, with: ['champion'], next: [['won', 0], ['r', 1, 2]] },
      r: { owner: 'ae', with: ['champion'], tracks: { sec: { d: 4, with: ['security'], owner: 'se' }, leg: { d: 2, with: ['legal'] } }, next: [['won', 1]] },
    });
    const result = found(minimalPath(process2, { by: 'steps' }));
    expect(result.steps.map((s) => s.id)).toEqual(['s', 'r']);
    expect(result.steps[1]).toEqual({ id: 'r', title: 'r', owner: 'ae', sellers: ['ae', 'se'], buyers: ['champion', 'security', 'legal'], internal: false, expectedDays: 4, gapBefore: 2 });
    close(result.expectedDays, 1 + 2 + 4);
  });
});

describe('gates', () => {
  it('forces a detour through the step that involves a required role', () => {
    const process = makeProcess({
      s: { with: ['champion'], next: [['ask', 0.5, 1], ['review', 0.5, 1]] },
      review: { with: ['legal'], d: 10, next: [['ask', 1, 1]] },
      ask: { ask: true, with: ['economic-buyer'], requires: { involved: ['legal'] }, next: [['won', 1]] },
    });
    expect(ids(minimalPath(process, { by: 'steps' }))).toEqual(['s', 'review', 'ask']);
    expect(ids(minimalPath(process, { by: 'time' }))).toEqual(['s', 'review', 'ask']);
  });

  it('counts roles of tracks, and completed steps', () => {
    const process = makeProcess({
      s: { next: [['ask', 0.5], ['reviews', 0.25], ['other', 0.25]] },
      other: { with: ['security'], next: [['ask', 1]] },
      reviews: { tracks: { sec: { d: 1, with: ['security'] } }, next: [['ask', 1]] },
      ask: { ask: true, requires: { involved: ['security'], completed: ['reviews'] }, next: [['won', 1]] },
    });
    expect(ids(minimalPath(process, { by: 'steps' }))).toEqual(['s', 'reviews', 'ask']);
  });

  it('does not count the ask step’s own roles towards its gate', () => {
    const process = makeProcess({
      s: { next: [['ask', 0.5], ['eb', 0.5]] },
      eb: { with: ['economic-buyer'], next: [['ask', 1]] },
      ask: { ask: true, with: ['economic-buyer'], requires: { involved: ['economic-buyer'] }, next: [['won', 1]] },
    });
    expect(ids(minimalPath(process, { by: 'steps' }))).toEqual(['s', 'eb', 'ask']);
  });

  it('revisits a step when only that meets the gate', () => {
    // The ask can only follow `hub`; `legal` only happens in a side step that leads back to `hub`.
    const process = makeProcess({
      hub: { next: [['ask', 0.6, 1], ['legal-review', 0.3, 1], ['lost', 0.1]] },
      'legal-review': { with: ['legal'], d: 3, next: [['hub', 1, 1]] },
      ask: { ask: true, requires: { involved: ['legal'] }, next: [['won', 1]] },
    });
    const result = found(minimalPath(process, { by: 'steps' }));
    expect(result.steps.map((s) => s.id)).toEqual(['hub', 'legal-review', 'hub', 'ask']);
    expect(result.count).toBe(4);
    close(result.probability, 0.3 * 0.6);
    close(result.expectedDays, 1 + 1 + 3 + 1 + 1 + 1 + 1);
  });

  it('gates an ask step at the start too (nothing happened before it)', () => {
    const process = makeProcess({
      ask: { ask: true, requires: { completed: ['prep'] }, next: [['won', 1]] },
      prep: { next: [['ask', 1]] },
    });
    expect(minimalPath(process, { by: 'steps' })).toEqual({
      kind: 'blocked',
      by: 'steps',
      blocked: { askStep: 'ask', missingInvolved: [], missingCompleted: ['prep'] },
    });
  });

  it('names the blocking gate and what no path provides', () => {
    const process = makeProcess({
      s: { with: ['champion'], next: [['a', 0.5], ['b', 0.5]] },
      a: { with: ['legal'], next: [['ask', 1]] },
      b: { next: [['ask', 1]] },
      ask: { ask: true, requires: { involved: ['finance', 'legal', 'champion'], completed: ['after'] }, next: [['after', 1]] },
      after: { next: [['won', 1]] },
    });
    // The best attempt (through a) misses finance and the step after the ask.
    expect(minimalPath(process, { by: 'time' })).toEqual({
      kind: 'blocked',
      by: 'time',
      blocked: { askStep: 'ask', missingInvolved: ['finance'], missingCompleted: ['after'] },
    });
  });

  it('reports no-path when won is unreachable even ignoring gates', () => {
    const process = makeProcess({ s: { next: [['t', 1]] }, t: { next: [['lost', 1]] } });
    expect(minimalPath(process, { by: 'steps' })).toEqual({ kind: 'no-path', by: 'steps' });
    expect(minimalPath(makeProcess({ s: { next: [['won', 1]] } }, { start: 'x' }), { by: 'steps' }).kind).toBe('no-path');
  });
});

describe('from a deal in flight', () => {
  const process = makeProcess({
    s: { next: [['ask', 0.5, 1], ['review', 0.5, 1]] },
    review: { with: ['legal'], d: 10, next: [['ask', 1, 1]] },
    ask: { ask: true, requires: { involved: ['legal'] }, next: [['won', 1]] },
  });

  it('uses the deal’s history to meet gates', () => {
    expect(ids(minimalPath(process, { by: 'steps' }, { at: 's', involved: ['legal'], completed: [] }))).toEqual(['s', 'ask']);
    expect(ids(minimalPath(process, { by: 'steps' }, { at: 's', involved: [], completed: [] }))).toEqual(['s', 'review', 'ask']);
  });

  it('counts the current step’s roles once it ends, and does not gate it', () => {
    expect(ids(minimalPath(process, { by: 'steps' }, { at: 'review', involved: [], completed: [] }))).toEqual(['review', 'ask']);
    expect(ids(minimalPath(process, { by: 'steps' }, { at: 'ask', involved: [], completed: [] }))).toEqual(['ask']);
  });

  it('throws E_UNKNOWN_STEP for an unknown step', () => {
    expect(() => minimalPath(process, { by: 'steps' }, { at: 'nope', involved: [], completed: [] })).toThrow(SpxError);
  });
});

describe('minimalPath by probability', () => {
  // A product-led motion: self-serve is one step shorter, the sales-assisted close more likely; only the
  // assisted close meets the gate when the budget holder has to be on the call.
  const plg = makeProcess({
    signup: { with: ['user'], d: 1, next: [['self-serve', 0.6, 0], ['assisted', 0.4, 1]] },
    'self-serve': { with: ['user'], d: 1, next: [['checkout', 0.3, 0], ['lost', 0.7]] },
    checkout: { with: ['user'], ask: true, d: 1, next: [['won', 0.5], ['lost', 0.5]] },
    assisted: { with: ['budget-holder'], d: 5, next: [['call', 0.9, 2], ['lost', 0.1]] },
    call: { with: ['budget-holder'], ask: true, requires: { involved: ['budget-holder'] }, d: 1, next: [['won', 0.8], ['lost', 0.2]] },
  });

  it('takes the path with the highest product of p (gates respected), not the shortest', () => {
    expect(ids(minimalPath(plg, { by: 'steps' }))).toEqual(['signup', 'self-serve', 'checkout']);
    const best = found(minimalPath(plg, { by: 'probability' }));
    expect(best.steps.map((s) => s.id)).toEqual(['signup', 'assisted', 'call']);
    expect(best.probability).toBeCloseTo(0.4 * 0.9 * 0.8, 12);
    expect(best.by).toBe('probability');
  });

  it('respects gates: the likelier way that skips the gate is not taken', () => {
    const gated = makeProcess({
      a: { d: 1, next: [['ask', 0.9, 0], ['b', 0.1, 0]] },
      b: { with: ['finance'], d: 1, next: [['ask', 1, 0]] },
      ask: { ask: true, requires: { involved: ['finance'] }, d: 1, next: [['won', 1]] },
    });
    const best = found(minimalPath(gated, { by: 'probability' }));
    expect(best.steps.map((s) => s.id)).toEqual(['a', 'b', 'ask']);
    expect(best.probability).toBeCloseTo(0.1, 12);
  });
});

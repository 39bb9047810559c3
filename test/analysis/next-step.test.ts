// Next step for a deal in flight: the first move of the minimal remaining path, with gaps and remaining days.
import { describe, expect, it } from 'vitest';
import { nextStep, type NextStepFound } from '../../src/analysis/next-step.js';
import { SpxError } from '../../src/model/errors.js';
import { makeProcess } from './make-process.js';

const process = makeProcess({
  discovery: { owner: 'ae', with: ['champion'], d: 5, next: [['contract', 0.3, 2], ['reviews', 0.5, 4], ['lost', 0.2]] },
  reviews: {
    owner: 'ae',
    tracks: { security: { d: 10, with: ['security'], owner: 'se' }, legal: { d: 6, with: ['legal'], owner: 'counsel' } },
    next: [['contract', 0.9, 3], ['lost', 0.1]],
  },
  contract: {
    owner: 'ae',
    with: ['economic-buyer'],
    ask: true,
    requires: { involved: ['security', 'legal'], completed: ['reviews'] },
    d: 3,
    next: [['won', 0.8, 2], ['lost', 0.2]],
  },
});

const found = (result: ReturnType<typeof nextStep>): NextStepFound => {
  expect(result.kind).toBe('path');
  return result as NextStepFound;
};

describe('nextStep', () => {
  it('follows the gate-respecting minimal path', () => {
    const result = found(nextStep(process, { at: 'discovery', involved: ['champion'], completed: [] }, { by: 'steps' }));
    expect(result.next).toMatchObject({ id: 'reviews', owner: 'ae', sellers: ['ae', 'se', 'counsel'], buyers: ['security', 'legal'], expectedDays: 10 });
    expect(result.within).toBe(4);
    expect(result.remaining.map((s) => s.id)).toEqual(['reviews', 'contract']);
    expect(result.remainingCount).toBe(2);
    // From the end of discovery: 4 + 10 + 3 + 3 + 2.
    expect(result.remainingDays).toBe(22);
    expect(result.probability).toBeCloseTo(0.5 * 0.9 * 0.8, 12);
    expect(result.outcome).toBe('won');
  });

  it('uses the deal’s history: with the gate already met, the ask comes next', () => {
    const result = found(nextStep(process, { at: 'discovery', involved: ['security', 'legal'], completed: ['reviews'] }, { by: 'steps' }));
    expect(result.next?.id).toBe('contract');
    expect(result.next?.buyers).toEqual(['economic-buyer']);
    expect(result.within).toBe(2);
    expect(result.remainingDays).toBe(2 + 3 + 2);
  });

  it('counts the current step as completed and its roles as involved once it ends', () => {
    const result = found(nextStep(process, { at: 'reviews', involved: [], completed: [] }, { by: 'time' }));
    expect(result.next?.id).toBe('contract');
    expect(result.remainingDays).toBe(3 + 3 + 2);
  });

  it('at the ask step the next event is the outcome', () => {
    const result = found(nextStep(process, { at: 'contract', involved: [], completed: [] }, { by: 'steps' }));
    expect(result.next).toBeUndefined();
    expect(result.remaining).toEqual([]);
    expect(result.within).toBe(2);
    expect(result.remainingDays).toBe(2);
    expect(result.probability).toBeCloseTo(0.8, 12);
  });

  it('reports a gate no remaining path can meet, with no way back when no step involves the role', () => {
    const gated = makeProcess({
      demo: { with: ['users'], next: [['ask', 1, 1]] },
      ask: { ask: true, requires: { involved: ['finance'] }, next: [['won', 1]] },
    });
    expect(nextStep(gated, { at: 'demo', involved: [], completed: [] }, { by: 'steps' })).toEqual({
      kind: 'blocked',
      by: 'steps',
      at: 'demo',
      history: { guaranteed: { completed: [], involved: [] }, completed: [], involved: [] },
      blocked: { askStep: 'ask', missingInvolved: ['finance'], missingCompleted: [] },
      recovery: undefined,
    });
  });

  // a → (business-case with the economic buyer | pricing) → alignment → ask (needs economic-buyer)
  const branching = makeProcess({
    a: { with: ['champion'], d: 2, next: [['business-case', 0.4, 1], ['pricing', 0.6, 1]] },
    'business-case': { with: ['economic-buyer'], d: 3, next: [['alignment', 1, 2]] },
    pricing: { with: ['finance'], d: 4, next: [['alignment', 1, 2]] },
    alignment: { with: ['champion'], d: 1, next: [['ask', 0.9, 1], ['lost', 0.1]] },
    ask: { ask: true, requires: { involved: ['economic-buyer', 'champion'], completed: ['a'] }, d: 2, next: [['won', 0.5, 3], ['lost', 0.5]] },
  });

  it('counts the steps on every path here as done: the gate is met by what the process guarantees', () => {
    const result = found(nextStep(branching, { at: 'alignment', involved: ['economic-buyer'], completed: [] }, { by: 'steps' }));
    expect(result.history).toEqual({ guaranteed: { completed: ['a'], involved: ['champion'] }, completed: ['a'], involved: ['champion', 'economic-buyer'] });
    expect(result.next?.id).toBe('ask');
    expect(result.gapToOutcome).toBe(3);
    // The path's own probability and the exact win probability from here differ only by nothing here: one way to won.
    expect(result.probability).toBeCloseTo(0.9 * 0.5, 12);
    expect(result.winProbability).toBeCloseTo(0.9 * 0.5, 12);
  });

  it('when a gate is really unmet, proposes the shortest way back that meets it', () => {
    const result = nextStep(branching, { at: 'alignment', involved: [], completed: [] }, { by: 'steps' });
    expect(result.kind).toBe('blocked');
    if (result.kind !== 'blocked') return;
    expect(result.blocked).toEqual({ askStep: 'ask', missingInvolved: ['economic-buyer'], missingCompleted: [] });
    expect(result.recovery?.steps.map((s) => s.id)).toEqual(['business-case', 'alignment', 'ask']);
    expect(result.recovery?.steps[0]).toMatchObject({ buyers: ['economic-buyer'], gapBefore: 0 });
    expect(result.recovery?.count).toBe(3);
    // 3 + (2 + 1) + (1 + 2) + 3
    expect(result.recovery?.expectedDays).toBe(12);
    expect(result.recovery?.probability).toBeCloseTo(0.45, 12);
  });

  it('gives the exact win probability from here next to the chosen path’s own', () => {
    const result = found(nextStep(process, { at: 'discovery', involved: [], completed: [] }, { by: 'steps' }));
    expect(result.probability).toBeCloseTo(0.5 * 0.9 * 0.8, 12);
    // w(discovery) = 0.5 · 0.9 · 0.8 (the direct ask has its gate unmet for the path, not for the chain's odds) + 0.3 · 0.8
    expect(result.winProbability).toBeCloseTo(0.5 * 0.9 * 0.8 + 0.3 * 0.8, 12);
  });

  it('throws E_UNKNOWN_STEP for an unknown step', () => {
    expect(() => nextStep(process, { at: 'nope', involved: [], completed: [] }, { by: 'steps' })).toThrow(SpxError);
  });
});

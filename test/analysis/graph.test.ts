// Graph helpers: successors, reachability, iterative Tarjan SCCs in reverse topological order.
import { describe, expect, it } from 'vitest';
import {
  buildStepGraph,
  isCyclicComponent,
  reachableStepIds,
  stepBuyers,
  stepSellers,
  stepsReachingOutcome,
  stronglyConnectedComponents,
  successors,
} from '../../src/analysis/graph.js';
import { chainAndRing, makeProcess } from './make-process.js';

const sample = makeProcess({
  a: { next: [['b', 0.5], ['c', 0.5], ['lost', 0]] },
  b: { next: [['a', 0.2], ['d', 0], ['won', 0.8]] },
  c: { next: [['c', 0.5], ['lost', 0.5]] },
  d: { next: [['d', 1]] },
  e: { next: [['a', 1]] },
});

describe('successors and reachability', () => {
  it('follows steps with p > 0 only, plus those without a stated p when told to (never an explicit 0)', () => {
    expect(successors(sample, 'a')).toEqual(['b', 'c']);
    expect(successors(sample, 'b')).toEqual(['a']);
    expect(successors(sample, 'b', { includeUnstatedProbability: true })).toEqual(['a']);
    const unstated = { ...sample, steps: new Map(sample.steps) };
    const b = sample.steps.get('b')!;
    unstated.steps.set('b', { ...b, next: b.next.map((t) => (t.to === 'd' ? { ...t, pGiven: false } : t)) });
    expect(successors(unstated, 'b', { includeUnstatedProbability: true })).toEqual(['a', 'd']);
    expect(successors(sample, 'nope')).toEqual([]);
  });

  it('finds the steps reachable from start', () => {
    expect([...reachableStepIds(sample)].sort()).toEqual(['a', 'b', 'c']);
    expect([...reachableStepIds(sample, { includeUnstatedProbability: true })].sort()).toEqual(['a', 'b', 'c']);
  });

  it('finds the steps that can reach an outcome', () => {
    expect([...stepsReachingOutcome(sample, (o) => o.result === 'won')].sort()).toEqual(['a', 'b', 'e']);
    expect([...stepsReachingOutcome(sample, () => true)].sort()).toEqual(['a', 'b', 'c', 'e']);
  });
});

describe('stronglyConnectedComponents', () => {
  it('lists components sinks first', () => {
    const graph = buildStepGraph(sample);
    const { components, componentOf } = stronglyConnectedComponents(graph);
    const named = components.map((c) => c.map((i) => graph.ids[i]));
    expect(named).toContainEqual(['a', 'b']);
    expect(named).toHaveLength(4);
    // Every edge goes to a component listed no later than its own.
    graph.successors.forEach((succ, v) => succ.forEach((w) => expect(componentOf[w]!).toBeLessThanOrEqual(componentOf[v]!)));
    expect(isCyclicComponent(graph, components[componentOf[graph.indexOf.get('c')!]!]!)).toBe(true);
    expect(isCyclicComponent(graph, components[componentOf[graph.indexOf.get('e')!]!]!)).toBe(false);
  });

  it('handles 10,000-step chains and cycles without recursion', () => {
    const n = 10_000;
    const { chain, ring } = chainAndRing(n);
    const chainGraph = buildStepGraph(chain);
    const chainScc = stronglyConnectedComponents(chainGraph);
    expect(chainScc.components).toHaveLength(n);
    expect(chainScc.components[0]).toEqual([n - 1]); // the sink first
    const ringScc = stronglyConnectedComponents(buildStepGraph(ring));
    expect(ringScc.components).toHaveLength(1);
    expect(ringScc.components[0]).toHaveLength(n);
  });
});

describe('involvement', () => {
  it('collects buyers and sellers of a step and its tracks, deduplicated in order', () => {
    const process = makeProcess({
      review: {
        with: ['champion'],
        owner: 'ae',
        tracks: { security: { d: 5, with: ['security', 'it'], owner: 'se' }, legal: { d: 3, with: ['legal', 'champion'], owner: 'ae' } },
        next: [['won', 1]],
      },
    });
    const step = process.steps.get('review')!;
    expect(stepBuyers(step)).toEqual(['champion', 'security', 'it', 'legal']);
    expect(stepSellers(step)).toEqual(['ae', 'se']);
  });
});

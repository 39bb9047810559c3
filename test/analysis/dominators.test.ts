// Dominators of the step graph and the history they guarantee a deal: checked against hand-drawn graphs.
import { describe, expect, it } from 'vitest';
import { guaranteedHistory, immediateDominators } from '../../src/analysis/dominators.js';
import { buildStepGraph } from '../../src/analysis/graph.js';
import { makeProcess } from './make-process.js';

describe('immediateDominators', () => {
  it('finds the join point of a diamond and follows a loop back', () => {
    // a → b, a → c, b → d, c → d, d → b (loop), d → e
    const process = makeProcess({
      a: { next: [['b', 0.5], ['c', 0.5]] },
      b: { next: [['d', 1]] },
      c: { next: [['d', 1]] },
      d: { next: [['b', 0.5], ['e', 0.5]] },
      e: { next: [['won', 1]] },
      island: { next: [['won', 1]] },
    });
    const graph = buildStepGraph(process);
    const idom = [...immediateDominators(graph, 0)].map((i) => (i < 0 ? null : graph.ids[i]));
    expect(idom).toEqual(['a', 'a', 'a', 'a', 'd', null]);
  });

  it('ignores transitions with p = 0', () => {
    const process = makeProcess({
      a: { next: [['b', 1], ['c', 0]] },
      b: { next: [['c', 1]] },
      c: { next: [['won', 1]] },
    });
    const graph = buildStepGraph(process);
    expect(graph.ids[immediateDominators(graph, 0)[2]!]).toBe('b');
  });
});

describe('guaranteedHistory', () => {
  const process = makeProcess({
    discovery: { with: ['champion'], next: [['discovery', 0.2], ['demo', 0.5], ['lost', 0.3]] },
    demo: { with: ['users'], next: [['security', 0.5], ['pricing', 0.5]] },
    security: { tracks: { infosec: { d: 3, with: ['security'] }, it: { d: 2, with: ['it'] } }, next: [['alignment', 1]] },
    pricing: { with: ['finance'], next: [['alignment', 1]] },
    alignment: { with: ['economic-buyer', 'champion'], next: [['won', 1]] },
  });

  it('gives the steps on every path from start, in order, and their buyer roles (tracks included)', () => {
    expect(guaranteedHistory(process, 'alignment')).toEqual({ completed: ['discovery', 'demo'], involved: ['champion', 'users'] });
    expect(guaranteedHistory(process, 'security')).toEqual({ completed: ['discovery', 'demo'], involved: ['champion', 'users'] });
  });

  it('counts a role every path involves through different steps', () => {
    const both = makeProcess({
      a: { with: ['champion'], next: [['demo', 0.5], ['review', 0.5]] },
      demo: { with: ['users', 'finance'], next: [['ask', 1]] },
      review: { tracks: { money: { d: 1, with: ['finance'] }, people: { d: 1, with: ['legal'] } }, next: [['ask', 1], ['review', 0]] },
      ask: { with: ['finance'], next: [['won', 0.5], ['a', 0.5]] },
    });
    expect(guaranteedHistory(both, 'ask')).toEqual({ completed: ['a'], involved: ['champion', 'finance'] });
  });

  it('is empty at start, even when start loops on itself', () => {
    expect(guaranteedHistory(process, 'discovery')).toEqual({ completed: [], involved: [] });
  });

  it('is empty for an unknown step', () => {
    expect(guaranteedHistory(process, 'nope')).toEqual({ completed: [], involved: [] });
  });
});

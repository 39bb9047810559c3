// Path exploration: edges, reachability, BFS over (step, facts) with witnesses, loops, and the monotone skip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPathGraph,
  describeList,
  describePath,
  FactBits,
  findPathHits,
  reachableFromStart,
  reachesOutcome,
  type PathGraph,
  type PathQuery,
} from '../../src/analysis/path-states.js';
import type { Process, Step } from '../../src/model/types.js';
import { chainAndRing, makeProcess, type StepSpec } from './make-process.js';

const names = (graph: PathGraph, marks: Uint8Array): string[] => graph.ids.filter((_, i) => marks[i]);
const ids = (graph: PathGraph, path: readonly number[]): string[] => path.map((i) => graph.ids[i]!);

/** Marks the transitions of `stepId` at `indices` as written without `p` (normalized to 0, pGiven false). */
function withoutP(process: Process, stepId: string, indices: readonly number[]): Process {
  const steps = new Map(process.steps);
  const step = steps.get(stepId)!;
  const next = step.next.map((t, i) => (indices.includes(i) ? { ...t, p: 0, pGiven: false } : t));
  steps.set(stepId, { ...step, next } as Step);
  return { ...process, steps };
}

describe('buildPathGraph', () => {
  const process = makeProcess({
    a: { next: [['b', 0.5], ['c', 0], ['nowhere', 0.2], ['won', 0.3]] },
    b: { next: [['b', 0.5], ['b', 0.1], ['lost', 0.4]] },
    c: { next: [['won', 1]] },
  });

  it('follows p > 0 to steps, without duplicates, and keeps edges to outcomes apart', () => {
    const graph = buildPathGraph(process);
    expect(graph.ids).toEqual(['a', 'b', 'c']);
    expect(graph.start).toBe(0);
    expect(graph.successors).toEqual([[1], [1], []]);
    expect(graph.exits.map((e) => e.map((x) => x.outcome.id))).toEqual([['won'], ['lost'], ['won']]);
  });

  it('follows transitions written without p (probability-sum reports them) but not an explicit p: 0', () => {
    const graph = buildPathGraph(withoutP(process, 'a', [1]));
    expect(graph.successors[0]).toEqual([1, 2]);
  });

  it('has no start index when start names no step', () => {
    const graph = buildPathGraph(makeProcess({ a: { next: [['won', 1]] } }, { start: 'nope' }));
    expect(graph.start).toBeUndefined();
    expect(findPathHits(graph, { gain: () => 0n, target: () => true })).toEqual([]);
  });
});

describe('reachability', () => {
  const graph = buildPathGraph(
    makeProcess({
      a: { next: [['b', 1]] },
      b: { next: [['c', 0.5], ['won', 0.5]] },
      c: { next: [['c', 1]] },
      d: { next: [['a', 0.5], ['lost', 0.5]] },
    }),
  );

  it('finds the steps reachable from start', () => {
    expect(names(graph, reachableFromStart(graph))).toEqual(['a', 'b', 'c']);
  });

  it('finds the steps that can reach an outcome', () => {
    expect(names(graph, reachesOutcome(graph, () => true))).toEqual(['a', 'b', 'd']);
    expect(names(graph, reachesOutcome(graph, (o) => o.result === 'lost'))).toEqual(['d']);
  });
});

describe('findPathHits', () => {
  // The gate at `ask` requires step b. The deal reaches `a` first without b; only a second trip round the
  // loop a → b → a brings b along before the ask.
  const loop = makeProcess({
    s: { next: [['a', 1]] },
    a: { next: [['b', 0.5], ['ask', 0.5]] },
    b: { next: [['a', 1]] },
    ask: { ask: true, requires: { completed: ['b'] }, next: [['won', 1]] },
  });
  const graph = buildPathGraph(loop);
  const B = 1n;
  const gain = (i: number): bigint => (graph.ids[i] === 'b' ? B : 0n);
  const askIndex = graph.indexOf.get('ask')!;

  it('finds a state that only a second trip round a loop reaches', () => {
    const met = findPathHits(graph, { gain, target: (i, facts) => i === askIndex && (facts & B) === B });
    expect(met).toHaveLength(1);
    expect(ids(graph, met[0]!.path)).toEqual(['s', 'a', 'b', 'a', 'ask']);
    expect(met[0]!.facts).toBe(B);
  });

  it('finds the first-trip path that misses the gate, with or without the monotone skip', () => {
    for (const monotone of [false, true]) {
      const missed = findPathHits(graph, { gain, target: (i, facts) => i === askIndex && (facts & B) === 0n, monotone });
      expect(missed.map((h) => ids(graph, h.path))).toEqual([['s', 'a', 'ask']]);
    }
  });

  it('finds nothing when no state is a hit', () => {
    expect(findPathHits(graph, { gain, target: (i) => graph.ids[i] === 'nope' })).toEqual([]);
  });

  it('reports one hit per step, with a shortest witness, in BFS order', () => {
    const diamond = buildPathGraph(
      makeProcess({
        s: { next: [['long1', 0.5], ['x', 0.5]] },
        long1: { next: [['long2', 1]] },
        long2: { next: [['t', 1]] },
        x: { next: [['t', 1]] },
        t: { next: [['won', 1]] },
      }),
    );
    const hits = findPathHits(diamond, { gain: () => 0n, target: () => true });
    expect(hits.map((h) => ids(diamond, h.path))).toEqual([['s'], ['s', 'long1'], ['s', 'x'], ['s', 'long1', 'long2'], ['s', 'x', 't']]);
  });

  it('checks the start step against the initial facts', () => {
    const hits = findPathHits(graph, { gain, target: (i, facts) => i === graph.start && facts === 5n, initial: 5n });
    expect(hits.map((h) => ids(graph, h.path))).toEqual([['s']]);
  });

  it('tracks more than 30 facts (bigint masks)', () => {
    const specs: Record<string, StepSpec> = {};
    const n = 40;
    for (let i = 0; i < n; i++) specs[`s${i}`] = { next: [[`s${i + 1}`, 1]] };
    specs[`s${n}`] = { next: [['won', 1]] };
    const chain = buildPathGraph(makeProcess(specs));
    const all = (1n << BigInt(n)) - 1n;
    const target = (i: number, facts: bigint): boolean => i === n && facts === all;
    const hits = findPathHits(chain, { gain: (i) => (i < n ? 1n << BigInt(i) : 0n), target });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.path).toHaveLength(n + 1);
  });

  it('walks 10,000-step chains and rings without recursion', () => {
    const n = 10_000;
    const { chain, ring } = chainAndRing(n);
    for (const process of [chain, ring]) {
      const g = buildPathGraph(process);
      const last = findPathHits(g, { gain: (i) => (i === 0 ? 1n : 0n), target: (i, facts) => i === n - 1 && facts === 1n, monotone: true });
      expect(last).toHaveLength(1);
      expect(last[0]!.path).toHaveLength(n);
      expect(describePath(g, last[0]!.path)).toBe(`s0 → s1 → … → s${n - 3} → s${n - 2} → s${n - 1}`);
    }
  });

  it('finds the same hits with the monotone skip as without it, for targets that fire on missing facts', () => {
    // Random small graphs with loops; each step adds a random fact set; the target fires when some required
    // facts are missing at a chosen step (monotone by construction).
    const arbitrary = fc
      .integer({ min: 1, max: 8 })
      .chain((n) =>
        fc.record({
          edges: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
          gains: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: n, maxLength: n }),
          required: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: n, maxLength: n }),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ edges, gains, required }) => {
        const specs: Record<string, StepSpec> = {};
        edges.forEach((out, i) => {
          const next: [string, number][] = out.map((j) => [`s${j}`, 1 / (out.length + 1)]);
          specs[`s${i}`] = { next: [...next, ['won', 1 / (out.length + 1)]] };
        });
        const g = buildPathGraph(makeProcess(specs));
        const query: PathQuery = {
          gain: (i) => BigInt(gains[i]!),
          target: (i, facts) => (facts & BigInt(required[i]!)) !== BigInt(required[i]!),
        };
        const plain = findPathHits(g, query);
        const skipping = findPathHits(g, { ...query, monotone: true });
        const summary = (hits: typeof plain) => hits.map((h) => [h.step, h.path.length]).sort((x, y) => x[0]! - y[0]!);
        expect(summary(skipping)).toEqual(summary(plain));
        for (const hit of skipping) {
          // The witness is a real path from start whose gathered facts are the reported ones and miss the gate.
          expect(hit.path[0]).toBe(0);
          let facts = 0n;
          hit.path.slice(0, -1).forEach((v, k) => {
            expect(g.successors[v]).toContain(hit.path[k + 1]);
            facts |= BigInt(gains[v]!);
          });
          expect(facts).toBe(hit.facts);
          expect(query.target(hit.step, hit.facts)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('message helpers', () => {
  it('allocates fact bits on first use and names them back', () => {
    const facts = new FactBits();
    expect(facts.bit('role:legal')).toBe(1n);
    expect(facts.bit('step:review')).toBe(2n);
    expect(facts.bit('role:legal')).toBe(1n);
    expect(facts.known('role:it')).toBe(0n);
    expect(facts.names(3n)).toEqual(['role:legal', 'step:review']);
  });

  it('shortens long lists', () => {
    expect(describeList(['a', 'b'])).toBe('a, b');
    expect(describeList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
  });
});

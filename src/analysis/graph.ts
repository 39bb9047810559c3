/** Shared graph helpers over a process's steps: successors, reachability, strongly connected components. */
import type { Outcome, Process, Step, Transition } from '../model/types.js';

/** Which transitions make an edge. */
export interface GraphOptions {
  /**
   * Also follow transitions whose `p` was left out (normalized to 0 on a step with several transitions, and
   * reported by probability-sum), so a rule about structure does not pile a second finding onto a probability
   * mistake. An explicit `p: 0` is never an edge: the author said deals never go there. Default false.
   */
  readonly includeUnstatedProbability?: boolean;
}

/** The step → step graph with steps numbered in file order; transitions to outcomes or unknown ids are not edges. */
export interface StepGraph {
  /** Step id by index, in file order. */
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Successor indices of each step, without duplicates, in the order of the transitions. */
  readonly successors: readonly (readonly number[])[];
}

/** The condensation of a step graph. */
export interface Condensation {
  /** Components in reverse topological order: every component comes after all components it leads to. */
  readonly components: readonly (readonly number[])[];
  /** Index into `components` of each step. */
  readonly componentOf: Int32Array;
}

/** Whether a transition is an edge under the options. */
export function follows(transition: Transition, options: GraphOptions | undefined): boolean {
  return transition.p > 0 || (options?.includeUnstatedProbability === true && !transition.pGiven);
}

/** Builds the step graph of a process (edges: transitions with p > 0 to steps, unless told otherwise). */
export function buildStepGraph(process: Process, options?: GraphOptions): StepGraph {
  const ids = [...process.steps.keys()];
  const indexOf = new Map<string, number>();
  ids.forEach((id, index) => indexOf.set(id, index));
  const successors = ids.map((id) => {
    const out: number[] = [];
    for (const t of process.steps.get(id)!.next) {
      const j = indexOf.get(t.to);
      if (j !== undefined && follows(t, options) && !out.includes(j)) out.push(j);
    }
    return out;
  });
  return { ids, indexOf, successors };
}

/** Ids of the steps a step leads to directly (p > 0 unless told otherwise); empty for an unknown step. */
export function successors(process: Process, stepId: string, options?: GraphOptions): string[] {
  const out: string[] = [];
  for (const t of process.steps.get(stepId)?.next ?? []) {
    if (process.steps.has(t.to) && follows(t, options) && !out.includes(t.to)) out.push(t.to);
  }
  return out;
}

/** Marks (1) every step reachable from the given step indices, the sources included. Iterative. */
export function reachableFrom(graph: StepGraph, sources: readonly number[]): Uint8Array {
  const seen = new Uint8Array(graph.ids.length);
  const stack: number[] = [];
  for (const s of sources) {
    if (!seen[s]) {
      seen[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of graph.successors[v]!) {
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}

/** Ids of the steps reachable from `start` (start included; empty when start is not a step). */
export function reachableStepIds(process: Process, options?: GraphOptions): Set<string> {
  const graph = buildStepGraph(process, options);
  const start = graph.indexOf.get(process.start);
  const seen = reachableFrom(graph, start === undefined ? [] : [start]);
  return new Set(graph.ids.filter((_, i) => seen[i]));
}

/**
 * Ids of the steps from which some outcome accepted by `accept` can be reached, e.g. `(o) => o.result === 'won'`
 * for no-path-to-won, or `() => true` for trap-cycle (steps outside the result can reach no outcome at all).
 */
export function stepsReachingOutcome(process: Process, accept: (outcome: Outcome) => boolean, options?: GraphOptions): Set<string> {
  const graph = buildStepGraph(process, options);
  const targets = graph.ids.flatMap((id, i) =>
    process.steps.get(id)!.next.some((t) => {
      const outcome = process.outcomes.get(t.to);
      return outcome !== undefined && !process.steps.has(t.to) && follows(t, options) && accept(outcome);
    })
      ? [i]
      : [],
  );
  const seen = reaching(graph, targets);
  return new Set(graph.ids.filter((_, i) => seen[i]));
}

/** Marks (1) every step from which one of `targets` can be reached, the targets included. Iterative. */
export function reaching(graph: StepGraph, targets: readonly number[]): Uint8Array {
  const predecessors: number[][] = Array.from({ length: graph.ids.length }, () => []);
  graph.successors.forEach((succ, v) => succ.forEach((w) => predecessors[w]!.push(v)));
  const seen = new Uint8Array(graph.ids.length);
  const stack = [...targets];
  for (const t of targets) seen[t] = 1;
  while (stack.length > 0) {
    for (const v of predecessors[stack.pop()!]!) {
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return seen;
}

/**
 * Tarjan's strongly connected components, iterative (processes may have 10,000 steps; recursion would overflow).
 * Tarjan emits a component only after every component reachable from it, which is exactly the reverse topological
 * order of the condensation that bottom-up solvers need. Steps within a component are in ascending index order.
 */
export function stronglyConnectedComponents(graph: StepGraph): Condensation {
  const n = graph.ids.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let stackTop = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let callTop = 0;
  let counter = 0;
  const componentOf = new Int32Array(n).fill(-1);
  const components: number[][] = [];

  const enter = (v: number): void => {
    order[v] = low[v] = counter++;
    stack[stackTop++] = v;
    onStack[v] = 1;
    callNode[callTop] = v;
    callEdge[callTop] = 0;
    callTop++;
  };

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    enter(root);
    while (callTop > 0) {
      const v = callNode[callTop - 1]!;
      const succ = graph.successors[v]!;
      const edge = callEdge[callTop - 1]!;
      if (edge < succ.length) {
        callEdge[callTop - 1] = edge + 1;
        const w = succ[edge]!;
        if (order[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack[--stackTop]!;
          onStack[w] = 0;
          componentOf[w] = components.length;
          component.push(w);
        } while (w !== v);
        component.sort((a, b) => a - b);
        components.push(component);
      }
      callTop--;
      if (callTop > 0) {
        const parent = callNode[callTop - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
    }
  }
  return { components, componentOf };
}

/** True when a component is a cycle: more than one step, or one step with a transition to itself. */
export function isCyclicComponent(graph: StepGraph, component: readonly number[]): boolean {
  return component.length > 1 || graph.successors[component[0]!]!.includes(component[0]!);
}

/** A step's buyer involvement: its `with` plus the `with` of all its tracks, without duplicates, in order. */
export function stepBuyers(step: Step): string[] {
  const out: string[] = [];
  for (const role of step.with) if (!out.includes(role)) out.push(role);
  for (const track of step.parallel) for (const role of track.with) if (!out.includes(role)) out.push(role);
  return out;
}

/** The seller roles running a step: its owner, then its tracks' owners, without duplicates, in order. */
export function stepSellers(step: Step): string[] {
  const out: string[] = [];
  if (step.owner !== undefined) out.push(step.owner);
  for (const track of step.parallel) if (track.owner !== undefined && !out.includes(track.owner)) out.push(track.owner);
  return out;
}

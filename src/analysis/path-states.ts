/** Path exploration for the path lint rules: BFS over (step, facts gathered before it) with witness paths. */
import type { Outcome, Process, Step, Transition } from '../model/types.js';
import {
  buildStepGraph,
  follows,
  reachableFrom,
  reaching,
  stronglyConnectedComponents,
  type Condensation,
  type GraphOptions,
  type StepGraph,
} from './graph.js';

/**
 * The path rules follow transitions with p > 0 and those whose `p` was left out (probability-sum reports
 * those): one probability mistake should not also make every later step "unreachable" or a "trap".
 */
const PATH_EDGES: GraphOptions = { includeUnstatedProbability: true };

/** A process numbered for path searches; build it once per file (e.g. with the rule context's `memo`). */
export interface PathGraph extends StepGraph {
  readonly steps: readonly Step[];
  /** Index of `start`, or undefined when start names no step (unknown-reference reports that). */
  readonly start: number | undefined;
  /** Per step, its edges to outcomes (transitions to unknown ids are left out: unknown-reference reports them). */
  readonly exits: readonly (readonly { readonly transition: Transition; readonly outcome: Outcome }[])[];
}

/** Numbers the steps in file order and collects the edges the path rules follow. */
export function buildPathGraph(process: Process): PathGraph {
  const graph = buildStepGraph(process, PATH_EDGES);
  const steps = graph.ids.map((id) => process.steps.get(id)!);
  // A step id wins over an outcome id, as in the graph helpers; unknown ids are left to unknown-reference.
  const exits = steps.map((step) =>
    step.next.flatMap((transition) => {
      const outcome = process.outcomes.get(transition.to);
      return outcome && !process.steps.has(transition.to) && follows(transition, PATH_EDGES) ? [{ transition, outcome }] : [];
    }),
  );
  return { ...graph, steps, start: graph.indexOf.get(process.start), exits };
}

/** Marks (1) the steps reachable from `start`; all 0 when start names no step. */
export function reachableFromStart(graph: PathGraph): Uint8Array {
  return reachableFrom(graph, graph.start === undefined ? [] : [graph.start]);
}

/** Marks (1) the steps from which some outcome accepted by `accept` can be reached (reverse search, iterative). */
export function reachesOutcome(graph: PathGraph, accept: (outcome: Outcome) => boolean): Uint8Array {
  return reaching(graph, graph.exits.flatMap((exits, i) => (exits.some((e) => accept(e.outcome)) ? [i] : [])));
}

/** The strongly connected components of the path graph (iterative Tarjan from graph.ts). */
export function pathComponents(graph: PathGraph): Condensation {
  return stronglyConnectedComponents(graph);
}

/** What to look for: which facts each step adds, and which states (step, facts before it) are hits. */
export interface PathQuery {
  /** The facts (a bit set) a step adds once it has run; tracked facts are only those some rule asks about. */
  readonly gain: (step: number) => bigint;
  /** True when entering `step` having gathered `facts` on the way is what we look for (e.g. a gate not met). */
  readonly target: (step: number, facts: bigint) => boolean;
  /**
   * Declares that `target` only ever fires on missing facts: if it fires for some facts it fires for every
   * subset. Then a state whose facts include those of a state already seen at the same step can find nothing
   * new, and is skipped, which keeps large branching processes small. Leave false for any other target.
   */
  readonly monotone?: boolean;
  /** Facts known before `start` (default none). */
  readonly initial?: bigint;
}

/** A state the query hit, with the shortest path (fewest steps) that reaches it. */
export interface PathHit {
  readonly step: number;
  /** Facts gathered by the steps before `step`. */
  readonly facts: bigint;
  /** Step indices from `start` to `step`, both included; revisited steps appear each time. */
  readonly path: readonly number[];
}

/** Bound on the facts remembered per step for the monotone skip; beyond it only exact repeats are skipped. */
const DOMINANCE_LIST_LIMIT = 64;

/**
 * Breadth-first search from `start` over states (step, facts gathered before entering it), following the path
 * edges. Revisiting a step is allowed whenever it carries different facts, so a hit that needs a second trip
 * round a loop is found. Returns, for each step where some reachable state is a hit, the first hit found:
 * BFS order makes its path one of the shortest. Hits are in the order found. Iterative: no recursion.
 */
export function findPathHits(graph: PathGraph, query: PathQuery): PathHit[] {
  if (graph.start === undefined) return [];
  const n = graph.ids.length;
  const gains: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) gains[i] = query.gain(i);

  // States live in parallel arrays; the queue is the range [head, length) of them, parents point back.
  const stateStep: number[] = [];
  const stateFacts: bigint[] = [];
  const stateParent: number[] = [];
  const visited = new Set<string>();
  const seenFacts: (bigint[] | undefined)[] = query.monotone ? new Array<bigint[] | undefined>(n) : [];
  const hitAt = new Map<number, number>();

  const offer = (step: number, facts: bigint, parent: number): void => {
    const key = `${step}:${facts}`;
    if (visited.has(key)) return;
    if (query.monotone) {
      const seen = (seenFacts[step] ??= []);
      if (seen.some((other) => (other & facts) === other)) return;
      if (seen.length < DOMINANCE_LIST_LIMIT) seen.push(facts);
    }
    visited.add(key);
    stateStep.push(step);
    stateFacts.push(facts);
    stateParent.push(parent);
  };

  offer(graph.start, query.initial ?? 0n, -1);
  for (let head = 0; head < stateStep.length; head++) {
    const step = stateStep[head]!;
    const facts = stateFacts[head]!;
    if (!hitAt.has(step) && query.target(step, facts)) hitAt.set(step, head);
    const after = facts | gains[step]!;
    for (const next of graph.successors[step]!) offer(next, after, head);
  }

  return [...hitAt.values()].map((state) => {
    const path: number[] = [];
    for (let s = state; s >= 0; s = stateParent[s]!) path.push(stateStep[s]!);
    path.reverse();
    return { step: stateStep[state]!, facts: stateFacts[state]!, path };
  });
}

/** An ask step that some path reaches without an earlier step of the kind looked for, with that path described. */
export interface AskWithout {
  readonly step: Step;
  /** The shortest such path, from start to the ask, for a message (see {@link describePath}). */
  readonly path: string;
}

/**
 * The ask steps a path reaches before any step where `passes` holds (one shortest witness each, in the order
 * found), leaving out the asks for which `ignore` holds. The search behind the "ask too early" rules.
 */
export function asksReachedWithout(
  graph: PathGraph,
  passes: (step: number) => boolean,
  ignore: (step: number) => boolean = () => false,
): AskWithout[] {
  const PASSED = 1n;
  const hits = findPathHits(graph, {
    gain: (i) => (passes(i) ? PASSED : 0n),
    target: (i, facts) => graph.steps[i]!.ask && facts === 0n && !ignore(i),
    monotone: true,
  });
  return hits.map((hit) => ({ step: graph.steps[hit.step]!, path: describePath(graph, hit.path) }));
}

/** Allocates one bit per named fact, on first use; names are namespaced by the caller (e.g. "role:legal"). */
export class FactBits {
  private readonly bits = new Map<string, bigint>();

  /** The bit of `name`, allocating it when new. */
  bit(name: string): bigint {
    let bit = this.bits.get(name);
    if (bit === undefined) {
      bit = 1n << BigInt(this.bits.size);
      this.bits.set(name, bit);
    }
    return bit;
  }

  /** The bit of `name`, or 0 when no rule asked about it (so it is not tracked). */
  known(name: string): bigint {
    return this.bits.get(name) ?? 0n;
  }

  /** The names whose bits are set in `mask`, in allocation order. */
  names(mask: bigint): string[] {
    return [...this.bits].filter(([, bit]) => (mask & bit) !== 0n).map(([name]) => name);
  }
}

/** Longest path (in steps) that messages print in full; longer ones keep their ends around an ellipsis. */
const PATH_DISPLAY_LIMIT = 6;

/** A path for a one-line message: `a → b → c`, or `a → b → … → y → z` when long. */
export function describePath(graph: PathGraph, path: readonly number[]): string {
  const ids = path.map((i) => graph.ids[i]!);
  const shown = ids.length <= PATH_DISPLAY_LIMIT ? ids : [...ids.slice(0, 2), '…', ...ids.slice(-3)];
  return shown.join(' → ');
}

/** A list of ids for a one-line message, cut after a few: `a, b, c and 4 more`. */
export function describeList(ids: readonly string[], limit = 5): string {
  if (ids.length <= limit) return ids.join(', ');
  return `${ids.slice(0, limit).join(', ')} and ${ids.length - limit} more`;
}

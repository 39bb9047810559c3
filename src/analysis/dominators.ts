/** Dominators in the step graph: the steps every deal passes on its way from `start` to a given step. */
import type { Process } from '../model/types.js';
import { buildStepGraph, stepBuyers, type StepGraph } from './graph.js';

/**
 * Immediate dominators of a graph from `root` (Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm",
 * 2001: the iterative data-flow method over reverse postorder). Entry v is the immediate dominator of v, `root`
 * for the root itself, and -1 for a node `root` does not reach. Iterative throughout: no recursion on deep graphs.
 */
export function immediateDominators(graph: StepGraph, root: number): Int32Array {
  const n = graph.ids.length;
  const idom = new Int32Array(n).fill(-1);
  if (root < 0 || root >= n) return idom;

  // Reverse postorder of the nodes reachable from root, by an explicit-stack depth-first search.
  const postorder: number[] = [];
  const seen = new Uint8Array(n);
  const stack: [number, number][] = [[root, 0]];
  seen[root] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const successors = graph.successors[top[0]]!;
    if (top[1] < successors.length) {
      const next = successors[top[1]++]!;
      if (!seen[next]) {
        seen[next] = 1;
        stack.push([next, 0]);
      }
    } else {
      postorder.push(top[0]);
      stack.pop();
    }
  }
  const order = new Int32Array(n).fill(-1); // postorder number of each reachable node
  postorder.forEach((v, i) => (order[v] = i));
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (const v of postorder) for (const w of graph.successors[v]!) predecessors[w]!.push(v);

  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };

  idom[root] = root;
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = postorder.length - 1; k >= 0; k--) {
      const v = postorder[k]!;
      if (v === root) continue;
      let candidate = -1;
      for (const p of predecessors[v]!) {
        if (idom[p] === -1) continue; // not processed yet
        candidate = candidate === -1 ? p : intersect(p, candidate);
      }
      if (candidate !== -1 && idom[v] !== candidate) {
        idom[v] = candidate;
        changed = true;
      }
    }
  }
  return idom;
}

/** What every deal at a step has necessarily done before it: the steps that dominate it and the roles every path involves. */
export interface GuaranteedHistory {
  /** Steps on every path from `start` to the step (its dominators, the step itself excluded), in the order a deal meets them. */
  readonly completed: readonly string[];
  /**
   * Buyer roles that took part on every path from `start` to the step: the roles of the dominating steps (and
   * their tracks), plus roles that every path involves through different steps (one branch in a demo, the other
   * in a review). The dominators' roles come first, in order of appearance, then the others in the file's order.
   */
  readonly involved: readonly string[];
}

/**
 * The history the process guarantees for a deal at `stepId`, over transitions with p > 0: the steps every path from
 * `start` passes (dominators, by {@link immediateDominators}) and the buyer roles every path involves before the step
 * (a must-analysis: the roles before a step are those before each predecessor plus the predecessor's own,
 * intersected over predecessors, iterated to the greatest fixed point). `start` itself always counts when the step
 * is not `start`. Empty for `start`, for a step `start` does not reach, or an unknown id.
 */
export function guaranteedHistory(process: Process, stepId: string): GuaranteedHistory {
  const graph = buildStepGraph(process);
  const target = graph.indexOf.get(stepId);
  const root = graph.indexOf.get(process.start);
  if (target === undefined || root === undefined) return { completed: [], involved: [] };
  const idom = immediateDominators(graph, root);
  if (idom[target] === -1 || target === root) return { completed: [], involved: [] };
  const chain: number[] = [];
  for (let v = idom[target]!; ; v = idom[v]!) {
    chain.push(v);
    if (v === root) break;
  }
  chain.reverse();
  const completed = chain.map((i) => graph.ids[i]!);
  const roles = [...new Set([...completed.flatMap((id) => stepBuyers(process.steps.get(id)!)), ...process.buyerRoles.keys()])];
  const before = rolesOnEveryPath(process, graph, root, idom, roles);
  const involved = roles.filter((_, k) => (before[target]! >> BigInt(k)) & 1n);
  return { completed, involved };
}

/** Per step, the bit set (over `roles`) of buyer roles involved on every path from root to it; only reachable steps. */
function rolesOnEveryPath(process: Process, graph: StepGraph, root: number, idom: Int32Array, roles: readonly string[]): bigint[] {
  const n = graph.ids.length;
  const bit = new Map(roles.map((role, k) => [role, 1n << BigInt(k)]));
  const gain = graph.ids.map((id) => stepBuyers(process.steps.get(id)!).reduce((mask, role) => mask | (bit.get(role) ?? 0n), 0n));
  const all = (1n << BigInt(roles.length)) - 1n;
  const reachable = (v: number): boolean => idom[v] !== -1;
  const before: bigint[] = Array.from({ length: n }, (_, v) => (v === root ? 0n : all));
  // Round-robin to the greatest fixed point: each pass only removes roles, so it ends within roles·steps passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (let v = 0; v < n; v++) {
      if (!reachable(v)) continue;
      const after = before[v]! | gain[v]!;
      for (const w of graph.successors[v]!) {
        if (w === root) continue;
        const met = before[w]! & after;
        if (met !== before[w]) {
          before[w] = met;
          changed = true;
        }
      }
    }
  }
  return before;
}

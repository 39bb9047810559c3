/** unreachable-step: a step no deal can ever enter is dead weight or a missing transition. */
import { buildPathGraph, reachableFromStart } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const unreachableStep: Rule = {
  id: 'unreachable-step',
  meta: {
    description: 'a step no path from `start` reaches',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: { unreachable: 'no path from "{{start}}" reaches step "{{step}}"; add a transition to it (p > 0) or remove it' },
  },
  check({ process, report, memo }) {
    const graph = memo(buildPathGraph);
    // An unknown start is unknown-reference's finding; every step would be "unreachable" after it.
    if (graph.start === undefined) return;
    const reached = reachableFromStart(graph);
    graph.steps.forEach((step, i) => {
      if (!reached[i]) {
        report({ path: step.path, target: 'key', messageId: 'unreachable', data: { start: process.start, step: step.id } });
      }
    });
  },
};

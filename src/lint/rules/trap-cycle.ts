/** trap-cycle: steps that only lead back to each other keep deals open forever and break every forecast. */
import { isCyclicComponent } from '../../analysis/graph.js';
import { buildPathGraph, describeList, pathComponents, reachesOutcome } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const trapCycle: Rule = {
  id: 'trap-cycle',
  meta: {
    description: 'steps from which no outcome can be reached',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: { loop: 'deals in {{steps}} loop forever: add a transition (p > 0) from "{{step}}" or another step of the loop to an outcome' },
  },
  check({ report, memo }) {
    const graph = memo(buildPathGraph);
    const escapes = reachesOutcome(graph, () => true);
    // Only the loops themselves are reported: a step that merely leads into one is fixed with it, and a dead
    // end (no transition at all) is no-next-step's finding.
    for (const component of pathComponents(graph).components) {
      if (escapes[component[0]!] || !isCyclicComponent(graph, component)) continue;
      const names = describeList(component.map((i) => graph.ids[i]!));
      for (const i of component) {
        const step = graph.steps[i]!;
        report({ path: step.path, target: 'key', messageId: 'loop', data: { steps: names, step: step.id } });
      }
    }
  },
};

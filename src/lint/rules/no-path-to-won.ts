/** no-path-to-won: a process in which no deal can be won cannot be followed, only abandoned. */
import { buildPathGraph, reachableFromStart } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const noPathToWon: Rule = {
  id: 'no-path-to-won',
  meta: {
    description: '`won` cannot be reached from `start`',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: { noPathToWon: 'no path from "{{start}}" reaches a won outcome; add a transition (p > 0) to `won` from the step that asks for the business' },
  },
  check({ process, report, memo }) {
    const graph = memo(buildPathGraph);
    if (graph.start === undefined) return;
    const reached = reachableFromStart(graph);
    const wins = graph.exits.some((exits, i) => reached[i] && exits.some((e) => e.outcome.result === 'won'));
    if (!wins) {
      report({ path: ['start'], messageId: 'noPathToWon', data: { start: process.start } });
    }
  },
};

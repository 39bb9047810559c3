/** won-without-ask: a deal "won" without anyone asking for the business was closed by the buyer, not by us. */
import { buildPathGraph, describePath, findPathHits } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const wonWithoutAsk: Rule = {
  id: 'won-without-ask',
  meta: {
    description: 'a path reaches `won` without passing a step that asks for the business',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: { wonWithoutAsk: 'the path {{path}} → {{outcome}} wins without an ask step; route it through the step that asks for the business' },
  },
  check({ report, memo }) {
    const graph = memo(buildPathGraph);
    // No ask step at all is no-ask-step's finding; every path to won would repeat it here.
    if (!graph.steps.some((s) => s.ask)) return;
    const ASKED = 1n;
    const wonExits = graph.exits.map((exits) => exits.filter((e) => e.outcome.result === 'won'));
    const hits = findPathHits(graph, {
      gain: (i) => (graph.steps[i]!.ask ? ASKED : 0n),
      // Leaving an ask step for won is fine: the ask has happened by the time the deal is won.
      target: (i, facts) => facts === 0n && !graph.steps[i]!.ask && wonExits[i]!.length > 0,
      monotone: true,
    });
    for (const hit of hits) {
      for (const { transition, outcome } of wonExits[hit.step]!) {
        report({ path: transition.path, messageId: 'wonWithoutAsk', data: { path: describePath(graph, hit.path), outcome: outcome.id } });
      }
    }
  },
};

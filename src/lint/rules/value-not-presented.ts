/** value-not-presented: asking before the buyer has seen the value (a demo or a proposal) asks too early. */
import { buildPathGraph, describePath, findPathHits } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const valueNotPresented: Rule = {
  id: 'value-not-presented',
  meta: { description: 'no `demo` or `proposal` step before the ask', defaultSeverity: 'warning', scope: 'file' },
  check({ report, memo }) {
    const graph = memo(buildPathGraph);
    const PRESENTED = 1n;
    const hits = findPathHits(graph, {
      gain: (i) => (graph.steps[i]!.kind === 'demo' || graph.steps[i]!.kind === 'proposal' ? PRESENTED : 0n),
      target: (i, facts) => graph.steps[i]!.ask && facts === 0n,
      monotone: true,
    });
    for (const hit of hits) {
      const step = graph.steps[hit.step]!;
      report(
        { path: step.path, target: 'key' },
        `a path ${describePath(graph, hit.path)} reaches the ask with no demo or proposal before it; add a step of kind demo or proposal on every path to "${step.id}"`,
      );
    }
  },
};

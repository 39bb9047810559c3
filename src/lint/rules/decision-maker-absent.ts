/** decision-maker-absent: asking for the contract without ever meeting the person who signs it rarely closes. */
import { stepBuyers } from '../../analysis/graph.js';
import { asksReachedWithout, buildPathGraph, describeList } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const decisionMakerAbsent: Rule = {
  id: 'decision-maker-absent',
  meta: {
    description: 'a path reaches an ask step with no earlier step involving a buyer role marked `decisionMaker`',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: {
      noDecisionMakerRole:
        'no buyer role is a decision maker; mark the person who signs with `decisionMaker: true` and involve them before the ask',
      askWithoutDecisionMaker:
        'a path {{path}} reaches the ask with no decision maker involved before it; involve {{deciders}} in an earlier step on every path to "{{step}}"',
    },
  },
  check({ process, report, memo }) {
    const deciders = [...process.buyerRoles.values()].filter((r) => r.decisionMaker).map((r) => r.id);
    if (deciders.length === 0) {
      report({ path: ['roles', 'buyer'], target: 'key', messageId: 'noDecisionMakerRole' });
      return;
    }
    const graph = memo(buildPathGraph);
    // An ask whose gate requires a decision maker is gate-bypass's: every path here with no decision maker also
    // misses that gate, and gate-bypass names the role. Reporting it here too would say the same thing twice.
    const gatedOnDecider = graph.steps.map((step) => step.requires?.involved.some((role) => deciders.includes(role)) ?? false);
    const asks = asksReachedWithout(
      graph,
      (i) => stepBuyers(graph.steps[i]!).some((role) => deciders.includes(role)),
      (i) => gatedOnDecider[i]!,
    );
    for (const { step, path } of asks) {
      report({
        path: step.path,
        target: 'key',
        messageId: 'askWithoutDecisionMaker',
        data: { path, deciders: describeList(deciders), step: step.id },
      });
    }
  },
};

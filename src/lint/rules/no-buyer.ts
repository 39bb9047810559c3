/** no-buyer: a step the buyer takes no part in is internal work, not a step of the sale — unless it says it is internal. */
import type { Rule } from '../rule.js';

export const noBuyer: Rule = {
  id: 'no-buyer',
  meta: {
    description: 'a step without a buyer participant (`with`, on the step or its tracks), unless it is `kind: internal`; an internal step that names buyer roles',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: {
      noBuyer:
        'step "{{step}}" involves nobody on the buyer side; add `with` naming the buyer roles that take part, or mark it `kind: internal` if it runs on our side only',
      internalWithBuyer:
        'step "{{step}}" is `kind: internal` (our side only) but involves buyer roles {{roles}}; remove them from `with`, or give the step another kind',
    },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      const buyers = [...new Set([...step.with, ...step.parallel.flatMap((t) => t.with)])];
      // An internal step (deal desk, registration, approvals) expects no buyer; naming one contradicts its kind.
      if (step.kind === 'internal') {
        if (buyers.length > 0) report({ path: [...step.path, 'kind'], messageId: 'internalWithBuyer', data: { step: step.id, roles: buyers.join(', ') } });
      } else if (buyers.length === 0) {
        report({ path: step.path, target: 'key', messageId: 'noBuyer', data: { step: step.id } });
      }
    }
  },
};

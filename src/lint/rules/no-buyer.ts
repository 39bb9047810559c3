/** no-buyer: a step the buyer takes no part in is internal work, not a step of the sale. */
import type { Rule } from '../rule.js';

export const noBuyer: Rule = {
  id: 'no-buyer',
  meta: {
    description: 'a step without a buyer participant (`with`, on the step or its tracks)',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: { noBuyer: 'step "{{step}}" involves nobody on the buyer side; add `with` naming the buyer roles that take part' },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      const involved = step.with.length + step.parallel.reduce((n, t) => n + t.with.length, 0);
      if (involved === 0) {
        report({ path: step.path, target: 'key', messageId: 'noBuyer', data: { step: step.id } });
      }
    }
  },
};

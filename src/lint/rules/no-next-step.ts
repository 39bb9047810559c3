/** no-next-step: every encounter ends with a defined next step, or the prospect owns the deal. */
import type { Rule } from '../rule.js';

export const noNextStep: Rule = {
  id: 'no-next-step',
  meta: {
    description: 'a step that ends with no `next`: the encounter ends without a defined next step',
    defaultSeverity: 'error',
    scope: 'file',
    messages: { noNext: 'step "{{step}}" has no next step; add `next` with where the deal goes (and `lost` with a reason)' },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      if (step.next.length === 0) {
        report({ path: step.path, target: 'key', messageId: 'noNext', data: { step: step.id } });
      }
    }
  },
};

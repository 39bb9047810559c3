/** duplicate-transition: two transitions of one step to the same place for the same reason are one transition split in two. */
import type { Rule } from '../rule.js';

export const duplicateTransition: Rule = {
  id: 'duplicate-transition',
  meta: {
    description: 'a step with two transitions to the same step or outcome with the same `reason`',
    // A warning: the odds still add up and the numbers are right, but the split says nothing and a later edit
    // to one of the two changes half of that path's odds. Transitions to one outcome with different reasons
    // (lost: no-budget, lost: timing) are the loss breakdown and are fine.
    defaultSeverity: 'warning',
    scope: 'file',
    messages: {
      duplicate: 'step "{{step}}" already goes to "{{to}}"{{reason}} (transition {{first}}); merge the two into one transition and add up their p',
    },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      const seen = new Map<string, number>();
      step.next.forEach((transition, index) => {
        const key = `${transition.to}\u0000${transition.reason ?? ''}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          return;
        }
        report({
          path: transition.path,
          messageId: 'duplicate',
          data: {
            step: step.id,
            to: transition.to,
            reason: transition.reason === undefined ? '' : ` for reason ${transition.reason}`,
            first: first + 1,
          },
        });
      });
    }
  },
};

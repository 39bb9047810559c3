/** unscheduled-next-step: a next step without an agreed timeframe (`within`) leaves the prospect in charge. */
import type { Rule } from '../rule.js';

export const unscheduledNextStep: Rule = {
  id: 'unscheduled-next-step',
  meta: {
    description: 'a transition to a step with no `within`: no agreed timeframe for the next meeting',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: { noWithin: 'next step "{{to}}" has no `within`; agree when it happens (e.g. within: 3) before the meeting ends' },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      for (const transition of step.next) {
        // Transitions to outcomes may omit `within` silently (the contract: 0 days, e.g. signature on the spot).
        if (transition.within === undefined && process.steps.has(transition.to)) {
          report({ path: transition.path, messageId: 'noWithin', data: { to: transition.to } });
        }
      }
    }
  },
};

/** no-ask-step: a process that never asks for the business leaves closing to the prospect. */
import type { Rule } from '../rule.js';

export const noAskStep: Rule = {
  id: 'no-ask-step',
  meta: {
    description: 'no step asks for the business (`ask: true`)',
    defaultSeverity: 'error',
    scope: 'file',
    messages: { noAsk: 'no step asks for the signed contract; mark the closing step with `ask: true` and give it a `requires` gate' },
  },
  check({ process, report }) {
    if (![...process.steps.values()].some((s) => s.ask)) {
      report({ path: ['steps'], target: 'key', messageId: 'noAsk' });
    }
  },
};

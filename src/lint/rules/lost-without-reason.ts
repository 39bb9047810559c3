/** lost-without-reason: a way to lose a deal with no `reason` leaves the loss out of every reason breakdown. */
import type { Rule } from '../rule.js';

const DEFAULT_OPTIONS = { results: ['lost'] };

export const lostWithoutReason: Rule = {
  id: 'lost-without-reason',
  meta: {
    description: 'a transition to a lost outcome without a `reason`',
    // A warning: the process still computes and simulates correctly; what is lost is the "why" in
    // simulate's lost-by-reason table and in win/loss reviews. Teams that do not track reasons turn it off.
    defaultSeverity: 'warning',
    defaultOptions: DEFAULT_OPTIONS,
    optionsSchema: {
      results: {
        title: 'Outcome results that need a reason',
        description: 'transitions to outcomes with one of these results must give a `reason` (default lost).',
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
    },
    scope: 'file',
    messages: {
      noReason: 'transition from "{{step}}" to {{result}} outcome "{{outcome}}" has no `reason`; say why deals end here (e.g. reason: no-budget)',
    },
  },
  check({ process, options, report }) {
    const configured = options['results'];
    const results: readonly string[] = Array.isArray(configured) ? (configured as string[]) : DEFAULT_OPTIONS.results;
    for (const step of process.steps.values()) {
      for (const transition of step.next) {
        const outcome = process.outcomes.get(transition.to);
        if (outcome && results.includes(outcome.result) && transition.reason === undefined) {
          report({ path: transition.path, messageId: 'noReason', data: { step: step.id, result: outcome.result, outcome: outcome.id } });
        }
      }
    }
  },
};

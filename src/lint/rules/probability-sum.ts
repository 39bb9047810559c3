/** probability-sum: a step's transition odds must be given (when there are several) and sum to 1. */
import type { Rule } from '../rule.js';

/** Tolerance for the sum, so decimal fractions such as 0.1 + 0.2 + 0.7 pass. */
const TOLERANCE = 1e-6;

export const probabilitySum: Rule = {
  id: 'probability-sum',
  meta: {
    description: "a step's `p` values missing (when it has several transitions) or not summing to 1 (±1e-6)",
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      missingP: 'transition to "{{to}}" has no `p`; give every transition of "{{step}}" a probability',
      sumNotOne: 'the p values of "{{step}}" sum to {{sum}}, not 1; adjust them so they add up to 1',
    },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      if (step.next.length === 0) continue;
      const missing = step.next.filter((t) => !t.pGiven);
      if (step.next.length > 1 && missing.length > 0) {
        for (const t of missing) report({ path: t.path, messageId: 'missingP', data: { to: t.to, step: step.id } });
        continue;
      }
      const sum = step.next.reduce((total, t) => total + t.p, 0);
      if (Math.abs(sum - 1) > TOLERANCE) {
        report({ path: [...step.path, 'next'], messageId: 'sumNotOne', data: { step: step.id, sum: Number(sum.toFixed(6)) } });
      }
    }
  },
};

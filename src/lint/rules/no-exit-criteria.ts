/** no-exit-criteria: without exit criteria nobody can say when a step is done. */
import type { Rule } from '../rule.js';

export const noExitCriteria: Rule = {
  id: 'no-exit-criteria',
  meta: {
    description: 'a step without `exitCriteria`',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: { noExitCriteria: 'step "{{step}}" has no exit criteria; list what must be true to move on (exitCriteria: [...])' },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      if (step.exitCriteria.length === 0) {
        report({ path: step.path, target: 'key', messageId: 'noExitCriteria', data: { step: step.id } });
      }
    }
  },
};

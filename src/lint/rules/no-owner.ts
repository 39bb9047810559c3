/** no-owner: somebody on our side must run each step (and each parallel track). */
import type { Rule } from '../rule.js';

export const noOwner: Rule = {
  id: 'no-owner',
  meta: { description: 'a step or track without a seller `owner`', defaultSeverity: 'warning', scope: 'file' },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      if (step.owner === undefined) {
        report({ path: step.path, target: 'key' }, `step "${step.id}" has no owner; name the seller role that runs it (owner: ae)`);
      }
      for (const track of step.parallel) {
        if (track.owner === undefined && step.owner === undefined) {
          report({ path: track.path, target: 'key' }, `track "${track.id}" of "${step.id}" has no owner; name the seller role that runs it`);
        }
      }
    }
  },
};

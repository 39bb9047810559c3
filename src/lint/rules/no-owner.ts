/** no-owner: somebody on our side must run each step (and each parallel track). */
import type { Rule } from '../rule.js';

export const noOwner: Rule = {
  id: 'no-owner',
  meta: {
    description: 'a step or track without a seller `owner`',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: {
      stepWithoutOwner: 'step "{{step}}" has no owner; name the seller role that runs it (owner: ae)',
      trackWithoutOwner: 'track "{{track}}" of "{{step}}" has no owner; name the seller role that runs it',
    },
  },
  check({ process, report }) {
    for (const step of process.steps.values()) {
      if (step.owner === undefined) {
        report({ path: step.path, target: 'key', messageId: 'stepWithoutOwner', data: { step: step.id } });
      }
      for (const track of step.parallel) {
        if (track.owner === undefined && step.owner === undefined) {
          report({ path: track.path, target: 'key', messageId: 'trackWithoutOwner', data: { track: track.id, step: step.id } });
        }
      }
    }
  },
};

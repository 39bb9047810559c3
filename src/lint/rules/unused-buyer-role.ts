/** unused-buyer-role: a buyer role no step, track or gate names is a stakeholder the process forgot, or a leftover. */
import type { Rule } from '../rule.js';

export const unusedBuyerRole: Rule = {
  id: 'unused-buyer-role',
  meta: {
    description: 'a buyer role defined under `roles.buyer` that no `with` (of a step or track) or `requires.involved` names',
    defaultSeverity: 'warning',
    scope: 'file',
    // A misspelt role in `with` would make the role it meant look unused: unknown-reference says which.
    needsKnownReferences: true,
    messages: {
      unused: 'buyer role "{{role}}" takes part in no step; add it to the `with` of the step where it is involved, or remove it',
    },
  },
  check({ process, report }) {
    const named = new Set<string>();
    for (const step of process.steps.values()) {
      step.with.forEach((id) => named.add(id));
      step.parallel.forEach((track) => track.with.forEach((id) => named.add(id)));
      step.requires?.involved.forEach((id) => named.add(id));
    }
    for (const role of process.buyerRoles.values()) {
      if (!named.has(role.id)) report({ path: ['roles', 'buyer', role.id], target: 'key', messageId: 'unused', data: { role: role.id } });
    }
  },
};

/** crm-step-in-two-stages: CRM stages whose step sets overlap without being equal put a step in two groups. */
import { observedMapping } from '../../model/crm.js';
import type { Rule } from '../rule.js';

export const crmStepInTwoStages: Rule = {
  id: 'crm-step-in-two-stages',
  meta: {
    description: 'two `crm.stages` map to overlapping but different step sets: a step in two observed groups',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      overlap:
        'stage "{{stage}}" maps to [{{steps}}] and stage "{{earlier}}" to [{{earlierSteps}}]: {{shared}} would be in two groups; map both stages to the same steps, or to steps that do not overlap',
    },
  },
  check({ memo, report }) {
    // Groups are the distinct step sets of the stages, in file order; each later group is reported against the first
    // earlier group it shares a step with. That group is the smallest first holder of any of its steps: found through
    // a step → first group index map, so a CRM block with thousands of stages costs linear time, not quadratic.
    const { groups } = memo(observedMapping);
    const firstHolder = new Map<string, number>();
    groups.forEach((group, index) => {
      let earliest = index;
      for (const step of group.steps) {
        const holder = firstHolder.get(step);
        if (holder === undefined) firstHolder.set(step, index);
        else if (holder < earliest) earliest = holder;
      }
      if (earliest === index) return;
      const earlier = groups[earliest]!;
      const shared = group.steps.filter((step) => earlier.steps.includes(step));
      report({
        path: ['crm', 'stages', group.id],
        messageId: 'overlap',
        data: {
          stage: group.id,
          steps: group.steps.join(', '),
          earlier: earlier.id,
          earlierSteps: earlier.steps.join(', '),
          shared: `${plural(shared, 'step')} ${shared.join(', ')}`,
        },
      });
    });
  },
};

function plural(items: readonly string[], word: string): string {
  return items.length === 1 ? word : `${word}s`;
}

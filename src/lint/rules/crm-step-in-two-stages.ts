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
    // Groups are the distinct step sets of the stages, in file order; each later group is checked against the earlier.
    const { groups } = memo(observedMapping);
    groups.forEach((group, index) => {
      for (const earlier of groups.slice(0, index)) {
        const shared = group.steps.filter((step) => earlier.steps.includes(step));
        if (shared.length === 0) continue;
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
        break;
      }
    });
  },
};

function plural(items: readonly string[], word: string): string {
  return items.length === 1 ? word : `${word}s`;
}

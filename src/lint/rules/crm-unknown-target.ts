/** crm-unknown-target: every CRM stage must record one outcome, or steps of this process. */
import type { Rule } from '../rule.js';

export const crmUnknownTarget: Rule = {
  id: 'crm-unknown-target',
  meta: {
    description: 'a `crm.stages` entry naming no step or outcome, or an outcome in a list of steps',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      unknownTarget: 'stage "{{stage}}" maps to "{{id}}", which is neither a step nor an outcome; use one of: {{known}}',
      outcomeAmongSteps: 'stage "{{stage}}" lists outcome "{{id}}" among steps: a stage records one outcome or a list of steps; write `{{stage}}: {{id}}` in an entry of its own',
      notAStep: '"{{id}}" in stage "{{stage}}" is not a step; a list names steps of this process: {{steps}}',
    },
  },
  check({ process, report, data }) {
    const { steps, outcomes } = process;
    const known = [...steps.keys(), ...outcomes.keys()].join(', ');
    for (const [stage, ids] of process.crm?.stages ?? []) {
      const at: (string | number)[] = ['crm', 'stages', stage];
      // A one-item list means what the bare id means; findings in a list point at the item.
      const written = rawStages(data?.current)?.[stage];
      const itemPath = (index: number) => (Array.isArray(written) ? [...at, index] : at);
      if (ids.length === 1) {
        const id = ids[0]!;
        if (!steps.has(id) && !outcomes.has(id)) {
          report({ path: itemPath(0), messageId: 'unknownTarget', data: { stage, id, known } });
        }
        continue;
      }
      ids.forEach((id, index) => {
        if (outcomes.has(id)) {
          report({ path: itemPath(index), messageId: 'outcomeAmongSteps', data: { stage, id } });
        } else if (!steps.has(id)) {
          report({ path: itemPath(index), messageId: 'notAStep', data: { id, stage, steps: [...steps.keys()].join(', ') } });
        }
      });
    }
  },
};

function rawStages(data: unknown): Record<string, unknown> | undefined {
  const crm = data && typeof data === 'object' ? (data as Record<string, unknown>)['crm'] : undefined;
  const stages = crm && typeof crm === 'object' ? (crm as Record<string, unknown>)['stages'] : undefined;
  return stages && typeof stages === 'object' ? (stages as Record<string, unknown>) : undefined;
}

/** crm-won-unmapped: with `crm.stages`, some stage must record a won outcome, or won deals look open forever. */
import { observedMapping } from '../../model/crm.js';
import type { Rule } from '../rule.js';

export const crmWonUnmapped: Rule = {
  id: 'crm-won-unmapped',
  meta: {
    description: '`crm.stages` maps no stage to a `won` outcome',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      noWonStage: 'no CRM stage maps to a won outcome ({{won}}): won deals would look open; add your closed-won stage, e.g. `closedwon: {{example}}`',
    },
  },
  check({ process, memo, report }) {
    if (!process.crm || process.crm.stages.size === 0) return;
    const mapping = memo(observedMapping);
    const recordsWin = [...process.crm.stages.keys()].some((stage) => {
      const target = mapping.resolveStage(stage);
      return target?.kind === 'outcome' && process.outcomes.get(target.outcome)?.result === 'won';
    });
    if (recordsWin) return;
    const won = [...process.outcomes.values()].filter((o) => o.result === 'won').map((o) => o.id);
    report({ path: ['crm', 'stages'], target: 'key', messageId: 'noWonStage', data: { won: won.join(', ') || 'none defined', example: won[0] ?? 'won' } });
  },
};

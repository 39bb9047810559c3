/** value-not-presented: asking before the buyer has seen the value (a demo, a trial or a proposal) asks too early. */
import { asksReachedWithout, buildPathGraph } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

/**
 * The step kinds in which the buyer sees the value. A trial counts: in a product-led motion the buyer sees the
 * value by using the product, which is what a demo shows second-hand.
 */
const DEFAULT_OPTIONS = { presentingKinds: ['demo', 'trial', 'proposal'] };

const STEP_KINDS = ['discovery', 'demo', 'trial', 'proposal', 'review', 'negotiation', 'close', 'other'];

export const valueNotPresented: Rule = {
  id: 'value-not-presented',
  meta: {
    description: 'no `demo`, `trial` or `proposal` step before the ask',
    defaultSeverity: 'warning',
    defaultOptions: DEFAULT_OPTIONS,
    optionsSchema: {
      presentingKinds: {
        title: 'Step kinds that present the value',
        description: 'a step of one of these kinds must come before every ask (default demo, trial, proposal).',
        type: 'array',
        items: { enum: STEP_KINDS },
        minItems: 1,
        uniqueItems: true,
      },
    },
    scope: 'file',
    needsKnownReferences: true,
    messages: {
      askBeforeValue:
        'a path {{path}} reaches the ask with no {{kinds}} before it; add a step of kind {{kinds}} on every path to "{{step}}"',
    },
  },
  check({ options, report, memo }) {
    const configured = options['presentingKinds'];
    const kinds: readonly string[] = Array.isArray(configured) && configured.length > 0 ? (configured as string[]) : DEFAULT_OPTIONS.presentingKinds;
    const graph = memo(buildPathGraph);
    for (const { step, path } of asksReachedWithout(graph, (i) => kinds.includes(graph.steps[i]!.kind ?? ''))) {
      report({ path: step.path, target: 'key', messageId: 'askBeforeValue', data: { path, kinds: orList(kinds), step: step.id } });
    }
  },
};

/** "demo, trial or proposal". */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** unused-disable-directive: reported by the engine (src/lint/directives.ts); this module carries its metadata. */
import type { Rule } from '../rule.js';

export const unusedDisableDirective: Rule = {
  id: 'unused-disable-directive',
  meta: {
    description: 'an spx-disable-next-line comment that silences nothing, or names a rule that does not exist',
    defaultSeverity: 'warning',
    scope: 'file',
    messages: {
      unused: 'this spx-disable-next-line directive silences nothing{{rules}}; remove it',
      unknownRule: 'unknown rule {{rule}} in this spx-disable-next-line directive; fix the rule id or remove it',
      unknownRuleNear: 'unknown rule {{rule}}; did you mean {{suggestion}}?',
      cannotSilence: '{{rule}} findings cannot be silenced (the file has no model until they are fixed); remove {{rule}} from this directive',
    },
  },
};

/** unused-disable-directive: reported by the engine (src/lint/directives.ts); this module carries its metadata. */
import type { Rule } from '../rule.js';

export const unusedDisableDirective: Rule = {
  id: 'unused-disable-directive',
  meta: {
    description: 'an spx-disable-next-line comment that silences nothing',
    defaultSeverity: 'warning',
    scope: 'file',
  },
};

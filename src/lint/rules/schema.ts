/** schema: reported by the loader (src/model/validate.ts); this module carries its metadata. */
import { SCHEMA_MESSAGES } from '../../model/validate.js';
import type { Rule } from '../rule.js';

export const schema: Rule = {
  id: 'schema',
  meta: {
    description: 'a JSON Schema violation: unknown field, wrong type, bad semver, bad id, unsupported apiVersion',
    defaultSeverity: 'error',
    scope: 'file',
    messages: SCHEMA_MESSAGES,
  },
};

/** yaml-syntax: reported by the loader (src/model/load.ts); this module carries its metadata. */
import { YAML_SYNTAX_MESSAGES } from '../../model/load.js';
import type { Rule } from '../rule.js';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  meta: {
    description: 'YAML that does not parse, duplicate keys, tags, or aliases, size and nesting beyond the limits',
    defaultSeverity: 'error',
    scope: 'file',
    messages: YAML_SYNTAX_MESSAGES,
  },
};

/** The JSON Schema of spx.config.yaml, built from the rule registry: each rule's id with its own options schema. */
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

const SEVERITY_REF = { $ref: '#/$defs/severity' };

/**
 * The schema `schemas/config.schema.json` holds (a test keeps the file equal to it, and the build regenerates
 * it). A rule id outside the registry, or an option the rule does not declare, is an error.
 */
export function configSchema(rules: readonly Rule[] = RULES): Record<string, unknown> {
  const ruleSettings = Object.fromEntries(
    rules.map((rule) => {
      const options = rule.meta.optionsSchema ?? {};
      const names = Object.keys(options);
      const object = {
        type: 'object',
        title: names.length > 0 ? `${rule.id} with options` : `${rule.id} with a severity`,
        description:
          names.length > 0
            ? `A severity and ${rule.id}'s options (${names.join(', ')}); see docs/rules/${rule.id}.md.`
            : `${rule.id} takes no options: only a severity.`,
        additionalProperties: false,
        properties: { severity: SEVERITY_REF, ...options },
      };
      return [rule.id, { title: rule.id, description: rule.meta.description, anyOf: [SEVERITY_REF, object] }];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://spx.dev/schemas/config.schema.json',
    title: 'spx configuration (spx.config.yaml)',
    description: 'Rule severities and thresholds for spx lint. Found upward from the working directory, or named with --config.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        title: 'Rules',
        description:
          "Per-rule settings, keyed by rule id: a severity (off, warning, error) or an object with a severity and the rule's options.",
        type: 'object',
        additionalProperties: false,
        properties: ruleSettings,
      },
      ignore: {
        title: 'Ignored paths',
        description:
          'Glob patterns, relative to the directory spx runs in, of files that spx lint skips when expanding directories and globs, and that spx diff --base skips among the changed files.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
    },
    $defs: {
      severity: {
        title: 'Severity',
        description: 'off disables the rule; warning reports without failing; error fails the run.',
        enum: ['off', 'warning', 'error'],
      },
    },
  };
}

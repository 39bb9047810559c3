/** The JSON Schema of spx.config.yaml, built from the rule registry: each rule's id with its own options schema. */
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

const SEVERITY_REF = { $ref: '#/$defs/severity' };

/**
 * The `calendar` of spx.config.yaml: the process format's calendar (schemas/process.schema.json, without `x-` keys);
 * a test keeps the two in step.
 */
const SHARED_CALENDAR = {
  title: 'Shared calendar',
  description:
    "The calendar of every process that has no `calendar` of its own (a process's own calendar replaces it whole): workdays, holidays and time zone, as in a process file. Default: Monday to Friday, no holidays, UTC.",
  type: 'object',
  additionalProperties: false,
  properties: {
    workdays: {
      title: 'Workdays',
      description: 'Days of the week that count as business days, e.g. `[mon, tue, wed, thu, fri]`.',
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
    },
    holidays: {
      title: 'Holidays',
      description:
        'Days that are not business days even on a workday: a date (`2026-11-26`, that day only) or a month and day (`12-25`, that date every year; `02-29` only in leap years).',
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
        pattern: '^(\\d{4}-\\d{2}-\\d{2}|(0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|02-(0[1-9]|1\\d|2\\d))$',
      },
    },
    timeZone: {
      title: 'Time zone',
      description:
        'The IANA time zone (e.g. `Europe/Berlin`, `America/New_York`) in which the days of deal data are counted: a bare date in a CRM export is midnight here, and business time falls on workdays here. Default `UTC`. A name the time zone database does not know is an error.',
      type: 'string',
      minLength: 1,
      maxLength: 100,
    },
  },
};

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
    description: 'Rule severities and thresholds for spx lint, and the calendar shared by every process without one. Found upward from the working directory, or named with --config.',
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
      calendar: { $ref: '#/$defs/calendar' },
    },
    $defs: {
      calendar: SHARED_CALENDAR,
      severity: {
        title: 'Severity',
        description: 'off disables the rule; warning reports without failing; error fails the run.',
        enum: ['off', 'warning', 'error'],
      },
    },
  };
}

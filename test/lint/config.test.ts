// spx.config.yaml: checked against the schema built from the rule registry (rule ids, each rule's own options).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/lint/config-schema.js';
import { parseConfig, ruleSetting, unknownRuleMessage } from '../../src/lint/config.js';
import { RULES } from '../../src/lint/rules/index.js';

const parse = (yaml: string) => parseConfig('spx.config.yaml', new TextEncoder().encode(yaml));
const failure = (yaml: string): string => {
  try {
    parse(yaml);
  } catch (error) {
    return `${(error as { code?: string }).code} ${(error as Error).message}`;
  }
  return 'no error';
};

describe('config', () => {
  it('schemas/config.schema.json is the schema built from the registry (the build regenerates it)', () => {
    expect(JSON.parse(readFileSync('schemas/config.schema.json', 'utf8'))).toEqual(configSchema(RULES));
  });

  it('takes the process format’s calendar as the shared calendar (same fields, same checks)', () => {
    const processCalendar = JSON.parse(readFileSync('schemas/process.schema.json', 'utf8')).properties.calendar;
    const shared = (configSchema(RULES) as { $defs: { calendar: { properties: unknown } } }).$defs.calendar;
    expect(shared.properties).toEqual(processCalendar.properties);
    expect(parse('calendar:\n  holidays: [12-25, 2027-01-01]\n').calendar).toEqual({
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: ['12-25', '2027-01-01'],
      timeZone: 'UTC',
    });
    expect(parse('rules: {}\n').calendar).toBeUndefined();
    expect(failure('calendar:\n  holidays: [12-32]\n')).toMatch(/^E_CONFIG spx\.config\.yaml:2:14: /);
  });

  it('lists every rule of the registry, with the options it declares and no others', () => {
    const rules = (configSchema(RULES) as { properties: { rules: { properties: Record<string, { anyOf: { properties?: object }[] }> } } }).properties.rules.properties;
    expect(Object.keys(rules)).toEqual(RULES.map((r) => r.id));
    expect(Object.keys(rules['target-missed']!.anyOf[1]!.properties!)).toEqual(['severity', 'tolerance']);
    expect(Object.keys(rules['no-owner']!.anyOf[1]!.properties!)).toEqual(['severity']);
  });

  it('accepts a rule option the rule declares', () => {
    const config = parse('rules:\n  target-missed: { severity: error, tolerance: 0.05 }\n  value-not-presented: { presentingKinds: [demo] }\n');
    expect(ruleSetting(RULES.find((r) => r.id === 'target-missed')!, config)).toEqual({ severity: 'error', options: { tolerance: 0.05 } });
    expect(ruleSetting(RULES.find((r) => r.id === 'value-not-presented')!, config).options).toEqual({ presentingKinds: ['demo'] });
  });

  it("refuses an option of another rule: no-owner has no tolerance", () => {
    expect(failure('rules:\n  no-owner: { tolerance: 1 }\n')).toBe(
      'E_CONFIG spx.config.yaml:2:15: unknown field "tolerance" in rules.no-owner; remove it or check its spelling',
    );
  });

  it("refuses a bad value for a rule's own option", () => {
    expect(failure('rules:\n  value-not-presented: { presentingKinds: [webinar] }\n')).toMatch(
      /^E_CONFIG spx\.config\.yaml:2:44: rules\.value-not-presented\.presentingKinds\[0\] must be one of: discovery, demo, trial/,
    );
  });

  it('names the rule a misspelt id was meant to be', () => {
    expect(failure('rules:\n  no-ownr: warning\n')).toBe('E_CONFIG spx.config.yaml:2:3: unknown rule no-ownr; did you mean no-owner?');
    expect(failure('rules:\n  frobnicate: off\n')).toBe('E_CONFIG spx.config.yaml:2:3: unknown rule frobnicate; see spx rules for the rule ids');
  });

  it('unknownRuleMessage: undefined for a rule, the nearest rule otherwise', () => {
    expect(unknownRuleMessage('gate-bypass')).toBeUndefined();
    expect(unknownRuleMessage('gate-bypas')).toBe('unknown rule gate-bypas; did you mean gate-bypass?');
    expect(unknownRuleMessage('trap-cylce')).toBe('unknown rule trap-cylce; did you mean trap-cycle?');
  });
});

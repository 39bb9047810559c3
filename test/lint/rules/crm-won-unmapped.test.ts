// crm-won-unmapped: with crm.stages, some stage records a won outcome; reported at the stages key.
import { BASE, testRule } from '../rule-tester.js';

const withCrm = (crm: string): string => `${BASE}${crm}\n`;

testRule('crm-won-unmapped', {
  valid: [
    { name: 'no crm block', yaml: BASE },
    { name: 'a crm block without stages (stage values equal to ids map by themselves)', yaml: withCrm('crm: { pipeline: default }') },
    { name: 'a stage records won', yaml: withCrm('crm: { stages: { discovery: call, closedwon: won } }') },
    { name: 'a one-item list of won', yaml: withCrm('crm: { stages: { closedwon: [won] } }') },
    {
      name: 'another outcome whose result is won',
      yaml: `${BASE.replace('outcomes: { won: { result: won }, lost: { result: lost } }', 'outcomes: { won: { result: won }, won-pilot: { result: won }, lost: { result: lost } }')}crm: { stages: { pilotsigned: won-pilot } }\n`,
    },
  ],
  invalid: [
    {
      name: 'only steps and lost are mapped',
      yaml: withCrm('crm:\n  pipeline: default\n  stages:\n    discovery: call\n    closedlost: lost'),
      errors: [{ line: 35, column: 3, message: 'no CRM stage maps to a won outcome (won): won deals would look open; add your closed-won stage, e.g. `closedwon: won`' }],
    },
    {
      name: 'won in a list of steps does not count (crm-unknown-target reports the list)',
      yaml: withCrm('crm:\n  stages:\n    closing: [close, won]'),
      errors: [{ line: 34, column: 3 }],
    },
  ],
});

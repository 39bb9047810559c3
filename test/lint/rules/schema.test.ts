// schema: emitted by the loader for JSON Schema violations, at the key (unknown fields, bad ids) or the value.
import { BASE, testRule } from '../rule-tester.js';

testRule('schema', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'every optional field in place',
      yaml: BASE.replace(
        'metadata: { name: demo, version: 1.0.0, segment: smb }\n',
        'metadata: { name: demo, title: Demo, version: 1.0.0-rc.1, segment: smb, description: Test., owners: [revops@example.com] }\n' +
          'appliesTo: { employees: { min: 1, max: 49 }, arr: { max: 20000 }, industries: [any], regions: [emea] }\n' +
          'targets: { cycleDays: 10, winRate: 0.3 }\n' +
          'calendar: { workdays: [mon, tue, wed, thu, fri], holidays: [2026-12-25] }\n',
      ),
    },
    {
      name: 'recurring holidays (MM-DD, 02-29 included) next to dated ones',
      yaml: BASE.replace('start: call', 'calendar: { holidays: [12-25, 01-01, 02-29, 2026-11-26] }\nstart: call'),
    },
  ],
  invalid: [
    {
      name: 'an internal step cannot be the ask: reported at `ask`',
      yaml: BASE.replace('    kind: close\n    ask: true', '    kind: internal\n    ask: true'),
      errors: [{ line: 23, column: 10, message: 'steps.close.ask: a step of kind internal runs on our side only and cannot be the ask; remove `ask: true`, or ask in a step the buyer takes part in' }],
    },
    {
      name: 'a month and day that no year has',
      yaml: BASE.replace('start: call', 'calendar: { holidays: [02-30] }\nstart: call'),
      errors: [{ line: 8, column: 24, message: 'calendar.holidays[0] has the wrong form: expected a date such as 2026-11-26, or a month and day that recurs every year such as 12-25' }],
    },
    {
      name: 'an unknown field: reported at its key',
      yaml: BASE.replace('    kind: demo\n', '    kind: demo\n    colour: red\n'),
      errors: [{ line: 13, column: 5, message: 'unknown field "colour" in steps.call; remove it or check its spelling' }],
    },
    {
      name: 'a step id with a space: reported at the key',
      yaml: BASE.replace('start: call', 'start: first-call').replace('  call:\n', '  first call:\n'),
      errors: [{ line: 10, column: 3, message: '"first call" in steps is not a valid id; use lowercase letters, digits and dashes (e.g. security-review)' }],
    },
    {
      name: 'a probability given as a word: reported at the value',
      yaml: BASE.replace('p: 0.6', 'p: high'),
      errors: [{ line: 17, column: 25, message: 'steps.call.next[0].p must be a number' }],
    },
    {
      name: 'a version that is not semver',
      yaml: BASE.replace('version: 1.0.0', 'version: v1.2'),
      errors: [{ line: 3, column: 34, message: 'metadata.version has the wrong form (Process version): expected a semver version such as 1.2.0' }],
    },
    {
      name: 'a missing required field: reported at the object that lacks it',
      yaml: BASE.replace('start: call\n', ''),
      errors: [{ line: 1, column: 1, message: /is missing the required field "start"; add it$/ }],
    },
    {
      name: 'a step kind outside the list',
      yaml: BASE.replace('kind: demo', 'kind: meeting'),
      errors: [{ line: 12, column: 11, message: 'steps.call.kind must be one of: discovery, demo, trial, proposal, review, negotiation, close, other' }],
    },
    {
      name: 'a newer format major: refused with an upgrade message',
      yaml: BASE.replace('apiVersion: spx/v1', 'apiVersion: spx/v2'),
      errors: [{ line: 1, column: 13, message: 'apiVersion spx/v2 is not supported: this spx reads spx/v1; upgrade spx' }],
    },
  ],
});

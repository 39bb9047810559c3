// crm-unknown-target: each CRM stage records one outcome or steps of the process; findings at the entry or list item.
import { BASE, testRule } from '../rule-tester.js';

/** BASE (steps call and close; outcomes won and lost) with a crm block from line 33. */
const withCrm = (crm: string): string => `${BASE}${crm}\n`;

testRule('crm-unknown-target', {
  valid: [
    { name: 'no crm block', yaml: BASE },
    { name: 'steps, a list of steps, outcomes, and a one-item list of an outcome', yaml: withCrm('crm: { stages: { a: call, b: [call, close], closedwon: won, closedlost: [lost] } }') },
    { name: 'labels with spaces and capitals as stage names', yaml: withCrm('crm:\n  stages:\n    "Closed Won": won\n    Discovery Call: call') },
  ],
  invalid: [
    {
      name: 'a stage naming an unknown id',
      yaml: withCrm('crm: { stages: { demo: demo, closedwon: won } }'),
      errors: [{ line: 33, column: 24, message: 'stage "demo" maps to "demo", which is neither a step nor an outcome; use one of: call, close, won, lost' }],
    },
    {
      name: 'a one-item list naming an unknown id: at the item',
      yaml: withCrm('crm: { stages: { demo: [demo] } }'),
      errors: [{ line: 33, column: 25, message: 'stage "demo" maps to "demo"' }],
    },
    {
      name: 'a list mixing an outcome with steps: at the outcome',
      yaml: withCrm('crm:\n  stages:\n    closing: [close, won]'),
      errors: [{ line: 35, column: 22, message: 'stage "closing" lists outcome "won" among steps: a stage records one outcome or a list of steps; write `closing: won` in an entry of its own' }],
    },
    {
      name: 'a list of two outcomes and an unknown step, each reported',
      yaml: withCrm('crm:\n  stages:\n    closed: [won, lost, signed]'),
      errors: [
        { line: 35, column: 14, message: 'lists outcome "won"' },
        { line: 35, column: 19, message: 'lists outcome "lost"' },
        { line: 35, column: 25, message: '"signed" in stage "closed" is not a step; a list names steps of this process: call, close' },
      ],
    },
  ],
});

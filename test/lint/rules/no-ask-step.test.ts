// no-ask-step: some step must ask for the business (`ask: true`); reported at the `steps` key.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('no-ask-step', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'the only step asks', yaml: doc('a: { ask: true, duration: 1, next: [{ to: won }] }') },
    { name: 'an ask step that is not on every path still counts (won-without-ask checks paths)', yaml: doc('a: { duration: 1, next: [{ to: won }] }', 'b: { ask: true, duration: 1, next: [{ to: won }] }') },
  ],
  invalid: [
    {
      name: 'the base process without `ask: true`',
      yaml: BASE.replace('    ask: true\n', ''),
      errors: [{ line: 9, column: 1, message: 'no step asks for the signed contract; mark the closing step with `ask: true` and give it a `requires` gate' }],
    },
    {
      name: '`ask: false` everywhere',
      yaml: doc('a: { ask: false, duration: 1, next: [{ to: b }] }', 'b: { ask: false, duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 6, column: 1 }],
    },
    {
      name: 'a gate without ask does not make a step an ask step',
      yaml: doc('a: { kind: close, requires: { involved: [owner] }, duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 6, column: 1 }],
    },
    {
      name: 'a comment line above `steps:` moves the report with the key',
      yaml: BASE.replace('    ask: true\n', '').replace('steps:\n', '# the steps\nsteps:\n'),
      errors: [{ line: 10, column: 1 }],
    },
  ],
});

// no-exit-criteria: every step lists what must be true to move on.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('no-exit-criteria', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'a block list of criteria',
      yaml: doc('a:', '  duration: 1', '  exitCriteria:', '    - Budget confirmed', '    - Decision date agreed', '  next: [{ to: won }]'),
    },
  ],
  invalid: [
    {
      name: 'the base process with the exit criteria of call removed: reported at the step id',
      yaml: BASE.replace('    exitCriteria: [Pain confirmed]\n', ''),
      errors: [{ line: 10, column: 3, message: 'step "call" has no exit criteria; list what must be true to move on (exitCriteria: [...])' }],
    },
    {
      name: 'an empty list counts as none',
      yaml: doc('a: { duration: 1, exitCriteria: [], next: [{ to: won }] }'),
      errors: [{ line: 7, column: 3, message: /step "a" has no exit criteria/ }],
    },
    {
      name: 'every step without criteria is reported, parallel steps included',
      yaml: doc(
        'a: { exitCriteria: [Fit agreed], duration: 1, next: [{ to: b }] }',
        'b: { parallel: { x: { duration: 1 }, y: { duration: 2 } }, next: [{ to: c }] }',
        'c: { duration: 1, next: [{ to: won }] }',
      ),
      errors: [
        { line: 8, column: 3, message: /"b"/ },
        { line: 9, column: 3, message: /"c"/ },
      ],
    },
  ],
});

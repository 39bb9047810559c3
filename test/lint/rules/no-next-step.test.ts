// no-next-step: a step with no `next` ends the encounter without a defined next step; reported at the step id.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('no-next-step', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'a single transition without p is enough', yaml: doc('a: { ask: true, duration: 1, next: [{ to: won }] }') },
    {
      name: 'a parallel step with next',
      yaml: doc('a: { parallel: { x: { duration: 1 }, y: { duration: 2 } }, next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5 }] }'),
    },
  ],
  invalid: [
    {
      name: 'the first step has no next (the base with its next removed)',
      yaml: BASE.replace('    next:\n      - { to: close, p: 0.6, within: 2 }\n      - { to: lost, p: 0.4, reason: no-fit }\n', ''),
      errors: [{ line: 10, column: 3, message: 'step "call" has no next step; add `next` with where the deal goes (and `lost` with a reason)' }],
    },
    {
      name: 'an empty next list counts as none',
      yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b: { ask: true, duration: 1, next: [] }'),
      errors: [{ line: 8, column: 3, message: /step "b" has no next step/ }],
    },
    {
      name: 'each step without next is reported, in file order',
      yaml: doc('a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: c, p: 0.5 }] }', 'b: { duration: 1 }', 'c:', '  duration: 2'),
      errors: [
        { line: 8, column: 3, message: /"b"/ },
        { line: 9, column: 3, message: /"c"/ },
      ],
    },
  ],
});

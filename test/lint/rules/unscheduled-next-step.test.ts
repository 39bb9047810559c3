// unscheduled-next-step: a transition to another step without `within`; reported at the transition.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('unscheduled-next-step', {
  valid: [
    { name: 'the base process: transitions to outcomes need no within', yaml: BASE },
    {
      name: 'within 0 (the next meeting is booked back to back), a string and a three-point estimate all count',
      yaml: doc(
        'a: { duration: 1, next: [{ to: b, p: 0.4, within: 0 }, { to: c, p: 0.3, within: "1w" }, { to: a, p: 0.3, within: { min: 1, likely: 2, max: 5 } }] }',
        'b: { duration: 1, next: [{ to: won }] }',
        'c: { duration: 1, next: [{ to: lost }] }',
      ),
    },
  ],
  invalid: [
    {
      name: 'the base process with the within of call → close removed',
      yaml: BASE.replace('{ to: close, p: 0.6, within: 2 }', '{ to: close, p: 0.6 }'),
      errors: [{ line: 17, column: 9, message: 'next step "close" has no `within`; agree when it happens (e.g. within: 3) before the meeting ends' }],
    },
    {
      name: 'a loop back to the same step is a next meeting too',
      yaml: doc('a: { duration: 1, next: [{ to: a, p: 0.2 }, { to: won, p: 0.8 }] }'),
      errors: [{ line: 7, column: 28, message: /next step "a" has no `within`/ }],
    },
    {
      name: 'block-style transitions: reported at each transition without within',
      yaml: doc(
        'a:',
        '  duration: 1',
        '  next:',
        '    - to: b',
        '      p: 0.5',
        '    - to: c',
        '      p: 0.5',
        '      within: 3',
        'b:',
        '  duration: 1',
        '  next:',
        '    - { to: c }',
        'c: { duration: 1, next: [{ to: won }] }',
      ),
      errors: [
        { line: 10, column: 9, message: /"b"/ },
        { line: 18, column: 9, message: /"c"/ },
      ],
    },
  ],
});

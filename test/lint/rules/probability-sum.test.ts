// probability-sum: each step's p values are given (when there are several transitions) and sum to 1.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('probability-sum', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'a lone transition may omit p (it is certain)', yaml: doc('a: { duration: 1, next: [{ to: won }] }') },
    {
      name: '0.1 + 0.2 + 0.7 is 1 within the tolerance',
      yaml: doc('a: { duration: 1, next: [{ to: won, p: 0.1 }, { to: lost, p: 0.2 }, { to: a, p: 0.7, within: 1 }] }'),
    },
    { name: 'a step with no next is left to no-next-step', yaml: doc('a: { duration: 1 }') },
  ],
  invalid: [
    {
      name: 'odds that sum to 0.9: reported at the next list',
      yaml: BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, p: 0.3, reason: no-fit }'),
      errors: [{ line: 17, column: 7, message: 'the p values of "call" sum to 0.9, not 1; adjust them so they add up to 1' }],
    },
    {
      name: 'a missing p among several transitions: reported at that transition, not as a sum',
      yaml: BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, reason: no-fit }'),
      errors: [{ line: 18, column: 9, message: 'transition to "lost" has no `p`; give every transition of "call" a probability' }],
    },
    {
      name: 'a lone transition with p below 1',
      yaml: doc('a: { duration: 1, next: [{ to: won, p: 0.5 }] }'),
      errors: [{ line: 7, column: 27, message: /sum to 0.5, not 1/ }],
    },
    {
      name: 'two transitions without p: each is reported',
      yaml: doc('a: { duration: 1, next: [{ to: won }, { to: lost }] }'),
      errors: [
        { line: 7, column: 28, message: /"won" has no `p`/ },
        { line: 7, column: 41, message: /"lost" has no `p`/ },
      ],
    },
    {
      name: 'odds that sum to more than 1, in a second step',
      yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b:', '  duration: 1', '  next:', '    - { to: won, p: 0.7 }', '    - { to: lost, p: 0.7 }'),
      errors: [{ line: 11, column: 7, message: /sum to 1.4/ }],
    },
  ],
});

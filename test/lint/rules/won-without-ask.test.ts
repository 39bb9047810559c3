// won-without-ask: a path reaches won without passing an ask step; reported at the transition into won.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('won-without-ask', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'no ask step at all (no-ask-step reports it)', yaml: doc('a: { duration: 1, next: [{ to: won }] }') },
    {
      name: 'every path to won leaves an ask step, even after looping back',
      yaml: doc('a: { duration: 1, next: [{ to: ask }] }', 'ask: { ask: true, duration: 1, next: [{ to: won, p: 0.5 }, { to: b, p: 0.5 }] }', 'b: { duration: 1, next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5 }] }'),
    },
  ],
  invalid: [
    {
      name: 'the first step can win directly',
      yaml: doc(
        'a:',
        '  duration: 1',
        '  next:',
        '    - { to: ask, p: 0.5 }',
        '    - { to: won, p: 0.5 }',
        'ask: { ask: true, duration: 1, next: [{ to: won }] }',
      ),
      errors: [{ line: 11, column: 9, message: 'the path a → won wins without an ask step; route it through the step that asks for the business' }],
    },
    {
      name: 'each transition into won that skips the ask is reported once, even if reached again after the ask',
      yaml: doc(
        'a:',
        '  duration: 1',
        '  next:',
        '    - { to: b, p: 0.5 }',
        '    - { to: ask, p: 0.5 }',
        'b:',
        '  duration: 1',
        '  next:',
        '    - { to: won, p: 0.5 }',
        '    - { to: ask, p: 0.5 }',
        'ask: { ask: true, duration: 1, next: [{ to: b }] }',
      ),
      errors: [{ line: 15, column: 9, message: /the path a → b → won/ }],
    },
    {
      name: 'the only ask step is unreachable',
      yaml: doc('a: { duration: 1, next: [{ to: won }] }', 'ask: { ask: true, duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 7, column: 28 }],
    },
  ],
});

// trap-cycle: loops no outcome can be reached from; each step of the loop is reported at its key.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...steps: string[]): string => processDoc(steps);

testRule('trap-cycle', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'a loop with a way out', yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b: { duration: 1, next: [{ to: a, p: 0.9 }, { to: lost, p: 0.1 }] }') },
    { name: 'a dead end is not a loop (no-next-step reports it)', yaml: doc('a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: won, p: 0.5 }] }', 'b: { title: Dead end, duration: 1 }') },
  ],
  invalid: [
    {
      name: 'two steps that only lead to each other; the step leading in is not reported',
      yaml: doc('a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: won, p: 0.5 }] }', 'b: { duration: 1, next: [{ to: c }] }', 'c: { duration: 1, next: [{ to: b }] }'),
      errors: [
        { line: 8, column: 3, message: 'deals in b, c loop forever: add a transition (p > 0) from "b" or another step of the loop to an outcome' },
        { line: 9, column: 3, message: 'deals in b, c loop forever: add a transition (p > 0) from "c" or another step of the loop to an outcome' },
      ],
    },
    {
      name: 'a step that loops on itself',
      yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b: { duration: 1, next: [{ to: b }] }'),
      errors: [{ line: 8, column: 3, message: /deals in b loop forever/ }],
    },
    {
      name: 'the only way out has p: 0',
      yaml: doc('a: { duration: 1, next: [{ to: a, p: 1 }, { to: won, p: 0 }] }'),
      errors: [{ line: 7, column: 3, message: /deals in a loop forever/ }],
    },
  ],
});

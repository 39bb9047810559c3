// unreachable-step: steps no path from start reaches (edges: p > 0, or p left out), reported at the step's key.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...steps: string[]): string => processDoc(steps);

testRule('unreachable-step', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'steps reached through a loop', yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b: { duration: 1, next: [{ to: a, p: 0.5 }, { to: c, p: 0.5 }] }', 'c: { duration: 1, next: [{ to: won }] }') },
    {
      name: 'a transition without p still counts (probability-sum reports it)',
      yaml: doc('a: { duration: 1, next: [{ to: b }, { to: lost }] }', 'b: { duration: 1, next: [{ to: won }] }'),
    },
  ],
  invalid: [
    {
      name: 'a step nothing leads to',
      yaml: doc('a: { duration: 1, next: [{ to: won }] }', 'orphan: { duration: 1, next: [{ to: a }] }'),
      errors: [{ line: 8, column: 3, message: 'no path from "a" reaches step "orphan"; add a transition to it (p > 0) or remove it' }],
    },
    {
      name: 'a step reached only by a transition with p: 0',
      yaml: doc('a: { duration: 1, next: [{ to: b, p: 0 }, { to: won, p: 1 }] }', 'b: { duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 8, column: 3, message: /step "b"/ }],
    },
    {
      name: 'two orphans that lead to each other',
      yaml: doc('a: { duration: 1, next: [{ to: won }] }', 'x: { duration: 1, next: [{ to: y }] }', 'y: { duration: 1, next: [{ to: x, p: 0.5 }, { to: won, p: 0.5 }] }'),
      errors: [
        { line: 8, column: 3, message: /"x"/ },
        { line: 9, column: 3, message: /"y"/ },
      ],
    },
  ],
});

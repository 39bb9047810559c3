// trap-cycle: loops no outcome can be reached from; each step of the loop is reported at its key.
import { BASE, testRule } from '../rule-tester.js';

/** A small process: `start: a` on line 5, the given steps from line 7 (one per line, column 3). */
const doc = (...steps: string[]): string => `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: t, version: 1.0.0, segment: smb }
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }
start: a
steps:
${steps.map((s) => `  ${s}\n`).join('')}outcomes: { won: { result: won }, lost: { result: lost } }
`;

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

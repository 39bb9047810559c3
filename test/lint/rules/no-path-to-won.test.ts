// no-path-to-won: no won-result outcome is reachable from start; reported once at `start`.
import { BASE, processDoc, testRule } from '../rule-tester.js';

/** A small process: `start: a` on line 5 (value at column 8), the given steps from line 7. */
const doc = (steps: string[], outcomes?: string): string => processDoc(steps, { outcomes });

testRule('no-path-to-won', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'won reached round a loop', yaml: doc(['a: { duration: 1, next: [{ to: b }] }', 'b: { duration: 1, next: [{ to: a, p: 0.7 }, { to: won, p: 0.3 }] }']) },
    {
      name: 'an outcome with another name whose result is won',
      yaml: doc(['a: { duration: 1, next: [{ to: signed, p: 0.5 }, { to: lost, p: 0.5 }] }'], '{ signed: { result: won }, won: { result: won }, lost: { result: lost } }'),
    },
  ],
  invalid: [
    {
      name: 'every path ends lost',
      yaml: doc(['a: { duration: 1, next: [{ to: b }] }', 'b: { duration: 1, next: [{ to: lost }] }']),
      errors: [{ line: 5, column: 8, message: 'no path from "a" reaches a won outcome; add a transition (p > 0) to `won` from the step that asks for the business' }],
    },
    {
      name: 'the transition to won has p: 0',
      yaml: doc(['a: { duration: 1, next: [{ to: won, p: 0 }, { to: lost, p: 1 }] }']),
      errors: [{ line: 5, column: 8 }],
    },
    {
      name: 'only an unreachable step leads to won',
      yaml: doc(['a: { duration: 1, next: [{ to: lost }] }', 'b: { duration: 1, next: [{ to: won }] }']),
      errors: [{ line: 5, column: 8 }],
    },
  ],
});

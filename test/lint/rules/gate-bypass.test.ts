// gate-bypass: a path reaches an ask step whose `requires` is not met; reported at `requires`, naming what is missing.
import { BASE, processDoc, testRule } from '../rule-tester.js';

/** A small process: buyer roles owner (decision maker), legal and it; the given step lines from line 7. */
const doc = (...lines: string[]): string =>
  processDoc(lines, { roles: '{ seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true }, legal: Legal, it: IT } }' });

testRule('gate-bypass', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'roles met through parallel tracks, and a completed step',
      yaml: doc(
        'a: { duration: 1, with: [owner], next: [{ to: review }] }',
        'review: { parallel: { sec: { duration: 1, with: [it] }, law: { duration: 1, with: [legal] } }, next: [{ to: ask }] }',
        'ask: { ask: true, requires: { involved: [owner, legal, it], completed: [review] }, duration: 1, next: [{ to: won }] }',
      ),
    },
    {
      name: 'every branch involves legal',
      yaml: doc(
        'a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: c, p: 0.5 }] }',
        'b: { duration: 1, with: [legal], next: [{ to: ask }] }',
        'c: { duration: 1, with: [legal, it], next: [{ to: ask }] }',
        'ask: { ask: true, requires: { involved: [legal] }, duration: 1, next: [{ to: won }] }',
      ),
    },
    {
      name: 'a gate naming an unknown role (unknown-reference reports it)',
      yaml: doc('a: { duration: 1, next: [{ to: ask }] }', 'ask: { ask: true, requires: { involved: [cfo] }, duration: 1, next: [{ to: won }] }'),
    },
    {
      name: 'a gate on an internal step (deal desk approval): completed, with no buyer in it',
      yaml: doc(
        'a: { duration: 1, with: [owner, legal], next: [{ to: desk }] }',
        'desk: { kind: internal, duration: 1, next: [{ to: ask }] }',
        'ask: { ask: true, requires: { involved: [owner, legal], completed: [desk] }, duration: 1, next: [{ to: won }] }',
      ),
    },
  ],
  invalid: [
    {
      name: 'one path skips the legal review',
      yaml: doc(
        'a: { duration: 1, with: [owner], next: [{ to: legal-review, p: 0.7 }, { to: ask, p: 0.3 }] }',
        'legal-review: { duration: 1, with: [legal], next: [{ to: ask }] }',
        'ask:',
        '  ask: true',
        '  requires: { involved: [owner, legal] }',
        '  duration: 1',
        '  next: [{ to: won }]',
      ),
      errors: [{ line: 11, column: 5, message: 'a path a → ask reaches the ask without legal; involve legal on every path to "ask" or add a step that does' }],
    },
    {
      name: 'a path that skips the internal approval the gate requires',
      yaml: doc(
        'a: { duration: 1, with: [owner], next: [{ to: desk, p: 0.5 }, { to: ask, p: 0.5 }] }',
        'desk: { kind: internal, duration: 1, next: [{ to: ask }] }',
        'ask: { ask: true, requires: { completed: [desk] }, duration: 1, next: [{ to: won }] }',
      ),
      errors: [{ line: 9, column: 21, message: 'a path a → ask reaches the ask without step desk; pass through desk on every path to "ask" or add a step that does' }],
    },
    {
      name: 'a loop where only the second trip round meets the gate',
      yaml: doc(
        'a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: ask, p: 0.5 }] }',
        'b: { duration: 1, next: [{ to: a }] }',
        'ask: { ask: true, requires: { completed: [b] }, duration: 1, next: [{ to: won }] }',
      ),
      errors: [{ line: 9, column: 21, message: 'a path a → ask reaches the ask without step b; pass through b on every path to "ask" or add a step that does' }],
    },
    {
      name: 'an ask step at the start, and a second ask step missing roles and a step',
      yaml: doc(
        'a: { ask: true, requires: { involved: [owner] }, duration: 1, next: [{ to: b, p: 0.5 }, { to: won, p: 0.5 }] }',
        'b: { ask: true, requires: { involved: [legal, it], completed: [a, c] }, duration: 1, with: [legal], next: [{ to: c }] }',
        'c: { duration: 1, next: [{ to: b, p: 0.5 }, { to: lost, p: 0.5 }] }',
      ),
      errors: [
        { line: 7, column: 19, message: 'a path a reaches the ask without owner; involve owner on every path to "a" or add a step that does' },
        { line: 8, column: 19, message: 'a path a → b reaches the ask without legal, it and step c; involve legal, it and pass through c on every path to "b" or add a step that does' },
      ],
    },
  ],
});

// no-buyer: every step involves somebody on the buyer side, on the step itself or on one of its tracks.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string =>
  processDoc(lines, { roles: '{ seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true }, it: IT } }' });

testRule('no-buyer', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'a parallel step whose buyers are on one of its tracks',
      yaml: doc('a: { owner: ae, parallel: { x: { with: [it], duration: 1 }, y: { duration: 2 } }, next: [{ to: won }] }'),
    },
    {
      name: 'an internal step (deal desk) expects no buyer',
      yaml: doc('a: { with: [owner], duration: 1, next: [{ to: b }] }', 'b: { kind: internal, owner: ae, duration: 1, next: [{ to: won }] }'),
    },
    {
      name: 'an internal parallel step whose tracks name no buyer',
      yaml: doc('a: { with: [owner], duration: 1, next: [{ to: b }] }', 'b: { kind: internal, parallel: { x: { duration: 1 }, y: { duration: 2 } }, next: [{ to: won }] }'),
    },
  ],
  invalid: [
    {
      name: 'an internal step that names buyer roles: reported at its kind',
      yaml: doc('a: { with: [owner], duration: 1, next: [{ to: b }] }', 'b: { kind: internal, with: [it], parallel: { x: { with: [owner], duration: 1 }, y: { duration: 2 } }, next: [{ to: won }] }'),
      errors: [{ line: 8, column: 14, message: 'step "b" is `kind: internal` (our side only) but involves buyer roles it, owner; remove them from `with`, or give the step another kind' }],
    },
    {
      name: 'the base process with the `with` of call removed: reported at the step id',
      yaml: BASE.replace('    owner: ae\n    with: [owner]\n    duration: 1\n    next', '    owner: ae\n    duration: 1\n    next'),
      errors: [{ line: 10, column: 3, message: 'step "call" involves nobody on the buyer side; add `with` naming the buyer roles that take part, or mark it `kind: internal` if it runs on our side only' }],
    },
    {
      name: 'an empty with list counts as nobody',
      yaml: doc('a: { with: [owner], duration: 1, next: [{ to: b }] }', 'b: { with: [], duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 8, column: 3, message: /step "b" involves nobody/ }],
    },
    {
      name: 'a parallel step where no track involves the buyer',
      yaml: doc('a:', '  parallel:', '    x: { duration: 1 }', '    y: { with: [], duration: 2 }', '  next: [{ to: won }]'),
      errors: [{ line: 7, column: 3, message: /step "a" involves nobody/ }],
    },
  ],
});

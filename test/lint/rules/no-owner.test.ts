// no-owner: every step (and every track of a step without an owner) names the seller role that runs it.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string =>
  processDoc(lines, { roles: '{ seller: { ae: AE, se: SE }, buyer: { owner: { title: Owner, decisionMaker: true } } }' });

testRule('no-owner', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'tracks without an owner are run by the step owner',
      yaml: doc('a: { owner: ae, parallel: { x: { duration: 1 }, y: { owner: se, duration: 2 } }, next: [{ to: won }] }'),
    },
  ],
  invalid: [
    {
      name: 'the base process with the owner of call removed: reported at the step id',
      yaml: BASE.replace('    kind: demo\n    owner: ae\n', '    kind: demo\n'),
      errors: [{ line: 10, column: 3, message: 'step "call" has no owner; name the seller role that runs it (owner: ae)' }],
    },
    {
      name: 'a parallel step with no owner: the step and its track without an owner are reported',
      yaml: doc('a:', '  parallel:', '    x: { owner: se, duration: 1 }', '    y: { duration: 2 }', '  next: [{ to: won }]'),
      errors: [
        { line: 7, column: 3, message: /step "a" has no owner/ },
        { line: 10, column: 7, message: 'track "y" of "a" has no owner; name the seller role that runs it' },
      ],
    },
    {
      name: 'every step without an owner is reported',
      yaml: doc('a: { duration: 1, next: [{ to: b }] }', 'b: { owner: ae, duration: 1, next: [{ to: c }] }', 'c: { duration: 1, next: [{ to: won }] }'),
      errors: [
        { line: 7, column: 3, message: /"a"/ },
        { line: 9, column: 3, message: /"c"/ },
      ],
    },
  ],
});

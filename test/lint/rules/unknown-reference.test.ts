// unknown-reference: start, owner, with, to and requires must name a step, outcome or role that exists.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string =>
  processDoc(lines, {
    roles: '{ seller: { ae: AE, se: SE }, buyer: { owner: { title: Owner, decisionMaker: true }, it: IT } }',
    outcomes: '{ won: { result: won }, lost: { result: lost }, lost-to-competitor: { result: lost } }',
  });

testRule('unknown-reference', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'tracks, gates and a custom outcome that all exist',
      yaml: doc(
        'a: { owner: ae, parallel: { tech: { owner: se, with: [it], duration: 2 }, biz: { with: [owner], duration: 1 } }, next: [{ to: b }] }',
        'b: { ask: true, requires: { involved: [it, owner], completed: [a] }, duration: 1, next: [{ to: won, p: 0.5 }, { to: lost-to-competitor, p: 0.5 }] }',
      ),
    },
    { name: 'a step that only loops back to itself and to an outcome', yaml: doc('a: { duration: 1, next: [{ to: a, p: 0.5 }, { to: won, p: 0.5 }] }') },
  ],
  invalid: [
    {
      name: 'start names no step (an outcome is not a step)',
      yaml: BASE.replace('start: call', 'start: won'),
      errors: [{ line: 8, column: 8, message: 'start "won" is not a step; use one of: call, close' }],
    },
    {
      name: 'an owner that is a buyer role, not a seller role',
      yaml: BASE.replace('    owner: ae\n    with: [owner]\n    duration: 1\n    next', '    owner: owner\n    with: [owner]\n    duration: 1\n    next'),
      errors: [{ line: 13, column: 12, message: 'owner "owner" is not a seller role; define it under roles.seller or use one of: ae' }],
    },
    {
      name: 'a buyer role in `with` that is not defined: reported at the list item',
      yaml: BASE.replace('with: [owner]', 'with: [owner, cfo]'),
      errors: [{ line: 14, column: 19, message: '"cfo" is not a buyer role; define it under roles.buyer or use one of: owner' }],
    },
    {
      name: 'a transition to a misspelt outcome',
      yaml: BASE.replace('{ to: lost, p: 0.4', '{ to: lose, p: 0.4'),
      errors: [{ line: 18, column: 15, message: '"lose" is neither a step nor an outcome; did you mean "lost"?' }],
    },
    {
      name: 'near misses suggest the nearest id: start, owner, a buyer role, a gate step',
      yaml: doc(
        'a: { owner: aee, with: [ownr], duration: 1, next: [{ to: b }] }',
        'b: { ask: true, requires: { completed: [aa] }, duration: 1, next: [{ to: won }] }',
      ).replace('start: a', 'start: bb'),
      errors: [
        { line: 5, column: 8, message: 'start "bb" is not a step; did you mean "b"?' },
        { line: 7, column: 15, message: 'owner "aee" is not a seller role; did you mean "ae"?' },
        { line: 7, column: 27, message: '"ownr" is not a buyer role; did you mean "owner"?' },
        { line: 8, column: 43, message: '"aa" is not a step; did you mean "a"?' },
      ],
    },
    {
      name: 'no suggestion when nothing is near: `it` does not "mean" `ae`',
      yaml: doc('a: { owner: it, duration: 1, next: [{ to: won }], ask: true }'),
      errors: [{ line: 7, column: 15, message: 'owner "it" is not a seller role; define it under roles.seller or use one of: ae, se' }],
    },
    {
      name: 'a gate that requires a role and a step that do not exist',
      yaml: BASE.replace('requires: { involved: [owner] }', 'requires: { involved: [cfo], completed: [demo] }'),
      errors: [
        { line: 24, column: 28, message: '"cfo" is not a buyer role' },
        { line: 24, column: 46, message: '"demo" is not a step; the gate can only require steps of this process' },
      ],
    },
    {
      name: 'a track owned by an undefined seller role and involving an undefined buyer role',
      yaml: doc(
        'a:',
        '  owner: ae',
        '  parallel:',
        '    tech: { owner: se, with: [it], duration: 2 }',
        '    legal: { owner: counsel, with: [lawyers], duration: 5 }',
        '  ask: true',
        '  next: [{ to: won }]',
      ),
      errors: [
        { line: 11, column: 23, message: 'owner "counsel" is not a seller role' },
        { line: 11, column: 39, message: '"lawyers" is not a buyer role' },
      ],
    },
  ],
});

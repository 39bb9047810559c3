// decision-maker-absent: a path reaches an ask step with no earlier step involving a decision maker.
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, processDoc, testRule } from '../rule-tester.js';

const ROLES = '{ seller: { ae: AE }, buyer: { sponsor: { title: Sponsor, decisionMaker: true }, champion: Champion } }';

/** A small process: roles on line 4 (`buyer` at column 30), the given step lines from line 7. */
const doc = (lines: string[], roles = ROLES): string => processDoc(lines, { roles });

testRule('decision-maker-absent', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'the decision maker takes part in a parallel track before the ask',
      yaml: doc([
        'a: { parallel: { tech: { duration: 1, with: [champion] }, exec: { duration: 1, with: [sponsor] } }, next: [{ to: ask }] }',
        'ask: { ask: true, duration: 1, with: [sponsor], next: [{ to: won }] }',
      ]),
    },
    {
      name: 'every path meets the decision maker, one of them after looping',
      yaml: doc([
        'a: { duration: 1, with: [champion], next: [{ to: b }] }',
        'b: { duration: 1, with: [sponsor], next: [{ to: ask, p: 0.5 }, { to: a, p: 0.5 }] }',
        'ask: { ask: true, duration: 1, next: [{ to: won }] }',
      ]),
    },
    {
      name: 'an ask gated on the decision maker is gate-bypass’s finding, not reported twice',
      yaml: doc(['a: { duration: 1, with: [champion], next: [{ to: ask }] }', 'ask: { ask: true, requires: { involved: [sponsor] }, duration: 1, next: [{ to: won }] }']),
    },
    { name: 'no ask step (no-ask-step reports it)', yaml: doc(['a: { duration: 1, with: [champion], next: [{ to: won }] }']) },
    {
      name: 'an internal step (deal desk) between the decision maker and the ask: nobody is asked of it',
      yaml: doc([
        'a: { duration: 1, with: [sponsor], next: [{ to: desk }] }',
        'desk: { kind: internal, duration: 1, next: [{ to: ask }] }',
        'ask: { ask: true, duration: 1, with: [sponsor], next: [{ to: won }] }',
      ]),
    },
  ],
  invalid: [
    {
      name: 'no buyer role is a decision maker',
      yaml: doc(
        ['a: { duration: 1, with: [champion], next: [{ to: ask }] }', 'ask: { ask: true, duration: 1, next: [{ to: won }] }'],
        '{ seller: { ae: AE }, buyer: { champion: Champion } }',
      ),
      errors: [{ line: 4, column: 30, message: 'no buyer role is a decision maker; mark the person who signs with `decisionMaker: true` and involve them before the ask' }],
    },
    {
      name: 'an internal step does not stand in for meeting the decision maker',
      yaml: doc(['a: { duration: 1, with: [champion], next: [{ to: desk }] }', 'desk: { kind: internal, duration: 1, next: [{ to: ask }] }', 'ask: { ask: true, duration: 1, next: [{ to: won }] }']),
      errors: [{ line: 9, column: 3, message: 'a path a → desk → ask reaches the ask with no decision maker involved before it; involve sponsor in an earlier step on every path to "ask"' }],
    },
    {
      name: 'the decision maker only joins the ask itself',
      yaml: doc(['a: { duration: 1, with: [champion], next: [{ to: ask }] }', 'ask: { ask: true, duration: 1, with: [sponsor], next: [{ to: won }] }']),
      errors: [{ line: 8, column: 3, message: 'a path a → ask reaches the ask with no decision maker involved before it; involve sponsor in an earlier step on every path to "ask"' }],
    },
    {
      name: 'one path skips the executive meeting',
      yaml: doc([
        'a: { duration: 1, with: [champion], next: [{ to: exec, p: 0.5 }, { to: b, p: 0.5 }] }',
        'exec: { duration: 1, with: [sponsor], next: [{ to: ask }] }',
        'b: { duration: 1, with: [champion], next: [{ to: ask }] }',
        'ask: { ask: true, duration: 1, next: [{ to: won }] }',
      ]),
      errors: [{ line: 10, column: 3, message: /a path a → b → ask reaches the ask/ }],
    },
  ],
});

describe('decision-maker-absent and gate-bypass together', () => {
  it('a path missing the decision maker the gate requires is reported once, by gate-bypass', () => {
    const yaml = doc(['a: { duration: 1, with: [champion], next: [{ to: ask }] }', 'ask: { ask: true, requires: { involved: [sponsor] }, duration: 1, with: [sponsor], next: [{ to: won }] }']);
    const found = lint([{ file: 'test.yaml', contents: yaml }])[0]!.diagnostics.filter((d) => d.severity === 'error');
    expect(found.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([
      'gate-bypass: a path a → ask reaches the ask without sponsor; involve sponsor on every path to "ask" or add a step that does',
    ]);
  });
});

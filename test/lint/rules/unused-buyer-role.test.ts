// unused-buyer-role: a buyer role that no `with` or gate names (a warning; skipped while a buyer role is misspelt).
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, testRule } from '../rule-tester.js';

const withFinance = BASE.replace('    owner: { title: Owner, decisionMaker: true }', '    owner: { title: Owner, decisionMaker: true }\n    finance: Finance');

testRule('unused-buyer-role', {
  valid: [
    { name: 'the base process', yaml: BASE },
    { name: 'involved in a step', yaml: withFinance.replace('    with: [owner]\n    duration: 1\n    next', '    with: [owner, finance]\n    duration: 1\n    next') },
    { name: 'named only by a gate', yaml: withFinance.replace('requires: { involved: [owner] }', 'requires: { involved: [owner, finance] }') },
    {
      name: 'involved in a parallel track',
      yaml: withFinance.replace(
        '    with: [owner]\n    duration: 1\n    next',
        '    with: [owner]\n    parallel: { budget: { with: [finance], duration: 2 }, champion: { with: [owner], duration: 1 } }\n    next',
      ).replace('    duration: 1\n    next:\n      - { to: close', '    next:\n      - { to: close'),
    },
  ],
  invalid: [
    {
      name: 'a role nobody meets, at its key',
      yaml: withFinance,
      errors: [{ line: 8, column: 5, message: 'buyer role "finance" takes part in no step; add it to the `with` of the step where it is involved, or remove it' }],
    },
  ],
});

describe('unused-buyer-role with every rule', () => {
  it('a misspelt role in `with` reports the misspelling, not the role it meant as unused', () => {
    const yaml = withFinance.replace('    with: [owner]\n    duration: 1\n    next', '    with: [owner, financ]\n    duration: 1\n    next');
    expect(lint([{ file: 'test.yaml', contents: yaml }])[0]!.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([
      'unknown-reference: "financ" is not a buyer role; did you mean "finance"?',
    ]);
  });
});

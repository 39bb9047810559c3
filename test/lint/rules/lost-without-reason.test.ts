// lost-without-reason: a transition to a lost outcome must say why (a warning; `results` option).
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, testRule } from '../rule-tester.js';

testRule('lost-without-reason', {
  valid: [
    { name: 'the base process: every loss has a reason; won and the step transition need none', yaml: BASE },
  ],
  invalid: [
    {
      name: 'a loss without a reason, at the transition',
      yaml: BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, p: 0.4 }'),
      errors: [{ line: 18, column: 9, message: 'transition from "call" to lost outcome "lost" has no `reason`; say why deals end here (e.g. reason: no-budget)' }],
    },
    {
      name: 'a custom lost outcome, on two steps',
      yaml: BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: gone, p: 0.4 }')
        .replace('{ to: lost, p: 0.5, reason: no-decision }', '{ to: gone, p: 0.5 }')
        .replace('lost: { result: lost } }', 'lost: { result: lost }, gone: { result: lost } }'),
      errors: [
        { line: 18, column: 9, message: /to lost outcome "gone"/ },
        { line: 31, column: 9, message: /from "close" to lost outcome "gone"/ },
      ],
    },
  ],
});

describe('lost-without-reason options', () => {
  it('results: [] asks no transition for a reason', () => {
    const yaml = BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, p: 0.4 }');
    const run = (rules: Record<string, unknown>) =>
      lint([{ file: 'test.yaml', contents: yaml }], { file: undefined, rules: rules as never, ignore: [] })[0]!.diagnostics.map((d) => d.ruleId);
    expect(run({})).toEqual(['lost-without-reason']);
    expect(run({ 'lost-without-reason': { results: [] } })).toEqual([]);
    expect(run({ 'lost-without-reason': 'off' })).toEqual([]);
  });
});

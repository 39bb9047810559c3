// Schema validation: Ajv's errors folded so that each real problem gives one diagnostic at the right node.
import { describe, expect, it } from 'vitest';
import validateProcess from '../../src/model/generated/process-validator.js';
import { parseYaml } from '../../src/model/load.js';
import { describePath, pointerToPath, schemaDiagnostics } from '../../src/model/validate.js';
import { BASE } from '../lint/rule-tester.js';

/** Schema diagnostics of a variant of BASE, as `line:column message`. */
const problems = (yaml: string): string[] =>
  schemaDiagnostics(validateProcess, parseYaml('process.yaml', yaml)).map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`);

/** BASE with the duration of step `call` (line 15, value at column 15) replaced. */
const withCallDuration = (duration: string): string => BASE.replace('    duration: 1\n    next', `    duration: ${duration}\n    next`);

describe('anyOf folding', () => {
  it('a duration given as the string "abc" gives ONE diagnostic for the union', () => {
    expect(problems(withCallDuration('abc'))).toEqual([
      expect.stringMatching(/^schema 15:15 steps\.call\.duration is not a valid duration: Business days: a number/),
    ]);
  });

  it('a duration estimate with an unknown field `mn` reports the unknown field at `mn`, not the union', () => {
    const found = problems(withCallDuration('{ min: 1, likely: 2, max: 3, mn: 3 }'));
    expect(found).toEqual(['schema 15:44 unknown field "mn" in steps.call.duration; remove it or check its spelling']);
  });

  it('`mn` written instead of `min`: one finding that names the field it meant, not also the missing min', () => {
    expect(problems(withCallDuration('{ mn: 1, likely: 2, max: 3 }'))).toEqual([
      'schema 15:17 unknown field "mn" in steps.call.duration; did you mean "min"?',
    ]);
  });

  it('`strat` for `start` at the top level: one finding, no separate missing start', () => {
    expect(problems(BASE.replace('start: call', 'strat: call'))).toEqual(['schema 8:1 unknown field "strat" in the top level; did you mean "start"?']);
  });

  it('the same folding on a within (a $ref to the duration union)', () => {
    expect(problems(BASE.replace('within: 2', 'within: 3x'))).toEqual([expect.stringMatching(/^schema 17:38 steps\.call\.next\[0\]\.within is not a valid duration/)]);
    expect(problems(BASE.replace('within: 2', 'within: { min: 1, likely: 2, max: 3, avg: 2 }'))).toEqual([
      'schema 17:67 unknown field "avg" in steps.call.next[0].within; remove it or check its spelling',
    ]);
  });

  it('an inline union (a role): a wrong type gives the union, an object of the right type its own error', () => {
    expect(problems(BASE.replace('seller: { ae: Account executive }', 'seller: { ae: 5 }'))).toEqual([
      'schema 5:17 roles.seller.ae is not a valid role: A role: its title as a string, or `{ title, decisionMaker, description }`',
    ]);
    expect(problems(BASE.replace('seller: { ae: Account executive }', 'seller: { ae: { title: AE, decisionmaker: true } }'))).toEqual([
      'schema 5:30 unknown field "decisionmaker" in roles.seller.ae; did you mean "decisionMaker"?',
    ]);
  });

  it('folding one union leaves the other problems of the same step alone', () => {
    expect(problems(withCallDuration('abc').replace('    kind: demo\n', '    kind: demo\n    colour: red\n'))).toEqual([
      'schema 13:5 unknown field "colour" in steps.call; remove it or check its spelling',
      expect.stringMatching(/^schema 16:15 steps\.call\.duration is not a valid duration/),
    ]);
  });

  it('two broken durations give one diagnostic each', () => {
    const yaml = withCallDuration('abc').replace('    duration: 1\n    exitCriteria', '    duration: { min: 1, likely: 2, max: 3, mn: 3 }\n    exitCriteria');
    expect(problems(yaml)).toEqual([
      expect.stringMatching(/^schema 15:15 steps\.call\.duration is not a valid duration/),
      'schema 27:44 unknown field "mn" in steps.close.duration; remove it or check its spelling',
    ]);
  });
});

describe('paths', () => {
  it('pointerToPath decodes JSON pointers, with numbers for array indices', () => {
    expect(pointerToPath('')).toEqual([]);
    expect(pointerToPath('/steps/a~1b~0c/next/0/p')).toEqual(['steps', 'a/b~c', 'next', 0, 'p']);
    expect(pointerToPath('/steps/007')).toEqual(['steps', '007']);
  });

  it('describePath reads like the file', () => {
    expect(describePath(['steps', 'demo', 'next', 1, 'within'])).toBe('steps.demo.next[1].within');
  });
});

describe('size limits (schema maxProperties / maxItems)', () => {
  /** BASE with `count` more one-line steps `extra-1…`, all leading to `call`, so the file stays well-formed. */
  const withExtraSteps = (count: number): string =>
    BASE.replace(
      '\nsteps:\n',
      `\nsteps:\n${Array.from({ length: count }, (_, i) => `  extra-${i + 1}: { owner: ae, duration: 1, next: [{ to: call }] }\n`).join('')}`,
    );

  it('10,000 steps are accepted; one more is one diagnostic on `steps` that says the limit and what to do', () => {
    const baseSteps = 2; // BASE has `call` and `close`
    expect(problems(withExtraSteps(10_000 - baseSteps))).toEqual([]);
    expect(problems(withExtraSteps(10_001 - baseSteps))).toEqual([
      expect.stringMatching(/^schema \d+:\d+ steps has 10,001 entries, over spx's limit of 10,000; split the process into smaller ones$/),
    ]);
  });

  it('a step with 101 transitions, and a parallel step with 101 tracks, are over the limit of 100', () => {
    expect(problems(BASE.replace('      - { to: close, p: 0.6, within: 2 }', `      ${Array(100).fill('- { to: won, p: 0.006 }').join('\n      ')}`))).toEqual([
      expect.stringMatching(/^schema \d+:\d+ steps\.call\.next has 101 entries, over spx's limit of 100; split/),
    ]);
    const tracks = Array.from({ length: 101 }, (_, i) => `      t-${i}: { duration: 1 }`).join('\n');
    expect(problems(BASE.replace('    duration: 1\n    next', `    parallel:\n${tracks}\n    next`))).toEqual([
      expect.stringMatching(/^schema \d+:\d+ steps\.call\.parallel has 101 entries, over spx's limit of 100; split/),
    ]);
  });
});

describe('duplicate items', () => {
  it('name the repeated value at its second place, not Ajv\'s "items ## 1 and 0 are identical"', () => {
    const yaml = BASE.replace('    with: [owner]\n    duration: 1\n', '    with: [owner, owner]\n    duration: 1\n');
    expect(yaml).not.toBe(BASE);
    expect(problems(yaml)).toEqual(['schema 14:19 steps.call.with lists owner twice; remove one']);
  });
});

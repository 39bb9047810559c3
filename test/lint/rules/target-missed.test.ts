// target-missed: the exact model against the process's targets (BASE: win rate 0.3, E[cycle | won] = 4 days).
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, testRule } from '../rule-tester.js';

/** BASE with a `targets` line after metadata (line 4): `targets: { cycleDays: X, winRate: Y }`. */
const withTargets = (targets: string) => BASE.replace(/^(metadata: .*\n)/m, `$1targets: ${targets}\n`);

testRule('target-missed', {
  valid: [
    { name: 'no targets', yaml: BASE },
    { name: 'both targets met exactly (4 days, 30%)', yaml: withTargets('{ cycleDays: 4, winRate: 0.3 }') },
    { name: 'targets with room to spare', yaml: withTargets('{ cycleDays: 20, winRate: 0.1 }') },
    {
      name: 'a win-rate target met by the qualified opportunities (50%) though not by every deal (30%)',
      yaml: withTargets('{ winRate: 0.45 }').replace('- { to: lost, p: 0.4, reason: no-fit }', '- { to: not-a-fit, p: 0.4, reason: no-fit }').replace(/^outcomes:.*$/m, (line) => `${line.replace(/\s*\}\s*$/, '')}, not-a-fit: { result: disqualified } }`),
    },
  ],
  invalid: [
    {
      // 0.4 of deals are disqualified (not opportunities): the target compares with 0.3 / 0.6 = 50%, not 30%.
      name: 'with disqualified outcomes the target is the win rate of qualified opportunities',
      yaml: withTargets('{ winRate: 0.55 }').replace('- { to: lost, p: 0.4, reason: no-fit }', '- { to: not-a-fit, p: 0.4, reason: no-fit }').replace(/^outcomes:.*$/m, (line) => `${line.replace(/\s*\}\s*$/, '')}, not-a-fit: { result: disqualified } }`),
      errors: [{ line: 4, column: 21, message: 'expected win rate of qualified opportunities (deals not disqualified) is 50%, under the target of 55%;' }],
    },
    {
      name: 'both targets missed',
      yaml: withTargets('{ cycleDays: 3, winRate: 0.4 }'),
      errors: [
        { line: 4, column: 23, message: 'expected cycle of won deals is 4 business days, over the target of 3; shorten steps or raise the target' },
        { line: 4, column: 35, message: 'expected win rate is 30%, under the target of 40%; improve the odds of the steps or lower the target' },
      ],
    },
    {
      name: 'a near miss prints enough decimals to tell the numbers apart',
      yaml: withTargets('{ cycleDays: 3.99 }'),
      errors: [{ line: 4, column: 23, message: 'is 4 business days, over the target of 3.99;' }],
    },
    {
      name: 'block style, loops included in the exact cycle',
      yaml: BASE.replace(/^(metadata: .*\n)/m, '$1targets:\n  winRate: 0.25\n  cycleDays: 5\n').replace(
        '- { to: close, p: 0.6, within: 2 }',
        '- { to: close, p: 0.3, within: 2 }\n      - { to: call, p: 0.3, within: 2 }',
      ),
      // From call: w = 0.3·0.5 + 0.3·w ⇒ w = 0.15/0.7 ≈ 0.214; each loop costs 3 days, so E[cycle | won] = 4 + 3·0.3/0.7 ≈ 5.29.
      errors: [
        { line: 5, column: 12, message: 'expected win rate is 21.4%, under the target of 25%;' },
        { line: 6, column: 14, message: 'expected cycle of won deals is 5.3 business days, over the target of 5;' },
      ],
    },
  ],
});

/**
 * BASE with `call` a parallel step of two PERT(0, 1, 10) tracks: E[max] ≈ 3.2 (the closed-form bound the rule tries
 * first gives ≈ 3.46), so E[cycle | won] ≈ 6.2 days exactly and at most ≈ 6.46 by the bound.
 */
const withParallelCall = (cycleDays: number) =>
  withTargets(`{ cycleDays: ${cycleDays} }`).replace(
    '    duration: 1\n    next:\n      - { to: close',
    '    parallel:\n      a: { owner: ae, duration: { min: 0, likely: 1, max: 10 } }\n      b: { owner: ae, duration: { min: 0, likely: 1, max: 10 } }\n    next:\n      - { to: close',
  );

describe('target-missed with parallel steps', () => {
  const run = (cycleDays: number) =>
    lint([{ file: 'test.yaml', contents: withParallelCall(cycleDays) }], { file: undefined, rules: {}, ignore: [] })
      .flatMap((r) => r.diagnostics)
      .filter((d) => d.ruleId === 'target-missed' || d.severity === 'error')
      .map((d) => d.message);

  it('a target above the bound is met without the exact E[max]; one between the exact cycle and the bound is met by the exact one', () => {
    expect(run(20)).toEqual([]);
    expect(run(6.3)).toEqual([]);
  });
  it('a missed target reports the exact cycle', () => {
    expect(run(6)).toEqual(['expected cycle of won deals is 6.2 business days, over the target of 6; shorten steps or raise the target']);
  });
});

describe('target-missed tolerance', () => {
  const run = (tolerance: number, targets: string) =>
    lint([{ file: 'test.yaml', contents: withTargets(targets) }], { file: undefined, rules: { 'target-missed': { tolerance } }, ignore: [] })
      .flatMap((r) => r.diagnostics)
      .filter((d) => d.ruleId === 'target-missed');

  it('allows the relative slack it is given', () => {
    expect(run(0.05, '{ cycleDays: 3.9, winRate: 0.31 }')).toEqual([]);
  });
  it('still reports misses beyond the slack, and says the slack', () => {
    expect(run(0.05, '{ cycleDays: 3.5, winRate: 0.35 }').map((d) => d.message)).toEqual([
      'expected cycle of won deals is 4 business days, over the target of 3.5 (tolerance 5%); shorten steps or raise the target',
      'expected win rate is 30%, under the target of 35% (tolerance 5%); improve the odds of the steps or lower the target',
    ]);
  });
});

// amountOrProblem / parseAmountOption: numbers as people type them (6k, 6,000, $6,000), ambiguous forms refused.
import { describe, expect, it } from 'vitest';
import { amountOrProblem, parseAmountOption, type AmountRule } from '../../src/cli/number-option.js';
import { SpxError } from '../../src/model/errors.js';

const money: AmountRule = { integer: false, min: 0, example: '20000', money: true };
const days: AmountRule = { integer: false, min: 0.5, max: 1e15, example: '60' };

const value = (raw: string, rule: AmountRule = money) => {
  const parsed = amountOrProblem(raw, rule);
  if (!('value' in parsed)) throw new Error(`expected a value for "${raw}", got: ${parsed.problem}`);
  return parsed.value;
};
const problem = (raw: string, rule: AmountRule = money) => {
  const parsed = amountOrProblem(raw, rule);
  if (!('problem' in parsed)) throw new Error(`expected a problem for "${raw}", got ${parsed.value}`);
  return parsed.problem;
};

describe('amounts', () => {
  it('take plain digits, thousands grouped by commas or spaces, a currency sign and k / m', () => {
    expect(value('6000')).toBe(6000);
    expect(value(' 6000 ')).toBe(6000);
    expect(value('12.5')).toBe(12.5);
    expect(value('6,000')).toBe(6000);
    expect(value('6 000')).toBe(6000);
    expect(value('6\u00a0000')).toBe(6000);
    expect(value('1,234,567.5')).toBe(1234567.5);
    expect(value('6k')).toBe(6000);
    expect(value('6K')).toBe(6000);
    expect(value('1.5m')).toBe(1_500_000);
    expect(value('1.1k')).toBe(1100);
    expect(value('$6,000')).toBe(6000);
    expect(value('€120k')).toBe(120_000);
    expect(value('£ 6 000')).toBe(6000);
  });

  it('refuse a comma group that is not three digits, a lone thousands point, and mixed separators', () => {
    expect(problem('6,00')).toBe('"6,00": a comma or space separates thousands, so every group after the first needs three digits; write 600, 6,000 or 6.5 (a point for a fraction)');
    expect(problem("1,5m")).toMatch(/^"1,5m": a comma or space separates thousands/);
    expect(problem('6,000 000')).toMatch(/every group after the first needs three digits/);
    expect(problem('6000,000')).toMatch(/every group after the first needs three digits/);
    expect(problem('6.000')).toBe('"6.000" is ambiguous: write 6000 (or 6,000) for thousands, or drop the trailing zeros for a fraction');
    expect(value('6.000k')).toBe(6000);
  });

  it('refuse signs, notation and words, naming the forms that work', () => {
    for (const raw of ['-5', '+5', '1e3', '0x10', '1_000', 'lots', '', '6kk', 'k', '$']) {
      expect(problem(raw)).toBe(`"${raw}" is not a number; write digits, e.g. 6000, 6,000, 6 000, 6k, 1.5m or $6,000`);
    }
  });

  it('take k, m and currency only for money', () => {
    expect(value('1,200', days)).toBe(1200);
    expect(problem('6k', days)).toBe('"6k" is not a number; write digits, e.g. 60, 7.5 or 1,200');
    expect(problem('$6', days)).toMatch(/is not a number/);
  });

  it('keep to the range and to whole numbers when asked', () => {
    expect(problem('0.25', days)).toBe('"0.25" is out of range; give a number from 0.5 to 1,000,000,000,000,000, e.g. 60');
    expect(problem('2.5', { integer: true, min: 1, example: '3' })).toBe('"2.5" is not a whole number');
    expect(value('1.5k', { integer: true, min: 1, example: '3', money: true })).toBe(1500);
  });

  it('as an option, a problem is a usage error naming the flag', () => {
    expect(parseAmountOption('--deal-size', '6k', money)).toBe(6000);
    try {
      parseAmountOption('--deal-size', '6,00', money);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(SpxError);
      expect((error as SpxError).code).toBe('E_USAGE');
      expect((error as SpxError).message).toMatch(/^--deal-size: "6,00": a comma or space separates thousands/);
    }
  });
});

// Signed effects in text: a tiny effect keeps its first significant digit instead of printing "−0.0".
import { describe, expect, it } from 'vitest';
import { signedNumber } from '../../src/analysis/levers.js';
import { spxIn } from '../cli/in-process.js';

describe('signedNumber', () => {
  it('rounds to the digits asked, with a real minus sign', () => {
    expect(signedNumber(1.84)).toBe('+1.8');
    expect(signedNumber(-5)).toBe('−5.0');
    expect(signedNumber(-5, 2)).toBe('−5.00');
  });

  it('shows a non-zero effect that rounds to zero with its first significant digit, never ±0.0', () => {
    expect(signedNumber(-0.0312)).toBe('−0.03');
    expect(signedNumber(0.000449)).toBe('+0.0004');
    expect(signedNumber(-1e-9)).toBe('−<0.000001');
    expect(signedNumber(0)).toBe('+0.0');
  });

  it('spx sensitivity ranks the commercial reviews track of enterprise without "−0.0 days"', async () => {
    const run = await spxIn(['sensitivity', 'processes/enterprise.yaml', '--top', '100']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cut commercial in reviews by 5 days: cycle −0\.0\d+ days/);
    expect(run.stdout).not.toMatch(/[−+]0\.0 (days|points)/);
  });
});

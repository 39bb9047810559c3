// Steps of `kind: internal` (deal desk, registration, approvals): spx next and spx path say no buyer is expected.
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';

const DEAL_DESK = 'test/fixtures/internal/deal-desk.yaml';

describe('kind: internal', () => {
  it('lints clean: no-buyer asks no buyer of the deal desk', async () => {
    const run = await spxIn(['lint', DEAL_DESK]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('spx next says no buyer is expected and whom to book it with', async () => {
    const run = await spxIn(['next', DEAL_DESK, '--at', 'demo', '--date', '2026-06-01']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        '  next step: Deal desk approval (deal-desk)',
        '    hold it by 2026-06-02 (within 1.0 business days of 2026-06-01)',
        '    our side: desk',
        '    buyer side: none expected (an internal step: our side only)',
        '    book it with the team that runs it now: an internal step without a date holds the deal up',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain('leaves the deal with the prospect');
    expect(run.stdout).toMatch(/│ 1 │ Deal desk approval \(deal-desk\) │ desk +│ \(internal\) │/);
  });

  it('marks internal steps in the JSON of spx next and spx path', async () => {
    const next = JSON.parse((await spxIn(['next', DEAL_DESK, '--at', 'demo', '--date', '2026-06-01', '--json'])).stdout);
    expect(next.next).toMatchObject({ id: 'deal-desk', buyers: [], internal: true });
    expect(next.remainingPath.steps.map((s: { internal: boolean }) => s.internal)).toEqual([true, false]);
    const [path] = JSON.parse((await spxIn(['path', DEAL_DESK, '--json'])).stdout);
    expect(path.minimalPath.steps.map((s: { id: string; internal: boolean }) => `${s.id}:${s.internal}`)).toEqual([
      'discovery:false',
      'demo:false',
      'deal-desk:true',
      'closing:false',
    ]);
  });

  it('a buyer-facing next step keeps the advice to book it in the meeting', async () => {
    const run = await spxIn(['next', DEAL_DESK, '--at', 'discovery', '--date', '2026-06-01']);
    expect(run.stdout).toContain('    buyer side: owner\n    book it before this meeting ends');
  });
});

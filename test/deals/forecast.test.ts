// The forecast on a generated pipeline: totals equal the exact win probabilities, months add up, currencies apart, seeded bands.
import { describe, expect, it } from 'vitest';
import { observedView } from '../../src/analysis/observed.js';
import { addBusinessTime } from '../../src/deals/business-time.js';
import { forecastDeals } from '../../src/deals/forecast.js';
import { observedMapping } from '../../src/model/crm.js';
import { AS_OF, pipeline, SMB } from './pipeline.js';

describe('forecastDeals', () => {
  const planted = pipeline();
  const report = forecastDeals({ processes: [SMB], deals: planted.deals, asOf: AS_OF, months: 3, seed: 5, runsPerDeal: 400 });
  const view = observedView(SMB, observedMapping(SMB).groupOfStep);

  it('per deal: the exact win probability of its stage and the expected close date', () => {
    expect(report.deals.length).toBeGreaterThan(100);
    for (const deal of report.deals) {
      const group = view.groups.get(deal.stage)!;
      expect(deal.winProbability).toBe(group.winProbability);
      expect(deal.expectedCloseAt).toBe(addBusinessTime(AS_OF, group.expectedTimeToOutcome, SMB.calendar));
    }
  });

  it('totals are the sums of the per-deal exact win probabilities (and × amount), per currency; the months add up to them', () => {
    expect(report.months).toEqual(['2026-03', '2026-04', '2026-05', 'later']);
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    for (const total of report.totals) {
      const mine = report.deals.filter((d) => d.currency === total.currency);
      expect(total.deals).toBe(mine.length);
      expect(total.expectedWins).toBe(mine.reduce((sum, d) => sum + d.winProbability, 0));
      expect(total.expectedBookings).toBe(mine.reduce((sum, d) => sum + d.amount! * d.winProbability, 0));
      const rows = report.rows.filter((r) => r.currency === total.currency);
      expect(rows.map((r) => r.month)).toEqual(report.months);
      expect(rows.reduce((sum, r) => sum + r.expectedWins, 0)).toBeCloseTo(total.expectedWins, 9);
      expect(rows.reduce((sum, r) => sum + r.expectedBookings, 0)).toBeCloseTo(total.expectedBookings, 6);
      // The simulated median of the total wins lies near the exact expectation.
      const sd = Math.sqrt(mine.reduce((sum, d) => sum + d.winProbability * (1 - d.winProbability), 0));
      expect(Math.abs(total.wins.p50 - total.expectedWins)).toBeLessThanOrEqual(3 * sd + 1);
      for (const b of [total.wins, total.bookings, ...rows.flatMap((r) => [r.wins, r.bookings])]) {
        expect(b.p10).toBeLessThanOrEqual(b.p50);
        expect(b.p50).toBeLessThanOrEqual(b.p90);
      }
    }
  });

  it('the same seed gives the same report; another seed other bands, the same expectations', () => {
    const again = forecastDeals({ processes: [SMB], deals: planted.deals, asOf: AS_OF, months: 3, seed: 5, runsPerDeal: 400 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    const other = forecastDeals({ processes: [SMB], deals: planted.deals, asOf: AS_OF, months: 3, seed: 6, runsPerDeal: 400 });
    expect(other.totals.map((t) => t.expectedWins)).toEqual(report.totals.map((t) => t.expectedWins));
    expect(JSON.stringify(other.rows)).not.toBe(JSON.stringify(report.rows));
  });

  it('a deal without an amount counts in wins, not bookings; a deal without a currency has its own rows; unmapped stages are skipped', () => {
    const src = { file: 'x.csv' };
    const deals = [
      { id: 'A', pipeline: undefined, events: [{ stage: 'contractsent', at: AS_OF - 86_400_000, source: src }], amount: 100, source: src },
      { id: 'B', pipeline: undefined, events: [{ stage: 'contractsent', at: AS_OF - 86_400_000, source: src }], currency: 'EUR', source: src },
      { id: 'C', pipeline: undefined, events: [{ stage: 'negotiation', at: AS_OF - 86_400_000, source: src }], currency: 'EUR', amount: 5, source: src },
    ];
    const small = forecastDeals({ processes: [SMB], deals, asOf: AS_OF, months: 1, runsPerDeal: 50 });
    const w = view.groups.get('contractsent')!.winProbability;
    expect(small.totals).toMatchObject([
      { currency: 'EUR', expectedWins: w, expectedBookings: 0, deals: 1, withoutAmount: 1 },
      { currency: undefined, expectedWins: w, expectedBookings: 100 * w, deals: 1, withoutAmount: 0 },
    ]);
    expect(small.skipped).toEqual([{ id: 'C', stage: 'negotiation', reason: 'stage "negotiation" is not mapped by smb (crm.stages)' }]);
  });
});

describe('forecastDeals: a deal’s futures depend on the seed and its id only', () => {
  it('dropping other deals leaves a deal’s bands unchanged', () => {
    const planted = pipeline();
    const one = planted.deals.filter((d) => d.id === 'STALL');
    const alone = forecastDeals({ processes: [SMB], deals: one, asOf: AS_OF, months: 2, seed: 9, runsPerDeal: 200 });
    const reversed = forecastDeals({ processes: [SMB], deals: [...one, ...planted.deals.slice(0, 50).filter((d) => d.currency === 'USD')], asOf: AS_OF, months: 2, seed: 9, runsPerDeal: 200 });
    expect(reversed.rows.filter((r) => r.currency === 'EUR')).toEqual(alone.rows);
  });
});

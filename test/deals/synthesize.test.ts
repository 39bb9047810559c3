// Synthetic deal histories: deterministic, cut at --as-of, and statistically true to the process they come from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedWithin, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { businessTimeBetween } from '../../src/deals/business-time.js';
import { synthesizeDeals } from '../../src/deals/synthesize.js';
import { dealVisits, type ResolvedStage } from '../../src/deals/visits.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const smb = loadProcess('processes/smb.yaml', readFileSync(join(ROOT, 'processes/smb.yaml'))).process!;
const start = Date.parse('2026-01-05T09:00:00Z');

/** One step per stage: the stage is the step id, an outcome is its id. */
const identity = (process: Process) => (stage: string): ResolvedStage =>
  process.steps.has(stage) ? { kind: 'group', group: { id: stage, steps: [stage] } } : process.outcomes.has(stage) ? { kind: 'outcome', outcome: stage } : undefined;

describe('synthesizeDeals', () => {
  it('is a pure function of its inputs', () => {
    const a = synthesizeDeals(smb, { deals: 200, seed: 7, start });
    expect(synthesizeDeals(smb, { deals: 200, seed: 7, start })).toEqual(a);
    expect(synthesizeDeals(smb, { deals: 200, seed: 8, start })).not.toEqual(a);
    expect(a.map((d) => d.id).slice(0, 2)).toEqual(['D001', 'D002']);
  });

  it('records each step entered and the outcome, in time order, at business-day offsets from the deal start', () => {
    const deals = synthesizeDeals(smb, { deals: 50, seed: 1, start, spacingDays: 1 });
    for (const deal of deals) {
      expect(deal.events[0]!.stage).toBe('discovery');
      const last = deal.events.at(-1)!.stage;
      expect(['won', 'lost']).toContain(last);
      for (let i = 1; i < deal.events.length; i++) expect(deal.events[i]!.at).toBeGreaterThanOrEqual(deal.events[i - 1]!.at);
    }
    // Deal i starts i business days after the first (a Monday 09:00 UTC): deal 6 starts the next Monday.
    expect(new Date(deals[5]!.events[0]!.at).toISOString()).toBe('2026-01-12T09:00:00.000Z');
    // The events CSV line numbers run across deals.
    expect(deals[1]!.events[0]!.source.line).toBe(2 + deals[0]!.events.length);
  });

  it('leaves silent steps out and renames stages', () => {
    const deals = synthesizeDeals(smb, { deals: 30, seed: 2, start, stageOf: (id) => (id === 'demo' ? undefined : `stage-${id}`), outcomeStageOf: (id) => `closed${id}` });
    const stages = new Set(deals.flatMap((d) => d.events.map((e) => e.stage)));
    expect([...stages].sort()).toEqual(['closedlost', 'closedwon', 'stage-closing-call', 'stage-discovery', 'stage-trial']);
  });

  it('stops at --as-of: later events are not generated and those deals stay open', () => {
    const asOf = Date.parse('2026-02-02T00:00:00Z');
    const deals = synthesizeDeals(smb, { deals: 400, seed: 3, start, asOf });
    expect(deals.every((d) => d.events.every((e) => e.at < asOf))).toBe(true);
    const open = deals.filter((d) => !['won', 'lost'].includes(d.events.at(-1)!.stage));
    expect(open.length).toBeGreaterThan(0);
    expect(deals.length).toBeLessThan(400); // deals starting after --as-of have no event yet
  });

  it('counts time in the calendar’s time zone: observed business days equal the sampled ones in any zone', () => {
    const berlin: Process = { ...smb, calendar: { ...smb.calendar, timeZone: 'Europe/Berlin' } };
    const deals = synthesizeDeals(berlin, { deals: 300, seed: 4, start, spacingDays: 0.37 });
    const utcDeals = synthesizeDeals(smb, { deals: 300, seed: 4, start, spacingDays: 0.37 });
    // The same draws: the business time between consecutive events is the same in both calendars (to the ms rounding).
    for (let d = 0; d < deals.length; d++) {
      const e = deals[d]!.events;
      const u = utcDeals[d]!.events;
      expect(e.map((x) => x.stage)).toEqual(u.map((x) => x.stage));
      for (let i = 1; i < e.length; i++) {
        expect(businessTimeBetween(e[i - 1]!.at, e[i]!.at, berlin.calendar)).toBeCloseTo(businessTimeBetween(u[i - 1]!.at, u[i]!.at, smb.calendar), 6);
      }
    }
  });

  it('reproduces P(i→j) and h + ΣP·g within 4 standard errors over 20,000 deals of smb.yaml', () => {
    const deals = synthesizeDeals(smb, { deals: 20_000, seed: 20_000, start });
    const { visits } = dealVisits({ deals, resolveStage: identity(smb), calendar: smb.calendar, asOf: Infinity, outcomes: smb.outcomes });
    for (const step of smb.steps.values()) {
      const completed = visits.filter((v) => v.group === step.id && v.next !== undefined);
      const n = completed.length;
      expect(n).toBeGreaterThan(1000);
      for (const t of step.next) {
        const k = completed.filter((v) => v.next!.id === t.to).length;
        expect(Math.abs(k / n - t.p)).toBeLessThan(4 * Math.sqrt((t.p * (1 - t.p)) / n));
      }
      const predicted = stepExpectedDuration(step) + step.next.reduce((sum, t) => sum + t.p * expectedWithin(t.within), 0);
      const times = completed.map((v) => v.businessDays);
      const mean = times.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(times.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
      expect(Math.abs(mean - predicted)).toBeLessThan((4 * sd) / Math.sqrt(n));
    }
  });
});

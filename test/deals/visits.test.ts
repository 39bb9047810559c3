// Visits: consecutive events of one group are one visit; outcomes close deals; unmapped stages and events after --as-of are counted.
import { describe, expect, it } from 'vitest';
import { dealVisits, type ResolvedStage } from '../../src/deals/visits.js';
import type { Deal } from '../../src/deals/types.js';
import type { Calendar } from '../../src/model/types.js';

const calendar: Calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [], timeZone: 'UTC' };
const at = (iso: string): number => Date.parse(iso);
const groups: Record<string, ResolvedStage> = {
  s1: { kind: 'group', group: { id: 'g1', steps: ['a'] } },
  'Stage One': { kind: 'group', group: { id: 'g1', steps: ['a'] } },
  s2: { kind: 'group', group: { id: 'g2', steps: ['b', 'c'] } },
  closedwon: { kind: 'outcome', outcome: 'won' },
  closedlost: { kind: 'outcome', outcome: { id: 'lost' } },
};
const resolveStage = (stage: string): ResolvedStage => groups[stage];
const outcomes = new Map([
  ['won', { result: 'won' as const }],
  ['lost', { result: 'lost' as const }],
]);
const deal = (id: string, events: [string, string][]): Deal => ({
  id,
  pipeline: undefined,
  events: events.map(([stage, iso], i) => ({ stage, at: at(iso), source: { file: 'deals.csv', line: i + 2 } })),
  source: { file: 'deals.csv', line: 2 },
});
const asOf = at('2026-03-09T00:00Z'); // a Monday

describe('dealVisits', () => {
  const result = dealVisits({
    calendar,
    asOf,
    outcomes,
    resolveStage,
    deals: [
      deal('A', [
        ['s1', '2026-03-02T00:00Z'],
        ['Stage One', '2026-03-03T00:00Z'], // same group: the same visit
        ['s2', '2026-03-04T00:00Z'],
        ['closedwon', '2026-03-06T12:00Z'],
      ]),
      deal('B', [
        ['s1', '2026-03-02T00:00Z'],
        ['junk', '2026-03-03T00:00Z'],
        ['s2', '2026-03-05T00:00Z'],
      ]),
      deal('C', [['s1', '2026-03-09T00:00Z']]), // at --as-of: ignored
      deal('D', [
        ['s1', '2026-03-02T00:00Z'],
        ['closedlost', '2026-03-03T00:00Z'],
        ['s2', '2026-03-04T00:00Z'], // reopened
        ['s2', '2026-03-10T00:00Z'], // after --as-of
      ]),
      deal('E', [
        ['s2', '2026-03-04T00:00Z'],
        ['s1', '2026-03-03T00:00Z'], // out of order: sorted by time
      ]),
      deal('F', [
        ['s1', '2026-03-02T00:00Z'],
        ['closedwon', '2026-03-03T00:00Z'],
        ['junk', '2026-03-04T00:00Z'], // the last event is not an outcome: open
        ['junk', '2026-03-05T00:00Z'],
      ]),
    ],
  });

  it('collapses same-group events, closes visits at the next group or outcome, censors open ones at --as-of', () => {
    const summary = result.visits.map((v) => [v.dealId, v.group, new Date(v.enteredAt).toISOString().slice(0, 13), v.leftAt === undefined ? null : new Date(v.leftAt).toISOString().slice(0, 13), v.next ?? null, v.businessDays]);
    expect(summary).toEqual([
      ['A', 'g1', '2026-03-02T00', '2026-03-04T00', { kind: 'group', id: 'g2' }, 2],
      ['A', 'g2', '2026-03-04T00', '2026-03-06T12', { kind: 'outcome', id: 'won' }, 2.5],
      ['B', 'g1', '2026-03-02T00', '2026-03-05T00', { kind: 'group', id: 'g2' }, 3], // the unmapped event is skipped
      ['B', 'g2', '2026-03-05T00', null, null, 2], // open: Thu + Fri until Monday --as-of
      ['D', 'g1', '2026-03-02T00', '2026-03-03T00', { kind: 'outcome', id: 'lost' }, 1],
      ['D', 'g2', '2026-03-04T00', null, null, 3],
      ['E', 'g1', '2026-03-03T00', '2026-03-04T00', { kind: 'group', id: 'g2' }, 1],
      ['E', 'g2', '2026-03-04T00', null, null, 3],
      ['F', 'g1', '2026-03-02T00', '2026-03-03T00', { kind: 'outcome', id: 'won' }, 1],
    ]);
    expect(result.visits[0]!.source).toEqual({ file: 'deals.csv', line: 2 });
  });

  it('gives each deal its outcome, start and cycle', () => {
    expect(result.deals.map((d) => [d.id, d.outcome, d.result, d.cycleDays, d.currentGroup])).toEqual([
      ['A', 'won', 'won', 4.5, undefined],
      ['B', undefined, undefined, undefined, 'g2'],
      ['D', undefined, undefined, undefined, 'g2'],
      ['E', undefined, undefined, undefined, 'g2'],
      ['F', undefined, undefined, undefined, undefined],
    ]);
    expect(result.deals[0]!.startedAt).toBe(at('2026-03-02T00:00Z'));
    expect(result.deals[0]!.closedAt).toBe(at('2026-03-06T12:00Z'));
  });

  it('counts unmapped stages per deal, events after --as-of and deals with nothing to compare', () => {
    expect(result.unmapped).toEqual([{ stage: 'junk', events: 3, deals: 2 }]);
    expect(result.eventsAfterAsOf).toBe(2);
    expect(result.ignoredDeals).toBe(1);
  });

  it('ignores a deal whose every event is unmapped', () => {
    const r = dealVisits({ calendar, asOf, outcomes, resolveStage, deals: [deal('X', [['junk', '2026-03-02T00:00Z']])] });
    expect(r.deals).toEqual([]);
    expect(r.ignoredDeals).toBe(1);
    expect(r.unmapped).toEqual([{ stage: 'junk', events: 1, deals: 1 }]);
  });
});
